/**
 * What `tht roles` and `tht networks` share: where a roles_data or
 * network_data file named on the command line is, and how its schema warnings
 * and JSON reports are printed.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { formatFinding, type DataFinding } from '../load/data-schema.js';
import { toJson } from '../yaml/json.js';
import { io } from './io.js';

/**
 * A data file given with -r/-n: with -p a relative path is relative to the
 * tree (as `tht render` reads it), else to the working folder. Messages show
 * the path as the user wrote it when there is no tree to join.
 */
export function dataFilePath(templates: string | undefined, given: string): { path: string; display: string } {
  if (templates === undefined) return { path: resolve(given), display: given };
  const path = isAbsolute(given) ? given : join(templates, given);
  return { path, display: path };
}

/** Unknown keys and the like; errors were thrown before anything is printed. */
export function printSchemaWarnings(findings: readonly DataFinding[]): void {
  for (const f of findings) if (f.severity === 'warning') io.warn(formatFinding(f));
}

/** JSON on stdout, numbers as Python writes them (1.0 stays 1.0), as every command's JSON output. */
export function printJson(value: unknown): void {
  io.print(toJson(value));
}
