/**
 * roles_data loading as process-templates.py does it: a YAML list of role
 * mappings, each with a `name`, plus the deprecated name-based tags.
 */
import { ThtError } from './errors.js';
import type { PathFinding } from './finding.js';
import { checkPathSafe } from './safe-names.js';
import { isMapping } from './values.js';
import type { PathSegment, YamlFile } from '../yaml/file.js';
import { PyDict } from '../yaml/python.js';

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

/**
 * DATA004 (warning): a role lacking a tag its name implies, added as
 * process-templates.py adds it (deprecated upstream). Its path starts with
 * the role's index, as a schema finding's does.
 */
export const ROLE_TAG_FROM_NAME = 'DATA004';

const SERVICE_PREFIX = 'OS::TripleO::Services::';

/** A service as people name it: `NovaCompute` for `OS::TripleO::Services::NovaCompute` (other types as they are). */
export function shortServiceName(service: string): string {
  return service.startsWith(SERVICE_PREFIX) ? service.slice(SERVICE_PREFIX.length) : service;
}

export interface LoadedRoles {
  roles: Role[];
  warnings: PathFinding[];
}

export interface RoleLoadOptions {
  /**
   * Default `tags` to [] and add the tags implied by the role name, as
   * process-templates.py does from THT victoria on (default: true).
   */
  tagsFromNames?: boolean;
  /**
   * The same document as the file's exact Python construction
   * (`YamlFile.python()`), for templates: it gets the same name tags, in
   * place, so that templates see the roles as process-templates.py hands
   * them to jinja2.
   */
  python?: unknown;
}

/** Check the shape of a parsed roles file and apply the name-based tags. */
export function rolesFromYaml(parsed: YamlFile, options: RoleLoadOptions = {}): LoadedRoles {
  const tagsFromNames = options.tagsFromNames ?? true;
  const { value, name: file } = parsed;
  const at = (path: (string | number)[]) => ({ file, ...parsed.position(path) });
  if (!Array.isArray(value)) {
    throw new ThtError('the roles file must be a YAML list of role mappings, each with a name', {
      at: at([]),
      hint: 'Start each role with "- name: RoleName".',
    });
  }
  const python = options.python as unknown[] | undefined;
  const seen = new Map<string, number>();
  const roles: Role[] = [];
  const warnings: PathFinding[] = [];
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
    // A mapping with a string name is a dict in Python too (a !!set has no name).
    const pyRole = python?.[i] as PyDict | undefined;
    // The tags as written, else the role: where the tag is to be added.
    const tagsPath = role.tags === undefined ? [i] : [i, 'tags'];
    if (tagsFromNames && (role.tags === undefined || role.tags === null)) {
      role.tags = [];
      pyRole?.set('tags', []);
    }
    if (role.tags !== undefined && !Array.isArray(role.tags)) {
      throw new ThtError(`role "${name}": tags must be a list`, { at: at([i, 'tags']), hint: 'Write tags as a YAML list, e.g. "tags: [compute]".' });
    }
    for (const { tag, prefixes } of tagsFromNames ? NAME_TAGS : []) {
      const tags = role.tags as unknown[];
      if (prefixes.some((p) => name.startsWith(p)) && !tags.includes(tag)) {
        tags.push(tag);
        (pyRole?.get('tags') as unknown[] | undefined)?.push(tag);
        warnings.push({
          code: ROLE_TAG_FROM_NAME,
          severity: 'warning',
          ...at(tagsPath),
          path: tagsPath,
          message: `DEPRECATED: role '${name}' has no '${tag}' tag; it was added from the role name`,
          hint: `Add the '${tag}' tag to the role in the roles data.`,
        });
      }
    }
    roles.push(role as Role);
  });
  return { roles, warnings };
}

/**
 * The YAML path at which a roles file lists a role's service (its
 * `ServicesDefault` entry), for a message that points at the line to change.
 */
export function roleServicePath(rolesFile: YamlFile, role: string, service: string): PathSegment[] | undefined {
  const roles = rolesFile.value;
  if (!Array.isArray(roles)) return undefined;
  const index = roles.findIndex((r) => isMapping(r) && r.name === role);
  const found = roles[index] as unknown;
  if (index < 0 || !isMapping(found) || !Array.isArray(found.ServicesDefault)) return undefined;
  const at = found.ServicesDefault.indexOf(service);
  return at < 0 ? undefined : [index, 'ServicesDefault', at];
}
