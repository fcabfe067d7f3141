/**
 * The checks of one environment file that need no deployment: what `tht
 * validate` and `tht lint` both report, from this one place, so the same file
 * gets the same findings from both.
 *
 * - ENV001 (error): a section Heat rejects, or a malformed one;
 * - ENV004 (warning): a section present but null;
 * - ENV002 (error): a registry entry naming a file that does not exist, or
 *   that tht does not read (a folder, a device, a file outside the tree and
 *   the folders of the environment files given);
 * - YAML002 (warning): a key given twice in one mapping (any YAML file).
 */
import { isAbsolute } from 'node:path';
import type { Finding, Severity } from '../load/finding.js';
import type { PathSegment, YamlFile } from '../yaml/file.js';
import type { EnvironmentFile } from './environment.js';
import { resolvedTo } from './rejections.js';
import { sourcePosition } from './template.js';
import type { VirtualTree } from './tree.js';

/**
 * Where TripleO installs the template tree. Environments (THT's CI ones, and
 * operators') name templates by absolute paths there; they are checked against
 * the tree in hand.
 */
export const INSTALLED_TREE_PATHS: readonly string[] = ['/usr/share/openstack-tripleo-heat-templates'];

/** A finding of a check, located by YAML path (or by position, for YAML-level ones). */
export interface CheckFinding {
  code: string;
  severity: Severity;
  /** Virtual-tree key of the file. */
  file: string;
  message: string;
  at: { path: PathSegment[]; key?: boolean } | { line: number; column: number };
}

/** A check's finding at its file, line and column (`yaml`: the file it checked). */
export function positionedFinding(f: CheckFinding, yaml: YamlFile): Finding {
  const at = 'path' in f.at ? sourcePosition(yaml, f.at.path, { key: f.at.key ?? false }) : { file: f.file, ...f.at };
  return { code: f.code, severity: f.severity, message: f.message, ...at };
}

/** ENV001 and ENV004: the file's departures from Heat's environment format. */
export function formatFindings(env: EnvironmentFile): CheckFinding[] {
  return env.problems.map((p) => ({
    code: p.code,
    severity: p.code === 'ENV004' ? 'warning' : 'error',
    file: env.file,
    message: p.message,
    at: { path: p.path, ...(p.key ? { key: true } : {}) },
  }));
}

/**
 * ENV002: registry entries naming a template file that does not exist. A path
 * into the installed tree is looked up in this tree; any other path must exist
 * where it points (heatclient reads it on the machine that deploys).
 */
export function registryFindings(env: EnvironmentFile, tree: VirtualTree, installedTreePaths: readonly string[] = INSTALLED_TREE_PATHS): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const e of env.registry) {
    // A value with "::" is a type name; anything else names a file, whatever its extension.
    if (typeof e.value !== 'string' || e.value.includes('::')) continue;
    const installed = isAbsolute(e.value) ? installedTreePaths.find((p) => e.value!.startsWith(`${p}/`)) : undefined;
    const target = installed ? e.value.slice(installed.length + 1) : (e.target ?? tree.resolveRef(env.file, e.value));
    const why = tree.whyUnreadable(target);
    if (why === undefined) continue;
    const shown = installed ? `${target} in this tree` : tree.fsPath(target);
    out.push({
      code: 'ENV002',
      severity: 'error',
      file: env.file,
      message: `registry entry ${e.type} points at ${e.value}, which ${why}${resolvedTo(e.value, shown)}`,
      at: { path: e.path },
    });
  }
  return out;
}

/** YAML002: keys given twice in one mapping, where PyYAML silently keeps the later value. */
export function duplicateKeyFindings(file: YamlFile): CheckFinding[] {
  return file.repeatedKeys().map((d) => ({
    code: 'YAML002',
    severity: 'warning',
    file: file.name,
    message: `duplicate key "${d.key}": the earlier value is ignored`,
    at: { line: d.line, column: d.column },
  }));
}
