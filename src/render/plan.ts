/**
 * Which outputs a tree produces, and from which template with which data: the
 * naming and context rules of process-templates.py.
 */
import { posix } from 'node:path';
import { isEnabled, type Network } from '../load/networks.js';
import type { Role } from '../load/roles.js';

export type TemplateKind = 'role' | 'network' | 'plain';

export interface RenderJob {
  /** Template path relative to the tree. */
  source: string;
  /** Output path relative to the tree (or the output folder). */
  output: string;
  /** The template's variables, as Python values (see PlanInput.python). */
  context: Record<string, unknown>;
  /** The role or network the output is rendered for, if any. */
  role?: Role;
  network?: Network;
}

/** `*.role.j2.yaml`, `*.network.j2.yaml`, other `*.j2.yaml`, or not a template. */
export function templateKind(path: string): TemplateKind | undefined {
  if (path.endsWith('.role.j2.yaml')) return 'role';
  if (path.endsWith('.network.j2.yaml')) return 'network';
  if (path.endsWith('.j2.yaml')) return 'plain';
  return undefined;
}

/**
 * Templates written for `{{role}}` (the role name) predate role dicts; a
 * template that mentions `{{role.name}}` literally gets the whole role.
 */
const ROLE_DICT_MARKER = '{{role.name}}';

export interface PlanInput {
  source: string;
  text: string;
  /** The checked roles and networks, which name the outputs. */
  roles: Role[];
  networks: Network[];
  /**
   * The same roles and networks as templates see them: the files' exact
   * Python construction, item for item, prepared as `roles` and `networks`
   * were. One object per role and network for every template, so what one
   * template changes in them the next sees, as in process-templates.py.
   */
  python: { roles: unknown[]; networks: unknown[] };
  excluded: ReadonlySet<string>;
}

export function planTemplate({ source, text, roles, networks, python, excluded }: PlanInput): RenderJob[] {
  const folder = posix.dirname(source);
  const base = posix.basename(source);
  const at = (name: string) => (folder === '.' ? name : `${folder}/${name}`);
  switch (templateKind(source)) {
    case 'role': {
      const roleDict = text.includes(ROLE_DICT_MARKER);
      return roles
        .map((role, i) => ({
          source,
          output: at(roleOutputName(source, base, role)),
          context: { role: roleDict ? python.roles[i] : role.name, networks: python.networks },
          role,
        }))
        .filter((job) => !excluded.has(job.output));
    }
    case 'network': {
      const name = base.replace('.network.j2.yaml', '.yaml');
      const placeholder = folder.endsWith('ports') ? 'port' : 'network';
      return networks
        .map((network, i) => ({
          source,
          output: at(name.replaceAll(placeholder, String(network.name_lower))),
          context: { network: python.networks[i] },
          network,
        }))
        .filter((job) => isEnabled(job.network))
        .filter((job) => !excluded.has(job.output));
    }
    case 'plain':
      // j2_excludes applies to per-role and per-network outputs only, as upstream.
      return [{ source, output: at(base.replaceAll('.j2.yaml', '.yaml')), context: { roles: python.roles, networks: python.networks } }];
    default:
      return [];
  }
}

/** NIC config templates are named after the role alone (or its deprecated name). */
function roleOutputName(source: string, base: string, role: Role): string {
  const lower = role.name.toLowerCase();
  if (source.includes('network/config')) {
    const deprecated = role.deprecated_nic_config_name;
    return typeof deprecated === 'string' && deprecated ? deprecated : `${lower}.yaml`;
  }
  return `${lower}-${base.replaceAll('.role.j2.yaml', '.yaml')}`;
}
