/**
 * What `tht roles` and `tht networks` share: where the roles and networks
 * come from, how warnings print, and the JSON every command prints.
 */
import { join, resolve } from 'node:path';
import { findGivenFile, locateTemplates, type TemplateTree } from '../api/tree.js';
import { formatFinding, type Finding } from '../load/finding.js';
import { displayPath } from '../load/paths.js';
import { BUNDLED_ROLES_DIR } from '../roles/library.js';
import { toJson } from '../yaml/json.js';
import { io } from './io.js';
import type { OutputFlags, TreeFlags } from './options.js';

/** A roles_data or network_data file: -r/-n as given (relative to the current folder, else to the tree), else the tree's own. */
export function dataFile(tree: TemplateTree, given: string | undefined, fallback: string, what: string): { path: string; display: string } {
  const path = given === undefined ? resolve(tree.path, fallback) : findGivenFile(given, tree, what);
  return { path, display: displayPath(path) };
}

/** The roles folder: --roles-path, else the tree's roles/ (the copy of THT master's bundled with tht, for the bundled tree). */
export function rolesFolder(flags: TreeFlags & { rolesPath?: string }): string {
  if (flags.rolesPath !== undefined) return flags.rolesPath;
  const tree = locateTemplates(flags.templates);
  return tree.origin === 'bundled' ? BUNDLED_ROLES_DIR : displayPath(join(tree.path, 'roles'));
}

/**
 * What a command warns about on standard error, one line each (none with -q): the render's warnings,
 * unknown keys of the data files, and for `tht schema` and `tht preview` what Heat would refuse, which
 * fails neither (whatever the finding's severity).
 */
export function printWarnings(findings: readonly Finding[], flags: Pick<OutputFlags, 'quiet'>): void {
  if (flags.quiet) return;
  for (const f of findings) io.warn(formatFinding(f));
}

/** Every command's JSON output, numbers as Python writes them (1.0 stays 1.0, big integers whole). */
export function jsonText(value: unknown): string {
  return `${toJson(value)}\n`;
}
