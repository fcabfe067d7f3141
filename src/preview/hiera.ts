/**
 * A role's hiera (tools/preview/README.md, section 3): the keys its nodes
 * look up, each with the layer its value comes from.
 *
 * `service_configs` is `<Role>ServiceConfigSettings`, a shallow map_merge,
 * lowest first, of GlobalConfigExtraMapData, the role's services'
 * `config_settings` (merged between services by yaql's `mergeWith` in chain
 * order: mappings recursively, lists unioned, anything else the later
 * service wins), every role's `global_config_settings` (each role's a
 * shallow merge of its services', roles in order), and the
 * `service_config_settings` of every role's services (deep-merged, then
 * the entries for the service names the role runs, deep-merged). Above it
 * the hierarchy (`hieradata_files`, first file with the key wins) puts
 * `extraconfig` (ExtraConfig), then `role_extraconfig` (`<Role>ExtraConfig`),
 * and the per-node file `%{::uuid}` (NodeDataLookup) on top.
 *
 * The values are the deployed services' as evaluated (deployed-values.ts):
 * a value that cannot be known offline is shown as written, and a part
 * whose keys cannot be known (a map_merge member) is counted in `unresolved`.
 */
import { shortServiceName } from '../load/roles.js';
import { deepEqual, isMapping } from '../load/values.js';
import { isFunctionCall, type CrossRoleSettings, type DeployedService, type Deployment, type DeploymentRole } from '../heat/deployment.js';
import { AsWritten, asWritten } from '../heat/deployed-values.js';

/** Where a value of a key comes from. */
export type HieraLayer =
  | 'GlobalConfigExtraMapData'
  | 'config_settings'
  | 'global_config_settings'
  | 'service_config_settings'
  | 'extraconfig'
  | 'role_extraconfig'
  /** Only per node (a NodeDataLookup entry), nothing role-wide. */
  | 'NodeDataLookup';

export interface HieraSetter {
  /** The service (for the service layers; for global and service_config_settings, with its role) or the parameter. */
  service: string;
  layer: HieraLayer;
  /** The role whose service sets it (global_config_settings, service_config_settings). */
  role?: string;
  /** The value (what cannot be known offline as written). */
  value: unknown;
}

export interface HieraKey {
  key: string;
  /** Everything that sets it, lowest layer first (services in chain order within config_settings). */
  setters: HieraSetter[];
  /** The effective value on the role's nodes (a NodeDataLookup entry aside). */
  value: unknown;
  /** The layer the effective value comes from. */
  layer: HieraLayer;
  /** Two services' config_settings give different values, and no higher layer sets the key. */
  conflict: boolean;
  /** Services set it, and a higher layer overrides what they give. */
  overridden: boolean;
  /** NodeDataLookup entries (per node, by system UUID) that set it on one node, above everything. */
  nodes?: Array<{ node: string; value: unknown }>;
}

export interface RoleHiera {
  keys: HieraKey[];
  /** The hierarchy as the tree gives it (hieradata_files), highest first. */
  hierarchy: string[];
  /** Parts left unread, by service: functions that are not evaluated offline. */
  unresolved: Array<{ service: string; written: unknown }>;
}

/** The hierarchy when the tree does not give one: THT's order of the layers tht computes. */
const DEFAULT_HIERARCHY = ['%{::uuid}', 'role_extraconfig', 'extraconfig', 'service_configs'];

export function roleHiera(role: DeploymentRole, deployment: Deployment): RoleHiera {
  const unresolved: RoleHiera['unresolved'] = [];
  const services = serviceLayer(role.services, unresolved);
  const byKey = new Map<string, HieraKey>();
  const set = (key: string, setter: HieraSetter, merged: unknown) => {
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { key, setters: [], value: merged, layer: setter.layer, conflict: false, overridden: false }));
    entry.setters.push(setter);
    entry.value = merged;
    entry.layer = setter.layer;
  };
  // service_configs, lowest layer first; each replaces a key whole (map_merge).
  const extra = rootParameter(deployment, 'GlobalConfigExtraMapData');
  if (isMapping(extra)) for (const [k, v] of Object.entries(extra)) set(k, { service: 'GlobalConfigExtraMapData', layer: 'GlobalConfigExtraMapData', value: v }, v);
  for (const e of services.values()) {
    for (const x of e.setters) set(e.key, x, e.value);
    const entry = byKey.get(e.key)!;
    entry.conflict = e.conflict;
  }
  for (const layer of crossRoleLayers(role, deployment, unresolved)) {
    for (const [k, v] of Object.entries(layer.values)) set(k, { service: layer.service, layer: layer.layer, ...(layer.role ? { role: layer.role } : {}), value: v }, v);
  }
  // The hierarchy: a higher file's key hides everything below it.
  const files = Array.isArray(role.hiera?.files) ? role.hiera.files.filter((f): f is string => typeof f === 'string') : DEFAULT_HIERARCHY;
  // role_extraconfig holds <Role>ExtraConfig and what the tree merges with it (the sensubility subscriptions).
  const roleExtra = rootParameter(deployment, `${role.name}ExtraConfig`);
  const upper: Array<[HieraLayer, unknown, (key: string) => string]> = [
    ['role_extraconfig', role.hiera?.roleExtraconfig, (k) => (isMapping(roleExtra) && Object.hasOwn(roleExtra, k) ? `${role.name}ExtraConfig` : 'the role')],
    ['extraconfig', role.hiera?.extraconfig, () => 'ExtraConfig'],
  ];
  const rank = (f: string) => (files.includes(f) ? files.indexOf(f) : files.length);
  for (const [layer, data, by] of upper.sort((a, b) => rank(b[0]) - rank(a[0]))) {
    if (!isMapping(data) || rank(layer) > rank('service_configs')) continue;
    for (const [k, v] of Object.entries(data)) {
      set(k, { service: by(k), layer, value: asWritten(v) }, asWritten(v));
    }
  }
  const nodes = rootParameter(deployment, 'NodeDataLookup', true);
  if (isMapping(nodes) && files.includes('%{::uuid}')) {
    for (const [node, data] of Object.entries(nodes)) {
      if (!isMapping(data)) continue;
      for (const [k, v] of Object.entries(data)) {
        const entry = byKey.get(k) ?? { key: k, setters: [], value: undefined, layer: 'NodeDataLookup' as HieraLayer, conflict: false, overridden: false };
        byKey.set(k, entry);
        (entry.nodes ??= []).push({ node, value: v });
      }
    }
  }
  for (const e of byKey.values()) {
    e.overridden = e.layer !== 'config_settings' && e.setters.some((x) => x.layer === 'config_settings');
    if (e.overridden) e.conflict = false;
  }
  return { keys: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), hierarchy: files, unresolved };
}

/** The role's services' config_settings merged between services (mergeWith, chain order). */
function serviceLayer(services: readonly DeployedService[], unresolved: RoleHiera['unresolved']): Map<string, { key: string; setters: HieraSetter[]; value: unknown; conflict: boolean }> {
  const byKey = new Map<string, { key: string; setters: HieraSetter[]; value: unknown; conflict: boolean }>();
  for (const s of services) {
    if (s.status !== 'deployed' || !s.stack) continue;
    if (s.roleDataWritten !== undefined) unresolved.push({ service: s.type, written: s.roleDataWritten });
    const settings = sectionOf(s, 'config_settings', unresolved);
    for (const [key, deployed] of Object.entries(settings)) {
      const value = asWritten(deployed);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { key, setters: [], value, conflict: false }));
      else {
        entry.conflict ||= entry.setters.some((x) => !deepEqual(x.value, value));
        entry.value = mergeWith(entry.value, value);
      }
      entry.setters.push({ service: s.type, layer: 'config_settings', value });
    }
  }
  return byKey;
}

/** A mapping section of a service's role_data; what cannot be known offline goes to `unresolved`. */
function sectionOf(s: { type: string; roleData?: Record<string, unknown>; roleDataLost?: Record<string, AsWritten[]> }, section: string, unresolved: RoleHiera['unresolved']): Record<string, unknown> {
  for (const part of [...(s.roleDataLost?.[''] ?? []), ...(s.roleDataLost?.[section] ?? [])]) unresolved.push({ service: s.type, written: part.written });
  const v = s.roleData?.[section];
  if (v instanceof AsWritten) unresolved.push({ service: s.type, written: v.written });
  return isMapping(v) ? v : {};
}

interface CrossLayer {
  layer: HieraLayer;
  service: string;
  role?: string;
  values: Record<string, unknown>;
}

/**
 * global_config_settings of every role's services (shallow, roles then
 * chain order), then the service_config_settings of every role's services
 * deep-merged, for the service names the role runs (deep-merged in the
 * merged map's order).
 */
function crossRoleLayers(role: DeploymentRole, deployment: Deployment, unresolved: RoleHiera['unresolved']): CrossLayer[] {
  const out: CrossLayer[] = [];
  const read = (c: CrossRoleSettings, section: 'global_config_settings' | 'service_config_settings') => {
    const v = c[section];
    if (v instanceof AsWritten) unresolved.push({ service: c.service, written: v.written });
    return isMapping(v) ? v : {};
  };
  for (const c of deployment.crossRole) {
    const values = read(c, 'global_config_settings');
    if (Object.keys(values).length > 0) out.push({ layer: 'global_config_settings', service: c.service, role: c.role, values: asWritten(values) as Record<string, unknown> });
  }
  const names = Array.isArray(role.hiera?.serviceNames) ? role.hiera.serviceNames : role.services.flatMap((s) => (typeof s.roleData?.service_name === 'string' ? [s.roleData.service_name] : []));
  // Who set each service name's entry, in the merged map's order.
  const merged = new Map<string, { value: unknown; by: CrossRoleSettings[] }>();
  for (const c of deployment.crossRole) {
    for (const [name, v] of Object.entries(read(c, 'service_config_settings'))) {
      const prev = merged.get(name);
      const value = asWritten(v);
      merged.set(name, prev ? { value: mergeWith(prev.value, value), by: [...prev.by, c] } : { value, by: [c] });
    }
  }
  for (const [name, entry] of merged) {
    if (!names.includes(name) || !isMapping(entry.value)) continue;
    const by = entry.by.map((c) => `${shortServiceName(c.service)} (${c.role})`).join(', ');
    out.push({ layer: 'service_config_settings', service: `${name} from ${by}`, values: entry.value });
  }
  return out;
}

/** A root parameter's value (its json string parsed when asked). */
function rootParameter(deployment: Deployment, name: string, parseJson = false): unknown {
  const v = deployment.walk.root.parameters.find((p) => p.def.name === name)?.value ?? (parseJson ? deployment.env.parameterDefaults[name] : undefined);
  if (parseJson && typeof v === 'string') {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  return v;
}

/**
 * yaql's mergeWith of two values, as the role aggregation merges services'
 * config_settings. A function call as written stands for a value not known
 * yet, so it merges as a scalar: the later one wins.
 */
function mergeWith(a: unknown, b: unknown): unknown {
  if (isFunctionCall(a) || isFunctionCall(b)) return b;
  if (isMapping(a) && isMapping(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = Object.hasOwn(out, k) ? mergeWith(out[k], v) : v;
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out = [...a];
    for (const v of b) if (!out.some((x) => deepEqual(x, v))) out.push(v);
    return out;
  }
  return b;
}
