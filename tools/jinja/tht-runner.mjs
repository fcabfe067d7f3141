/**
 * Runs Jinja cases through tht in a worker thread, one at a time, so that a
 * case that hangs or exhausts memory is cut off (the worker is replaced)
 * instead of stopping the whole run: the same process serves a whole run.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HELPER = fileURLToPath(new URL('../../test/helpers/jinja.ts', import.meta.url));
const WORKER = new URL('./tht-worker.mjs', import.meta.url);

export class ThtRunner {
  constructor({ timeoutMs = 5000, memoryMb = 1024 } = {}) {
    this.timeoutMs = timeoutMs;
    this.memoryMb = memoryMb;
    this.worker = null;
  }

  async start() {
    const worker = new Worker(WORKER, { workerData: { helper: HELPER, root: ROOT }, resourceLimits: { maxOldGenerationSizeMb: this.memoryMb } });
    await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    this.worker = worker;
  }

  /** `{ expected, actual, message, agree }`; actual is `{ hang: ms }` or `{ crash }` when the worker had to be replaced. */
  async run(c) {
    const result = await this.post({ c });
    if (!result.lost) return { ...result, agree: isDeepStrictEqual(result.expected, result.actual) };
    const { expected } = await this.post({ c, expectOnly: true });
    return { expected, actual: result.lost, agree: false };
  }

  async post(message) {
    if (!this.worker) await this.start();
    const worker = this.worker;
    const result = await new Promise((resolve) => {
      const done = (r) => {
        clearTimeout(timer);
        worker.removeAllListeners('message');
        worker.removeAllListeners('error');
        resolve(r);
      };
      const timer = setTimeout(() => done({ lost: { hang: this.timeoutMs } }), this.timeoutMs);
      worker.once('message', done);
      worker.once('error', (e) => done({ lost: { crash: `worker died: ${e?.code ?? ''} ${e?.message ?? e}`.trim() } }));
      worker.postMessage(message);
    });
    if (result.lost) {
      this.worker = null;
      await worker.terminate();
    }
    return result;
  }

  async close() {
    if (this.worker) await this.worker.terminate();
    this.worker = null;
  }
}
