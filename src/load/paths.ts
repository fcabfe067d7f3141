/**
 * How every command names a file in what it prints: a path that can be opened
 * from the current folder. Relative to it, unless the relative form is the
 * longer one (`/usr/lib/node_modules/tht/templates` rather than a climb of
 * `../../..` from a home folder).
 */
import { isAbsolute, join, relative, resolve } from 'node:path';

export function displayPath(path: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  return rel.length <= abs.length ? rel : abs;
}

/**
 * A path a stage reports for a file of a tree: relative to the tree root (the
 * Heat model's keys, lint's findings) or absolute (a file outside the tree),
 * shown as displayPath shows it. `root` is the tree as the caller named it.
 */
export function displayTreePath(root: string, path: string): string {
  return displayPath(isAbsolute(path) ? path : join(root, path));
}
