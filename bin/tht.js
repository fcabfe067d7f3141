#!/usr/bin/env node
import { loadCli, setShortRunFlags } from '../dist/cli/start.js';

// Before any of tht's code is compiled (see dist/cli/start.js).
setShortRunFlags();
// The CLI as one script, with the code cache `npm run build` made for it.
const { main } = loadCli();

// `tht ... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv);
