/**
 * The files of a template tree, as process-templates.py walks it: hidden
 * files and folders are skipped. Paths are relative with `/` separators.
 *
 * Only what can be read safely is listed: regular files, and symbolic links
 * to regular files inside the tree (followed, as the reference follows them).
 * A link that leaves the tree, a dangling link, a loop, a link to a folder
 * (the reference does not descend into those either), a FIFO, a socket or a
 * device is left out and reported in `skipped`, never opened. Output folders
 * of tht itself are left out too: the one being written to (`exclude`) and
 * any folder holding an output marker, so that a render into `T/out` never
 * renders `T/out` again.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ThtError } from './errors.js';
import { fileTypeName } from './files.js';

/** The manifest `tht render -o` keeps in its output folder; it also marks the folder as an output. */
export const OUTPUT_MARKER = '.tht-output.json';

export interface SkippedEntry {
  /** Path relative to the tree. */
  path: string;
  /** Why it was left out, e.g. "a symbolic link to /etc, outside the tree". */
  reason: string;
}

export interface TreeListing {
  /** Every non-hidden file, sorted. */
  files: string[];
  /** Every non-hidden folder (process-templates.py -o recreates even empty ones), sorted. */
  folders: string[];
  /** Entries that are not listed because reading them would be unsafe, sorted by path. */
  skipped: SkippedEntry[];
}

export interface TreeOptions {
  /** Folders (paths on disk) to leave out, e.g. an output folder inside the tree. */
  exclude?: readonly string[];
}

const isInside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * What a symbolic link leads to: a regular file inside the tree (undefined)
 * or a reason to skip it. Synchronous, as the whole walk is (see
 * readRegularFileSync for why), so that the Heat model's reads apply the
 * very same rule.
 */
function followLink(realRoot: string, full: string): string | undefined {
  let s;
  try {
    const target = realpathSync(full);
    if (!isInside(realRoot, target)) return `a symbolic link to ${target}, outside the tree`;
    s = statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'a symbolic link loop';
    if (code === 'ENOENT') return 'a symbolic link to nothing';
    return `a symbolic link that cannot be followed (${code ?? String(e)})`;
  }
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a symbolic link to a folder (folders behind links are not walked, as process-templates.py does not)';
  return `a symbolic link to ${fileTypeName(s)}`;
}

/**
 * Why the entry of `folder` must not be read as a file of the tree whose
 * real path is `realRoot`; undefined when it may (a regular file, or a link
 * to one inside the tree). The entry's path is made only for an entry that
 * is not a regular file: joining paths was half of a tree walk's time.
 */
export function fileEntryProblem(realRoot: string, folder: string, entry: Dirent): string | undefined {
  if (entry.isFile()) return undefined;
  const full = join(folder, entry.name);
  if (entry.isSymbolicLink()) return followLink(realRoot, full);
  return fileTypeName(lstatSync(full));
}

/**
 * For readers that go straight to one file of the tree (the Heat model
 * follows registry entries): why `rel` (relative, `/`-separated) must not be
 * read, by the rules of the walk, or 'missing'; undefined when it may. A
 * folder on the way must be a real folder, as the walk descends only into
 * those; `realFolders`, kept by the caller across calls, holds the folders
 * found so (checked once each).
 */
export function treeFileProblem(realRoot: string, rel: string, realFolders?: Set<string>): string | 'missing' | undefined {
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    const last = i === parts.length;
    // A reader of many files passes the folders already found real (THT's hundreds of files share a few dozen).
    if (!last && realFolders?.has(path)) continue;
    const full = join(realRoot, path);
    let s;
    try {
      s = lstatSync(full);
    } catch {
      return 'missing';
    }
    if (s.isSymbolicLink()) {
      const problem = followLink(realRoot, full);
      if (last) return problem && `it is ${problem}`;
      // A link to a file where a folder is needed: there is no such file.
      return problem ? `${path} is ${problem}` : 'missing';
    }
    if (last) return s.isFile() ? undefined : `it is ${fileTypeName(s)}, not a regular file`;
    if (!s.isDirectory()) return 'missing';
    realFolders?.add(path);
  }
  return undefined;
}

/** The real path of a folder (links resolved), or its absolute path if it cannot be resolved. */
export function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export function listTree(root: string, options: TreeOptions = {}): TreeListing {
  const files: string[] = [];
  const folders: string[] = [];
  const skipped: SkippedEntry[] = [];
  const realRoot = realFolder(root);
  const excluded = new Set((options.exclude ?? []).map(realFolder));

  /** Lists one folder; false when it is an output folder and so not part of the tree. */
  function walk(rel: string): boolean {
    const folder = rel ? join(root, rel) : root;
    if (rel && excluded.size > 0 && excluded.has(join(realRoot, rel))) return false;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      throw new ThtError(`cannot read the template tree ${folder}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        at: { file: folder },
        hint: rel ? 'Make the folder readable, or hide it from the walk with a leading ".".' : 'Pass the folder that holds overcloud.j2.yaml with -p.',
      });
    }
    if (rel && entries.some((e) => e.name === OUTPUT_MARKER)) return false;
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        subdirs.push(path);
        continue;
      }
      const reason = fileEntryProblem(realRoot, folder, entry);
      if (reason === undefined) files.push(path);
      else skipped.push({ path, reason });
    }
    const included = subdirs.map(walk);
    folders.push(...subdirs.filter((_, i) => included[i]));
    return true;
  }

  walk('');
  const byPath = (a: SkippedEntry, b: SkippedEntry) => (a.path < b.path ? -1 : 1);
  return { files: files.sort(), folders: folders.sort(), skipped: skipped.sort(byPath) };
}
