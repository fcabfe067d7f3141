/**
 * Worker thread of tht-runner.mjs: loads test/helpers/jinja.ts (TypeScript,
 * through vite's module runner, which vitest already brings) and answers
 * each case posted to it with the helper's runCase result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runnerImport } from 'vite';

const { module: helper } = await runnerImport(workerData.helper, { root: workerData.root, configFile: false, logLevel: 'error' });

parentPort.on('message', ({ c, expectOnly }) => {
  let result;
  try {
    result = expectOnly ? { expected: helper.expectation(c) } : helper.runCase(c);
  } catch (e) {
    // runCase itself catches the engine's exceptions; this is a broken case.
    result = { expected: null, actual: { crash: `helper: ${e?.message ?? e}` } };
  }
  parentPort.postMessage(result);
});
parentPort.postMessage('ready');
