/**
 * roles_data loading as process-templates.py does it: a YAML list of role
 * mappings, each with a `name`, plus the deprecated name-based tags.
 */
import { ThtError } from './errors.js';
import { checkPathSafe } from './safe-names.js';
import { isMapping } from './values.js';
import { positionAt, type ParsedYaml } from './yaml.js';

/** A role from roles_data.yaml: `name` plus whatever keys the file gives, in file order. */
export type Role = { name: string; tags?: unknown[] } & Record<string, unknown>;

/**
 * Tags process-templates.py adds from the role name when the role lacks them
 * (deprecated upstream, kept because the rendered output depends on it).
 */
const NAME_TAGS: ReadonlyArray<{ tag: string; prefixes: readonly string[] }> = [
  { tag: 'compute', prefixes: ['Compute', 'HciCeph', 'DistributedCompute'] },
  { tag: 'ceph', prefixes: ['Ceph'] },
  { tag: 'ovsdpdk', prefixes: ['ComputeOvsDpdk'] },
  { tag: 'storage', prefixes: ['ObjectStorage', 'BlockStorage', 'Ceph'] },
];

export interface LoadedRoles {
  roles: Role[];
  warnings: string[];
}

export interface RoleLoadOptions {
  /**
   * Default `tags` to [] and add the tags implied by the role name, as
   * process-templates.py does from THT victoria on (default: true).
   */
  tagsFromNames?: boolean;
}

/** Check the shape of a parsed roles file and apply the name-based tags. */
export function rolesFromYaml(parsed: ParsedYaml, options: RoleLoadOptions = {}): LoadedRoles {
  const tagsFromNames = options.tagsFromNames ?? true;
  const { value, file } = parsed;
  const at = (path: (string | number)[]) => ({ file, ...positionAt(parsed, path) });
  if (!Array.isArray(value)) {
    throw new ThtError('the roles file must be a YAML list of role mappings, each with a name', {
      at: at([]),
      hint: 'Start each role with "- name: RoleName".',
    });
  }
  const seen = new Map<string, number>();
  const roles: Role[] = [];
  const warnings: string[] = [];
  value.forEach((entry, i) => {
    if (!isMapping(entry)) {
      throw new ThtError(`role #${i + 1} is not a mapping`, { at: at([i]), hint: 'Each list item must be a mapping with a name key.' });
    }
    const role = entry;
    if (typeof role.name !== 'string' || role.name === '') {
      throw new ThtError(`role #${i + 1} has no name`, { at: at([i]), hint: 'Add "name: RoleName" to the role.' });
    }
    const name = role.name;
    checkPathSafe(name, 'role name', () => at([i, 'name']));
    if (typeof role.deprecated_nic_config_name === 'string') {
      checkPathSafe(role.deprecated_nic_config_name, 'deprecated_nic_config_name', () => at([i, 'deprecated_nic_config_name']));
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new ThtError(`duplicate role name "${name}" (first defined as role #${first + 1})`, {
        at: at([i, 'name']),
        hint: 'Role names must be unique; rename or remove one of them.',
      });
    }
    seen.set(name, i);
    if (tagsFromNames && (role.tags === undefined || role.tags === null)) role.tags = [];
    if (role.tags !== undefined && !Array.isArray(role.tags)) {
      throw new ThtError(`role "${name}": tags must be a list`, { at: at([i, 'tags']), hint: 'Write tags as a YAML list, e.g. "tags: [compute]".' });
    }
    for (const { tag, prefixes } of tagsFromNames ? NAME_TAGS : []) {
      const tags = role.tags as unknown[];
      if (prefixes.some((p) => name.startsWith(p)) && !tags.includes(tag)) {
        tags.push(tag);
        warnings.push(
          `DEPRECATED: role '${name}' has no '${tag}' tag; it was added from the role name. Add the '${tag}' tag to the role in the roles data.`,
        );
      }
    }
    roles.push(role as Role);
  });
  return { roles, warnings };
}

const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a roles file lists a role's service (its `ServicesDefault` entry),
 * for a message that points at the line to change: found in the text when
 * the file is laid out as roles files are (`- name: Role`, then `- Service`
 * lines), else in the positioned parse `parsed` gives (slow on a big file).
 */
export function locateRoleService(text: string, parsed: () => ParsedYaml, role: string, service: string): { line: number; column: number } | undefined {
  const lines = text.split('\n');
  const start = new RegExp(`^(\\s*)-\\s+name:\\s*(['"]?)${escapeRe(role)}\\2\\s*(#.*)?$`);
  const entry = new RegExp(`^(\\s*-\\s+)(['"]?)${escapeRe(service)}\\2\\s*(#.*)?$`);
  const i = lines.findIndex((l) => start.test(l));
  if (i >= 0) {
    const indent = start.exec(lines[i]!)![1]!;
    for (let j = i + 1; j < lines.length && !(lines[j]!.startsWith(`${indent}- `) && /^\s*-\s+name:/.test(lines[j]!)); j++) {
      const m = entry.exec(lines[j]!);
      if (m) return { line: j + 1, column: m[1]!.length + 1 };
    }
  }
  const doc = parsed();
  if (!Array.isArray(doc.value)) return undefined;
  const index = doc.value.findIndex((r) => isMapping(r) && r.name === role);
  const found = doc.value[index] as unknown;
  if (index < 0 || !isMapping(found) || !Array.isArray(found.ServicesDefault)) return undefined;
  const at = found.ServicesDefault.indexOf(service);
  return at < 0 ? undefined : positionAt(doc, [index, 'ServicesDefault', at]);
}
