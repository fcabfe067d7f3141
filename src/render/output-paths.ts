/**
 * Whether a path can be written at all, decided before anything is written:
 * a failed run must not leave half its files behind because the 111th name
 * turned out too long for the file system.
 */

/** Longest file name and path (bytes) Linux and macOS accept (NAME_MAX, PATH_MAX less the final NUL). */
export const MAX_NAME_BYTES = 255;
export const MAX_PATH_BYTES = (process.platform === 'darwin' ? 1024 : 4096) - 1;

/**
 * Room kept in each folder path for the hidden names tht writes beside a file
 * before renaming it (`.tht-new-<pid>-<random>`, see load/litter.ts).
 */
const TEMP_NAME_BYTES = 40;

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A long name cut for a message: its start and its length. */
export function shortName(name: string): string {
  return name.length <= 60 ? name : `${name.slice(0, 40)}… (${name.length} characters)`;
}

/** Why `rel` (relative, `/`-separated) cannot be a file name on disk, or undefined if it can. */
export function outputNameProblem(rel: string): string | undefined {
  if (LONE_SURROGATE.test(rel)) return 'is not valid Unicode';
  if (CONTROL.test(rel)) return 'holds a control character';
  for (const part of rel.split('/')) {
    if (part === '' || part === '.' || part === '..') return 'has an empty, "." or ".." part';
    const bytes = Buffer.byteLength(part);
    if (bytes > MAX_NAME_BYTES) return `has a name of ${bytes} bytes; a file name can be at most ${MAX_NAME_BYTES} bytes`;
  }
  return undefined;
}

/** Why the absolute path `full` is too long to write (with tht's temporary name beside it), or undefined. */
export function pathLengthProblem(full: string): string | undefined {
  const folderBytes = Buffer.byteLength(full) - Buffer.byteLength(full.slice(full.lastIndexOf('/') + 1));
  const bytes = Math.max(Buffer.byteLength(full), folderBytes + TEMP_NAME_BYTES);
  return bytes > MAX_PATH_BYTES ? `would be ${bytes} bytes long; a path can be at most ${MAX_PATH_BYTES} bytes` : undefined;
}

/** A path tht may act on from a file it reads back (journal, manifest): relative, plain, writable. */
export const isPlainRelativePath = (p: unknown): p is string => typeof p === 'string' && outputNameProblem(p) === undefined;
