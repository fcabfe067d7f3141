/**
 * Reading and writing whole files safely.
 *
 * Reading: only regular files are read. A FIFO would block forever, a device
 * could stream without end, a folder is not text; each is refused with a
 * message before it is opened for reading, and checked again on the opened
 * handle so that a swap in between cannot slip one through. A size limit
 * keeps one absurd file from exhausting memory.
 *
 * Writing: a temporary file in the same folder, flushed to disk and renamed
 * over the target, so a reader (or a power cut) sees the old content or the
 * new, never half of it; the name is litter for the next run if this one is
 * killed (see litter.ts).
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { copyFile, lstat, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crashPoint } from './crash-points.js';
import { ThtError } from './errors.js';
import { claimName, release, removeLitter } from './litter.js';

/** Far above any THT file (the largest is under 1 MiB), far below what would exhaust memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** "a FIFO", "a folder", ...: what a non-regular file is, for messages. */
export function fileTypeName(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}

function notReadable(displayName: string, why: string, hint = 'Check that the file exists and is readable.'): ThtError {
  return new ThtError(`cannot read ${displayName}: ${why}`, { at: { file: displayName }, hint });
}

function notRegular(displayName: string, s: Stats): ThtError {
  return notReadable(displayName, `it is ${fileTypeName(s)}, not a regular file`, 'tht reads only regular files; put the file itself there.');
}

/** A regular file's bytes; anything else (missing, a FIFO, a device, too big) is a ThtError naming it. */
export async function readRegularFile(path: string, displayName = path): Promise<Buffer> {
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
  let before: Stats;
  try {
    before = await stat(path);
  } catch (e) {
    throw notReadable(displayName, code(e));
  }
  if (!before.isFile()) throw notRegular(displayName, before);
  // O_NONBLOCK: had a FIFO replaced the file since the stat, opening it must not wait for a writer.
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw notReadable(displayName, code(e));
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular(displayName, opened);
    if (opened.size > MAX_INPUT_BYTES) {
      throw notReadable(displayName, `it is ${opened.size} bytes, more than the ${MAX_INPUT_BYTES} tht reads`, 'Is this really a template or data file?');
    }
    return await handle.readFile();
  } catch (e) {
    if (e instanceof ThtError) throw e;
    throw notReadable(displayName, code(e));
  } finally {
    await handle.close();
  }
}

/** A regular file's text (UTF-8); see readRegularFile. */
export async function readTextFile(path: string, displayName = path): Promise<string> {
  return (await readRegularFile(path, displayName)).toString('utf8');
}

/** A file's bytes, or why it was not read (not a regular file, too big, unreadable). */
export type ReadOutcome = { bytes: Buffer } | { refused: string };

/**
 * readRegularFile for the model's lazy reads, which happen while a walk is
 * under way: the same checks, synchronously, and an outcome instead of an
 * error, since a file the templates name is the templates' problem (a
 * finding), not bad input.
 */
export function readRegularFileSync(path: string): ReadOutcome {
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
  let before: Stats;
  try {
    before = statSync(path);
  } catch (e) {
    return { refused: code(e) === 'ENOENT' ? 'it does not exist' : `it cannot be read (${code(e)})` };
  }
  if (!before.isFile()) return { refused: `it is ${fileTypeName(before)}, not a regular file` };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { refused: `it cannot be read (${code(e)})` };
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { refused: `it is ${fileTypeName(opened)}, not a regular file` };
    if (opened.size > MAX_INPUT_BYTES) return { refused: `it is ${opened.size} bytes, more than the ${MAX_INPUT_BYTES} tht reads` };
    return { bytes: readFileSync(fd) };
  } catch (e) {
    return { refused: `it cannot be read (${code(e)})` };
  } finally {
    closeSync(fd);
  }
}

/** Flush a folder's entries (new names, renames) to disk; not every platform can, which is not an error. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Folders cannot be opened or flushed on some systems; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/** Text is encoded and written this many UTF-16 units at a time. */
const WRITE_CHUNK = 1 << 20;

/**
 * Create `path` (which must not exist), write `content` and flush it to disk.
 * Text goes out in slices, so a file of hundreds of MiB (overcloud.yaml with
 * many roles) never needs a second, encoded copy of itself in memory.
 */
export async function writeDurably(path: string, content: string | Buffer, mode?: number): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    // Exactly these bits (those of the file it will replace), whatever the umask.
    if (mode !== undefined) await handle.chmod(mode);
    if (typeof content !== 'string' || content.length <= WRITE_CHUNK) await handle.writeFile(content);
    else {
      for (let start = 0; start < content.length; ) {
        let end = Math.min(start + WRITE_CHUNK, content.length);
        // Never split a surrogate pair: each half would be written as U+FFFD.
        if (end < content.length && /[\uD800-\uDBFF]/.test(content[end - 1]!)) end--;
        const chunk = Buffer.from(content.slice(start, end));
        // A write may take fewer bytes than given (a full disk, a signal): go on from where it stopped.
        for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done)).bytesWritten;
        start = end;
      }
    }
    // fdatasync: the content and what is needed to read it back (the size), not the timestamps.
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Copy `from` to `to` (which must not exist) and flush the copy to disk. */
export async function copyDurably(from: string, to: string): Promise<void> {
  await copyFile(from, to, constants.COPYFILE_EXCL);
  const handle = await open(to, constants.O_RDONLY);
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Write `content` to `path` in one step: a temporary file beside it, flushed,
 * renamed over it. An existing file keeps its permissions; a symbolic link at
 * `path` is replaced, never written through. Litter of killed earlier runs in
 * that folder is removed first.
 */
export async function writeWholeFile(path: string, content: string | Buffer): Promise<void> {
  const folder = dirname(path);
  const fail = (why: string, hint = 'Check that the folder exists and is writable.') =>
    new ThtError(`cannot write ${path}: ${why}`, { at: { file: path }, hint });
  let existing: Stats | undefined;
  try {
    existing = await lstat(path);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw fail('it is a folder (EISDIR)', 'Give the path of a file, not of a folder.');
  if (basename(path) === '') throw fail('no file name');
  await removeLitter(folder, ['tmp']);
  const name = claimName('tmp');
  const tmp = join(folder, name);
  try {
    await writeDurably(tmp, content, existing?.isFile() ? existing.mode & 0o7777 : undefined);
    crashPoint('tmp-written');
    await rename(tmp, path);
    await syncFolder(folder);
  } catch (e) {
    await rm(tmp, { force: true });
    throw fail((e as NodeJS.ErrnoException).code ?? String(e));
  } finally {
    release(name);
  }
}
