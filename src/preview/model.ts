/**
 * The preview of one role: what the deployment object says the role gets,
 * arranged for reading (facts, services, parameters, tasks, configuration)
 * with every place as `file:line`. Plain data (the JSON output is this
 * object); text.ts prints it.
 */
import type { Finding } from '../load/finding.js';
import { withAdvice } from '../load/errors.js';
import { deepEqual, isMapping } from '../load/values.js';
import { isEnabled } from '../load/networks.js';
import { shortServiceName } from '../load/roles.js';
import { parameterValue } from '../heat/parameter-value.js';
import type { Deployment, DeploymentRole, ParameterSource, ParameterValue, ServiceStatus } from '../heat/deployment.js';
import { roleHiera, type HieraKey } from './hiera.js';
import { Positions } from './positions.js';
import { LIFECYCLE_SECTIONS, sectionTasks, type RoleTask } from './tasks.js';

export interface RoleFacts {
  name: string;
  description: string;
  /** `<Role>Count`, effective. */
  count: unknown;
  /** `<Role>HostnameFormat`, effective. */
  hostnameFormat: unknown;
  /** The name node 0 gets with the stack name assumed (HostnameMap applied, lower-cased). */
  node0: string;
  stackName: string;
  /** The role's enabled networks with the subnet its ports use; ctlplane first. */
  networks: Array<{ name: string; subnet: string }>;
  tags: string[];
}

export interface PreviewService {
  /** Short name (without OS::TripleO::Services::). */
  name: string;
  type: string;
  status: ServiceStatus;
  template?: string;
  /** The registry entries that mapped it, last one deciding: `type -> value` at file:line. */
  mappedBy: Array<{ type: string; value: string; at: string }>;
}

export interface PreviewSource {
  kind: ParameterSource['kind'];
  /** For role_parameters: `<Role>Parameters` or the roles file's RoleParametersDefault. */
  via?: string;
}

export interface PreviewParameterUse {
  /** The effective value, or (when it cannot be known offline) the expression as written. */
  value: unknown;
  /** True when `value` is an expression as written, not a value. */
  asWritten: boolean;
  source: PreviewSource;
  /** Where the value is set, `file:line` (one per template default, parent property...); [] for kind "none". */
  at: string[];
  /** The templates whose stacks take it with this value from this kind of source. */
  templates: string[];
}

export interface PreviewParameter {
  name: string;
  type: string;
  /** One entry per distinct value and source among the role's stacks. */
  uses: PreviewParameterUse[];
  /** Read from RoleParameters by one of its templates: a `<Role>Parameters` value applies. */
  roleSpecific: boolean;
  /** Some stack takes a value other than its template default. */
  changed: boolean;
}

export interface PreviewTask {
  service: string;
  name?: string;
  /** Steps it runs in (absent: a section without steps). */
  steps?: number[];
  everyStep: boolean;
  task: unknown;
}

export interface PreviewSection {
  section: string;
  /** `tasks`: Ansible tasks; `by_step`: container_puppet_tasks entries, by the step they run in. */
  shape: 'tasks' | 'by_step';
  playbook: string;
  steps?: number[];
  external: boolean;
  tasks: PreviewTask[];
  repeats: number;
  unevaluated: Array<{ service: string; written: unknown }>;
}

export interface PreviewConfiguration {
  keys: HieraKey[];
  /** The hiera hierarchy, highest first (the tree's hieradata_files). */
  hierarchy: string[];
  /** Keys two services set to different values, where no higher layer overrides them. */
  conflicts: string[];
  /** Keys the services set that a higher layer (ExtraConfig...) overrides. */
  overridden: string[];
  unresolved: Array<{ service: string; written: unknown }>;
}

/** A role_data section the role's deployed services set, and what becomes of it. */
export interface PreviewRoleDataSection {
  section: string;
  /** The services that set it, in chain order. */
  services: string[];
  /** The role aggregation reads it (undefined: the role has no aggregation stack); a section it does not read is dead. */
  aggregated?: boolean;
  /** Resources the aggregation passes every service's role_data to whole (`none`: mapped to OS::Heat::None), which could read a section it does not. */
  passedWholeTo?: Array<{ resource: string; none: boolean }>;
  /** The aggregation outputs a role_data section of that name, which config-download writes as `<Role>/<section>.yaml`. */
  configDownload?: boolean;
  /** Where the preview shows it: `tasks`, `configuration` (hiera), or undefined (not shown). */
  shown?: 'tasks' | 'configuration';
}

/** A problem of the role's deployment, under the code validate and lint report it with; the file as it opens from the current folder. */
export type PreviewProblem = Finding;

export interface RolePreview {
  role: RoleFacts;
  services: PreviewService[];
  parameters: PreviewParameter[];
  tasks: PreviewSection[];
  configuration: PreviewConfiguration;
  /** Every role_data section of the role's deployed services. */
  sections: PreviewRoleDataSection[];
  problems: PreviewProblem[];
}

export interface PreviewOptions {
  /** Assumed stack name for hostnames (default `overcloud`, python-tripleoclient's). */
  stackName?: string;
  /** Only this task section, and this role_data section alone (`--section`): the other sections are not evaluated. */
  section?: string;
}

export function previewRole(deployment: Deployment, role: DeploymentRole, positions: Positions, options: PreviewOptions = {}): RolePreview {
  const services: PreviewService[] = role.services.map((s) => ({
    name: shortServiceName(s.type),
    type: s.type,
    status: s.status,
    ...(s.template === undefined ? {} : { template: positions.file(s.template) }),
    mappedBy: s.mappedBy.map((m) => ({ type: m.type, value: m.value, at: positions.at(m.at) })),
  }));
  const shown = (section: string) => options.section === undefined || section === options.section;
  const tasks: PreviewSection[] = LIFECYCLE_SECTIONS.filter((s) => shown(s.name)).map((section) => {
    const t = sectionTasks(role.services, section, role.aggregation?.section(section.name));
    return {
      section: section.name,
      shape: section.shape,
      playbook: section.playbook,
      ...(section.steps === undefined ? {} : { steps: [...section.steps] }),
      external: section.external,
      tasks: t.tasks.map((x) => previewTask(x)),
      repeats: t.repeats,
      unevaluated: t.unevaluated.map((u) => ({ service: shortServiceName(u.service), written: u.written })),
    };
  });
  const hiera = roleHiera(role, deployment);
  const problems = deployment.problems
    .filter((p) => p.role === role.name)
    // Without a place of its own, a problem is the role's, at its entry in the roles file; the advice joins
    // the message as in tht validate's JSON, so the same problem is the same object in both.
    .map((p) => ({ code: p.code, severity: p.severity, ...positions.position(p.at ?? { file: deployment.rolesFile, path: [role.index] }), message: withAdvice(p.message, p.hint) }));
  return {
    role: roleFacts(deployment, role, options.stackName ?? 'overcloud'),
    services,
    parameters: groupParameters(role.parameters, positions),
    tasks,
    configuration: {
      keys: hiera.keys.map((k) => ({ ...k, setters: k.setters.map((s) => ({ ...s, service: shortServiceName(s.service) })) })),
      hierarchy: hiera.hierarchy,
      conflicts: hiera.keys.filter((k) => k.conflict).map((k) => k.key),
      overridden: hiera.keys.filter((k) => k.overridden).map((k) => k.key),
      unresolved: hiera.unresolved.map((u) => ({ service: shortServiceName(u.service), written: u.written })),
    },
    sections: roleDataSections(role).filter((s) => shown(s.section)),
    problems,
  };
}

function roleDataSections(role: DeploymentRole): PreviewRoleDataSection[] {
  const bySection = new Map<string, string[]>();
  for (const s of role.services) {
    for (const section of Object.keys(s.roleData ?? {})) {
      const services = bySection.get(section) ?? [];
      bySection.set(section, [...services, shortServiceName(s.type)]);
    }
  }
  const agg = role.aggregation;
  return [...bySection.keys()].sort().map((section) => {
    const shown = LIFECYCLE_SECTIONS.some((l) => l.name === section) ? 'tasks' : section === 'config_settings' ? 'configuration' : undefined;
    return {
      section,
      services: bySection.get(section)!,
      ...(agg ? { aggregated: agg.reads.has(section), configDownload: agg.outputs.includes(section) } : {}),
      ...(agg && !agg.reads.has(section) && agg.wholeTo.length > 0 ? { passedWholeTo: agg.wholeTo.map((w) => ({ ...w })) } : {}),
      ...(shown ? { shown } : {}),
    } satisfies PreviewRoleDataSection;
  });
}

function previewTask(t: RoleTask): PreviewTask {
  return {
    service: shortServiceName(t.service),
    ...(t.name === undefined ? {} : { name: t.name }),
    ...(t.steps === undefined ? {} : { steps: t.steps }),
    everyStep: t.everyStep,
    task: t.task,
  };
}

/** The effective value of one of the role's root parameters (`<Role>Count`...). */
function rootValue(role: DeploymentRole, name: string): unknown {
  return role.parameters.find((p) => p.stack.length === 0 && p.name === name)?.value;
}

function roleFacts(deployment: Deployment, role: DeploymentRole, stackName: string): RoleFacts {
  const data = role.data;
  const format = rootValue(role, `${role.name}HostnameFormat`);
  const hostnameMap = deployment.walk.root.parameters.find((p) => p.def.name === 'HostnameMap')?.value;
  let node0 = typeof format === 'string' ? format.split('%stackname%').join(stackName).split('%index%').join('0') : '';
  // The server's name: HostnameMap's rename if any, lower-cased (puppet/role.role.j2.yaml).
  if (isMapping(hostnameMap) && typeof hostnameMap[node0] === 'string') node0 = hostnameMap[node0] as string;
  return {
    name: role.name,
    description: typeof data.description === 'string' ? data.description.replace(/\s+/g, ' ').trim() : '',
    count: rootValue(role, `${role.name}Count`),
    hostnameFormat: format,
    node0: node0.toLowerCase(),
    stackName,
    networks: roleNetworks(deployment, role),
    tags: Array.isArray(data.tags) ? data.tags.map(String) : [],
  };
}

/** Port subnets as puppet/role.role.j2.yaml picks them (tools/preview/README.md, section 4). */
function roleNetworks(deployment: Deployment, role: DeploymentRole): RoleFacts['networks'] {
  const ctlplane = rootValue(role, `${role.name}ControlPlaneSubnet`);
  const out = [{ name: 'ctlplane', subnet: typeof ctlplane === 'string' ? ctlplane : 'ctlplane-subnet' }];
  const declared = role.data.networks;
  const names = Array.isArray(declared) ? declared.map(String) : isMapping(declared) ? Object.keys(declared) : [];
  for (const name of names) {
    const net = deployment.networks.find((n) => n.name === name);
    if (!net || !isEnabled(net)) continue;
    const base = `${String(net.name_lower)}_subnet`;
    let subnet = base;
    if (isMapping(declared)) {
      const entry = declared[name];
      const given = isMapping(entry) && typeof entry.subnet === 'string' ? entry.subnet : undefined;
      subnet = given ?? base;
      const own = isMapping(net.subnets) ? Object.keys(net.subnets) : [];
      const replaced = typeof net.service_net_map_replace === 'string' ? net.service_net_map_replace : undefined;
      if (given !== undefined && replaced !== undefined && replaced === given.replace(/_subnet$/, '') && !own.includes(given)) subnet = base;
    }
    out.push({ name, subnet });
  }
  return out;
}

/** One entry per parameter name, its stacks grouped by value and source. */
export function groupParameters(values: readonly ParameterValue[], positions: Positions): PreviewParameter[] {
  const byName = new Map<string, PreviewParameter>();
  for (const v of values) {
    let p = byName.get(v.name);
    if (!p) byName.set(v.name, (p = { name: v.name, type: v.type, uses: [], roleSpecific: false, changed: false }));
    p.roleSpecific ||= v.roleSpecific;
    p.changed ||= isChanged(v);
    const asWritten = v.value === undefined && v.written !== undefined;
    const value = asWritten ? v.written : v.value;
    const source: PreviewSource = v.source.kind === 'role_parameters' ? { kind: v.source.kind, via: v.source.via } : { kind: v.source.kind };
    const at = v.source.kind === 'none' ? undefined : positions.at(v.source.at);
    const template = positions.file(v.template);
    let use = p.uses.find((u) => u.asWritten === asWritten && deepEqual(u.value, value) && deepEqual(u.source, source));
    if (!use) p.uses.push((use = { value, asWritten, source, at: [], templates: [] }));
    if (at !== undefined && !use.at.includes(at)) use.at.push(at);
    if (!use.templates.includes(template)) use.templates.push(template);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Not at the template default: set by something else to another value (or to one that cannot be known offline). */
function isChanged(v: ParameterValue): boolean {
  if (v.source.kind === 'default' || v.source.kind === 'none') return false;
  if (v.value === undefined) return true;
  return v.default === undefined || !deepEqual(v.value, parameterValue(v.type, v.default));
}
