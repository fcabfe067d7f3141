/**
 * What `roles list/show/diff` report about a role, taken from its mapping in a
 * role file. Pure data; the CLI decides how to print it.
 */
import { shortServiceName } from '../load/roles.js';
import { isNumber, type PyNumber } from '../yaml/python.js';

export interface RoleNetwork {
  name: string;
  /** The subnet the role uses, when `networks` is a mapping. */
  subnet?: string;
}

export interface RoleSummary {
  name: string;
  /** The description on one line. */
  description: string;
  tags: string[];
  networks: RoleNetwork[];
  /** CountDefault; 0 when absent, as overcloud.yaml defaults it. */
  count: PyNumber;
  /** HostnameFormatDefault, or the default THT derives from the name. */
  hostnameFormat: string;
  /** ServicesDefault, in file order. */
  services: string[];
  /** Services grouped by the project or area they belong to, groups sorted by name. */
  serviceGroups: ServiceGroup[];
}

export interface ServiceGroup {
  group: string;
  /** Short service names (without OS::TripleO::Services::), in file order. */
  services: string[];
}


export function summarizeRole(role: Record<string, unknown>): RoleSummary {
  const name = String(role.name);
  const services = strings(role.ServicesDefault);
  return {
    name,
    description: oneLine(role.description),
    tags: strings(role.tags),
    networks: roleNetworks(role.networks),
    count: isNumber(role.CountDefault) ? role.CountDefault : 0,
    // overcloud.j2.yaml's default when the role gives none (or an empty one).
    hostnameFormat:
      typeof role.HostnameFormatDefault === 'string' && role.HostnameFormatDefault !== ''
        ? role.HostnameFormatDefault
        : `%stackname%-${name.toLowerCase()}-%index%`,
    services,
    serviceGroups: groupServices(services),
  };
}

function oneLine(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** `networks` is either a list of names or a mapping of name to `{subnet}`. */
function roleNetworks(value: unknown): RoleNetwork[] {
  if (Array.isArray(value)) return value.map((n) => ({ name: String(n) }));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([name, v]) => {
      const subnet = v && typeof v === 'object' ? (v as Record<string, unknown>).subnet : undefined;
      return typeof subnet === 'string' ? { name, subnet } : { name };
    });
  }
  return [];
}

/** OpenStack projects, by the word their services' names use. */
const PROJECTS = new Set([
  'Aodh', 'Barbican', 'Ceilometer', 'Cinder', 'Designate', 'Glance', 'Gnocchi', 'Heat', 'Horizon', 'Ironic', 'Keystone',
  'Manila', 'Mistral', 'Neutron', 'Nova', 'Novajoin', 'Octavia', 'Placement', 'Swift', 'Tempest', 'Zaqar',
]);

/** Infrastructure areas, by words that mark their services. */
const AREAS: ReadonlyArray<readonly [group: string, words: readonly string[]]> = [
  ['ceph', ['Ceph']],
  ['ovn/ovs', ['OVN', 'Ovs']],
  ['high availability', ['HAproxy', 'Pacemaker', 'Clustercheck']],
  ['database and cache', ['MySQL', 'Redis', 'Etcd', 'Memcached']],
  ['monitoring and logging', ['Collectd', 'Rsyslog', 'Metrics']],
  ['messaging', ['Oslo', 'Rabbitmq']],
  ['undercloud', ['Undercloud']],
];

/**
 * Which project or area a service belongs to, from the words of its name: the
 * first word that names an OpenStack project wins (ComputeNeutronOvsAgent is
 * Neutron's), then the infrastructure areas; anything else is host set-up.
 */
export function serviceGroup(service: string): string {
  const name = shortServiceName(service);
  let project: string | undefined;
  let projectAt = Infinity;
  for (const p of PROJECTS) {
    const at = wordIndex(name, p);
    if (at < projectAt) [project, projectAt] = [p, at];
  }
  if (project) return project.toLowerCase();
  return AREAS.find(([, marks]) => marks.some((w) => wordIndex(name, w) < Infinity))?.[0] ?? 'host';
}


/** Where `word` occurs as a whole CamelCase word (next char upper-case, a digit or the end); Infinity if nowhere. */
function wordIndex(name: string, word: string): number {
  for (let at = name.indexOf(word); at >= 0; at = name.indexOf(word, at + 1)) {
    const next = name[at + word.length];
    if (next === undefined || /[A-Z0-9]/.test(next)) return at;
  }
  return Infinity;
}

function groupServices(services: readonly string[]): ServiceGroup[] {
  const groups = new Map<string, string[]>();
  for (const s of services) {
    const g = serviceGroup(s);
    const list = groups.get(g) ?? [];
    list.push(shortServiceName(s));
    groups.set(g, list);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([group, list]) => ({ group, services: list }));
}

export interface SetDifference {
  onlyInA: string[];
  onlyInB: string[];
}

export interface RoleDiff {
  a: string;
  b: string;
  services: SetDifference;
  networks: SetDifference;
  tags: SetDifference;
}

/** What one role has that the other lacks: services, networks (by name) and tags. */
export function diffRoles(a: RoleSummary, b: RoleSummary): RoleDiff {
  return {
    a: a.name,
    b: b.name,
    services: difference(a.services, b.services),
    networks: difference(
      a.networks.map((n) => n.name),
      b.networks.map((n) => n.name),
    ),
    tags: difference(a.tags, b.tags),
  };
}

function difference(a: readonly string[], b: readonly string[]): SetDifference {
  const inA = new Set(a);
  const inB = new Set(b);
  return { onlyInA: a.filter((x) => !inB.has(x)), onlyInB: b.filter((x) => !inA.has(x)) };
}
