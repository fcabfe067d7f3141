/**
 * What every command and library call does first, one way: find the template
 * tree, and find the files named on the command line.
 *
 * The tree: the one given, else the nearest folder at or above the start
 * (the current folder) that holds a roles_data.yaml, else the templates
 * bundled with tht. Paths given are relative to the current folder; the
 * roles, networks and environment files may also be given relative to the
 * tree (as process-templates.py takes -r and -n). Everything is handed to the
 * stages in the form displayPath gives, so the paths in their messages can be
 * opened from the current folder.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { suggestKey } from '../load/suggest.js';
import { ThtError } from '../load/errors.js';
import { bundledTemplates, packagePath } from '../load/package-files.js';
import { displayPath, displayTreePath } from '../load/paths.js';
import type { JinjaLimits } from '../render/jinja/limits.js';

/** How the tree was chosen: given (`-p`), found above the start folder, or the bundled copy of THT. */
export type TreeOrigin = 'given' | 'found' | 'bundled';

export interface TemplateTree {
  /** The tree root as shown and as passed to the stages (see displayPath). */
  path: string;
  origin: TreeOrigin;
}

/** The options every call that reads a tree takes. */
export interface TreeOptions {
  /** The template tree (default: found upwards from the current folder, else the bundled templates). */
  templates?: string;
  /** Roles file (default the tree's roles_data.yaml): relative to the current folder, else to the tree. */
  rolesData?: string;
  /** Networks file (default the tree's network_data.yaml): relative to the current folder, else to the tree. */
  networkData?: string;
  /** Raised bounds of the Jinja render (tht render --render-limit). */
  limits?: Partial<JinjaLimits>;
}

/** The file a tree root is recognised by. */
const TREE_MARKER = 'roles_data.yaml';

export const BUNDLED_TEMPLATES = packagePath('templates');

/** The nearest folder at or above `start` (a file or folder) that holds a roles_data.yaml. */
function treeAbove(start: string): string | undefined {
  let dir = resolve(start);
  if (!existsSync(dir)) return undefined;
  for (;;) {
    if (existsSync(join(dir, TREE_MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The tree to use; `start` is where the upward search begins (lint starts at its first path). */
export function locateTemplates(templates: string | undefined, start = '.'): TemplateTree {
  if (templates !== undefined) return { path: displayPath(templates), origin: 'given' };
  const found = treeAbove(start);
  if (found !== undefined) return { path: displayPath(found), origin: 'found' };
  return { path: BUNDLED_TEMPLATES, origin: 'bundled' };
}

/**
 * A file named on the command line: relative to the current folder, else to
 * the tree. `exists` says whether a candidate (an absolute path) is there; a
 * rendered file exists in the tree without being on disk. Returns the
 * absolute path; the error names every place it looked, and the closest of
 * `known` (paths relative to the tree) when one is close.
 */
export function findGivenFile(
  given: string,
  tree: TemplateTree,
  what: string,
  options: { exists?: (abs: string) => boolean; known?: readonly string[] } = {},
): string {
  const exists = options.exists ?? existsSync;
  const candidates = isAbsolute(given) ? [given] : [...new Set([resolve(given), resolve(tree.path, given)])];
  const found = candidates.find(exists);
  if (found !== undefined) return found;
  const places = candidates.map((c) => displayPath(c));
  const asInTree = candidates.map((c) => relative(resolve(tree.path), c).split(sep).join('/'));
  const guess = options.known && asInTree.map((k) => suggestKey(k, options.known!)).find((g) => g !== undefined);
  throw new ThtError(`cannot find the ${what} ${given}: there is no ${places.join(' and no ')}${guess ? ` (did you mean ${displayTreePath(tree.path, guess)}?)` : ''}`, {
    hint: 'Give a path relative to the current folder, or to the template tree.',
  });
}

/** The roles and networks files to render with (absolute paths; render names them with displayPath). */
export function dataFiles(options: TreeOptions, tree: TemplateTree): { rolesData: string; networkData: string } {
  const pick = (given: string | undefined, fallback: string, what: string) =>
    given === undefined ? resolve(tree.path, fallback) : findGivenFile(given, tree, what);
  return {
    rolesData: pick(options.rolesData, 'roles_data.yaml', 'roles file'),
    networkData: pick(options.networkData, 'network_data.yaml', 'networks file'),
  };
}

/**
 * A ThtError from the Heat model or lint names a file of the tree by its key
 * (relative to the tree root), or by its absolute path (a file outside the
 * tree; a template rendered on demand); name it as every other message does.
 */
export function inTree<T>(tree: TemplateTree, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof ThtError) || e.file === undefined) throw e;
    throw new ThtError(e.message, {
      at: { file: displayTreePath(tree.path, e.file), line: e.line, column: e.column },
      hint: e.hint,
      exitCode: e.exitCode,
      cause: e.cause,
    });
  }
}

/** "../tht", or "the templates bundled with tht (THT 04f9e4f73a7f)", for summaries. */
export function treeLabel(tree: TemplateTree): string {
  return tree.origin === 'bundled' ? `the templates bundled with tht (THT ${bundledTemplates().commit.slice(0, 12)})` : tree.path;
}
