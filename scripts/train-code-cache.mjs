#!/usr/bin/env node
/**
 * The training run behind the CLI's code cache (run by build-cli.mjs, with
 * its output thrown away): compile dist/cli/tht.cjs as bin/tht.js does, run
 * the commands users run most on the bundled templates, so that V8 compiles
 * the functions they call, then write what V8 compiled as the cache that
 * bin/tht.js hands back to it. Written whole or not at all.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_CODE_CACHE, loadCli, setShortRunFlags } from '../dist/cli/start.js';

setShortRunFlags();
const cli = loadCli({ codeCache: false });
const scratch = mkdtempSync(join(tmpdir(), 'tht-training-'));
const commands = [
  ['render', '-o', join(scratch, 'rendered'), '-q'],
  ['schema'],
  ['schema', '-f', 'json-schema'],
  ['validate', '-e', 'environments/enable-designate.yaml'],
  ['lint', '-f', 'json'],
  ['preview', 'Compute'],
  ['explain', 'NovaWorkers'],
  ['environments', 'list'],
  ['roles', 'list'],
  ['networks', 'list'],
];
try {
  for (const args of commands) {
    const code = await cli.main(['node', 'tht', ...args]);
    // 1 is findings (lint's, say); anything else means the command did not do its work.
    if (code !== 0 && code !== 1) throw new Error(`tht ${args.join(' ')} exited with ${code}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const partial = `${CLI_CODE_CACHE}.${process.pid}.tmp`;
writeFileSync(partial, cli.codeCache());
renameSync(partial, CLI_CODE_CACHE);
