/**
 * The roles `roles list/show/diff` inspect: the files of a roles folder, or
 * the roles of one roles_data file (what an operator edited). Either way a
 * role is checked against the role schema before it is shown.
 */
import { throwOnFirstError, validateRolesData, type DataFinding } from '../load/data-schema.js';
import type { PathFinding } from '../load/finding.js';
import { ROLE_TAG_FROM_NAME, rolesFromYaml } from '../load/roles.js';
import { readYamlFile } from '../yaml/read.js';
import { unknownRole, type RoleLibrary } from './library.js';

export interface CheckedRole {
  role: Record<string, unknown>;
  /** Where it was read from, for display. */
  file: string;
  /** Schema warnings about this role, formatted by the caller; errors throw instead. */
  warnings: DataFinding[];
  /** Notices from loading the roles data as render does (deprecated name-based tags, DATA004). */
  notices: PathFinding[];
}

export interface RoleCatalog {
  /** Role names: sorted for a folder, in file order for a roles_data file. */
  names: string[];
  /** The role as written, without checks (for listing many). */
  role(name: string): Record<string, unknown>;
  /** The role after its source passed the schema. */
  checked(name: string): CheckedRole;
}

export function catalogFromLibrary(library: RoleLibrary): RoleCatalog {
  return {
    names: library.names,
    role: (name) => library.role(name),
    checked(name) {
      // Throws for an unknown role, or one whose file is not read (a FIFO, a link leaving the folder).
      library.text(name);
      const findings = validateRolesData(library.parsed(name));
      throwOnFirstError(findings);
      return { role: library.role(name), file: library.displayPath(name), warnings: findings, notices: [] };
    },
  };
}

/** A roles_data file, validated as a whole once and loaded as `tht render` loads it. */
export async function catalogFromRolesData(path: string, display = path): Promise<RoleCatalog> {
  const parsed = readYamlFile(path, display, { profile: 'safe_load' });
  const findings = validateRolesData(parsed);
  throwOnFirstError(findings);
  const { roles, warnings: notices } = rolesFromYaml(parsed);
  const names = roles.map((r) => r.name);
  const find = (name: string) => {
    const index = names.indexOf(name);
    if (index < 0) throw unknownRole(name, names);
    return index;
  };
  return {
    names,
    role: (name) => roles[find(name)]!,
    checked(name) {
      const index = find(name);
      return {
        role: roles[index]!,
        file: display,
        warnings: findings.filter((f) => f.path[0] === index),
        notices: notices.filter((n) => n.code === ROLE_TAG_FROM_NAME && n.path[0] === index),
      };
    },
  };
}
