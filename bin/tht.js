#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// A tht run lives about a second, and most of its code runs once, cold. V8's
// optimising compiler inlining callees into what it optimises makes each of
// those compiles costlier than it pays back in so short a process: without it
// tht schema and tht lint take 8-15% less CPU and tht preview about 15% less
// (interleaved runs on THT master; README, Speed). Set before tht's modules load.
setFlagsFromString('--no-turbo-inlining');
// For the same reason, a function is optimised only after about three times
// V8's default amount of interpreted work (--interrupt-budget, default 67584):
// fewer compiles of code that would not run long enough to repay them. tht
// preview Compute and tht schema take 6-9% less CPU (callgrind and interleaved
// runs on THT master; README, Speed).
setFlagsFromString('--interrupt-budget=200000');

const { main } = await import('../dist/cli/main.js');

// `tht ... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv);
