/** Writing a file so that a reader sees the old content or the new, never half of it. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { ThtError } from './errors.js';

/**
 * Write `content` beside `path` and rename it into place; on failure the
 * temporary file is removed and the error names the file.
 */
export async function writeWholeFile(path: string, content: string | Buffer): Promise<void> {
  const tmp = `${path}.tht-tmp-${process.pid}`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new ThtError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      at: { file: path },
      hint: 'Check that the folder exists and is writable.',
    });
  }
}
