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
import { copyFile, lstat, open, rename, rm } from 'node:fs/promises';
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

/** A file's bytes, or why it was not read (not a regular file, too big, unreadable) and what to do. */
export type ReadOutcome = { bytes: Buffer } | { refused: string; hint: string };

const NOT_REGULAR_HINT = 'tht reads only regular files; put the file itself there.';

/**
 * A regular file's bytes, or why not: the one implementation of the checks.
 * Synchronous on purpose: a command reads a few dozen to a few hundred files
 * one after another, and fs/promises' thread-pool round trips cost more than
 * the reads (THT master's 57 Jinja sources: 23-40 ms through fs/promises,
 * 4-8 ms so). The Heat model's lazy reads, which happen mid-walk, need it
 * synchronous anyway.
 */
export function readRegularFileSync(path: string): ReadOutcome {
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
  const unreadable = (e: unknown): ReadOutcome =>
    code(e) === 'ENOENT'
      ? { refused: 'it does not exist', hint: 'Check the path.' }
      : { refused: `it is not readable (${code(e)})`, hint: 'Check that the file is readable.' };
  let before: Stats;
  try {
    before = statSync(path);
  } catch (e) {
    return unreadable(e);
  }
  if (!before.isFile()) return { refused: `it is ${fileTypeName(before)}, not a regular file`, hint: NOT_REGULAR_HINT };
  // O_NONBLOCK: had a FIFO replaced the file since the stat, opening it must not wait for a writer.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return unreadable(e);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { refused: `it is ${fileTypeName(opened)}, not a regular file`, hint: NOT_REGULAR_HINT };
    if (opened.size > MAX_INPUT_BYTES) {
      return { refused: `it is ${opened.size} bytes, more than the ${MAX_INPUT_BYTES} tht reads`, hint: 'Is this really a template or data file?' };
    }
    return { bytes: readFileSync(fd) };
  } catch (e) {
    return unreadable(e);
  } finally {
    closeSync(fd);
  }
}

/** A regular file's bytes; anything else (missing, a FIFO, a device, too big) is a ThtError naming it. */
export function readRegularFile(path: string, displayName = path): Buffer {
  const outcome = readRegularFileSync(path);
  if ('bytes' in outcome) return outcome.bytes;
  throw new ThtError(`cannot read ${displayName}: ${outcome.refused}`, { at: { file: displayName }, hint: outcome.hint });
}

/** A regular file's text (UTF-8); see readRegularFile. */
export function readTextFile(path: string, displayName = path): string {
  return readRegularFile(path, displayName).toString('utf8');
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
