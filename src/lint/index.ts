/**
 * `tht lint` as a library call: render the tree in memory, then run the rules
 * on the result. The CLI only parses flags and prints what this returns.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ThtError } from '../load/errors.js';
import { renderTree } from '../render/index.js';
import type { RenderOptions } from '../render/types.js';
import { loadLintConfig } from './config.js';
import { lintTree, type LintReport } from './engine.js';
import { LintTree } from './tree.js';

export { findRule, lintTree, unknownRulePatterns, type LintOptions, type LintReport } from './engine.js';
export { RULES } from './rules/index.js';
export { LintTree, type LintInput } from './tree.js';
export type { Finding, Rule, RuleMeta, Severity } from './types.js';

export interface LintRunOptions extends RenderOptions {
  /** Environment files (paths as given on the command line, relative to the cwd). */
  environments?: readonly string[];
  /** Files or folders to report on (relative to the cwd); default the whole tree. */
  paths?: readonly string[];
  ignore?: readonly string[];
  select?: readonly string[];
}

/** The file a tree root is recognised by. */
const TREE_MARKER = 'roles_data.yaml';

/** The tree holding `start` (a file or folder): the nearest folder upwards with a roles_data.yaml. */
export function findTreeRoot(start: string): string | undefined {
  let dir = resolve(start);
  if (!existsSync(dir)) return undefined;
  for (;;) {
    if (existsSync(resolve(dir, TREE_MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function lintDirectory(options: LintRunOptions): Promise<LintReport> {
  const root = options.templatesDir;
  const config = await loadLintConfig(root);
  const tree = new LintTree(await renderTree(options));
  const keyOf = (given: string, what: string): string => {
    // Relative to the current directory first, then to the tree (run from elsewhere with -p). A rendered
    // file exists only in the tree, not on disk.
    for (const candidate of isAbsolute(given) ? [given] : [given, join(root, given)]) {
      const abs = resolve(candidate);
      // The tree root itself means the whole tree.
      if (abs === tree.root) return '';
      const key = tree.heat.keyForFsPath(abs);
      if (existsSync(abs) || (!isAbsolute(key) && tree.has(key))) return key;
    }
    throw new ThtError(`cannot read ${what} ${given}: no such file or folder`, {
      hint: 'Check the path (relative to the current directory, or to the tree given with -p).',
    });
  };
  const paths = (options.paths ?? []).map((p) => {
    const key = keyOf(p, 'path');
    if (isAbsolute(key)) {
      throw new ThtError(`${p} is outside the template tree ${root}`, { hint: 'Pass -p with the tree that contains it.' });
    }
    return key;
  });
  const environments = (options.environments ?? []).map((e) => keyOf(e, 'environment file'));
  return lintTree(tree, {
    policy: config.policy,
    ignore: [...config.ignore, ...(options.ignore ?? [])],
    select: options.select && options.select.length > 0 ? options.select : config.select,
    paths,
    environments,
  });
}
