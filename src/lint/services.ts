/** Which yaml-validate.py service checks apply to a template, from the policy's path patterns. */
import type { PathSegment } from '../yaml/file.js';
import type { Policy } from './policy.js';
import type { LintFile } from './tree.js';
import { isMapping, regex, ROLE_DATA_PATH, roleData, switchedOn } from './values.js';

export const isLoggingTemplate = (f: LintFile, p: Policy): boolean => regex(p.logging_templates.match).test(f.path);

/** Containerised puppet services; logging templates have their own check instead. */
export const isContainerService = (f: LintFile, p: Policy): boolean =>
  !isLoggingTemplate(f, p) && switchedOn(f.path, p.container_services.match, p.container_services.overrides);

export const isPuppetServiceFile = (f: LintFile, p: Policy): boolean =>
  switchedOn(f.path, p.puppet_services.match, p.puppet_services.overrides);

/** Services (puppet or container) whose parameters and upgrade tasks are checked. */
export const isService = (f: LintFile, p: Policy): boolean => isPuppetServiceFile(f, p) || isContainerService(f, p);

export interface RoleDataSection {
  value: unknown;
  /** YAML path of the section's key. */
  path: PathSegment[];
}

/**
 * A service's role_data sections. A `{map_merge: [...]}` value is merged
 * first (later parts win); parts that are only a `get_attr` come from another
 * template and are skipped, as the aggregator merges them at deploy time.
 */
export function roleDataSections(f: LintFile): Map<string, RoleDataSection> | undefined {
  const rd = roleData(f);
  if (!rd) return undefined;
  const sections = new Map<string, RoleDataSection>();
  const keys = Object.keys(rd);
  if (keys.length === 1 && keys[0] === 'map_merge' && Array.isArray(rd.map_merge)) {
    rd.map_merge.forEach((part, i) => {
      if (!isMapping(part)) return;
      const partKeys = Object.keys(part);
      if (partKeys.length === 1 && partKeys[0] === 'get_attr') return;
      for (const [k, v] of Object.entries(part)) sections.set(k, { value: v, path: [...ROLE_DATA_PATH, 'map_merge', i, k] });
    });
  } else {
    for (const [k, v] of Object.entries(rd)) sections.set(k, { value: v, path: [...ROLE_DATA_PATH, k] });
  }
  return sections;
}
