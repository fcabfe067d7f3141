/** Reading files with errors that name them, and writing a file so that a reader sees the old content or the new, never half of it. */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { ThtError } from './errors.js';

/** A file's bytes; a missing or unreadable file is a ThtError naming it. */
export async function readBytesFile(path: string, displayName = path): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new ThtError(`cannot read ${displayName}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      at: { file: displayName },
      hint: 'Check that the file exists and is readable.',
    });
  }
}

/** A file's text (UTF-8); a missing or unreadable file is a ThtError naming it. */
export async function readTextFile(path: string, displayName = path): Promise<string> {
  return (await readBytesFile(path, displayName)).toString('utf8');
}

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
