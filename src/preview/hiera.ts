/**
 * A role's merged `config_settings` (hiera) keys, with the services that set
 * each (tools/preview/README.md, section 3). Between the services of a role
 * the merge is yaql's `mergeWith` in chain order: mappings merge
 * recursively, lists are unioned, anything else the later service wins.
 *
 * The values are the deployed services' as evaluated (deployed-values.ts):
 * a value that cannot be known offline is shown as written, and a part
 * whose keys cannot be known (a map_merge member) is counted in `unresolved`.
 */
import { deepEqual, isMapping } from '../load/values.js';
import { isFunctionCall, type DeployedService } from '../heat/deployment.js';
import { AsWritten, asWritten } from '../heat/deployed-values.js';

export interface HieraSetter {
  service: string;
  /** The value (what cannot be known offline as written). */
  value: unknown;
}

export interface HieraKey {
  key: string;
  /** The services that set it, in chain order. */
  setters: HieraSetter[];
  /** The merged value. */
  value: unknown;
  /** Two setters give different values. */
  conflict: boolean;
}

export interface RoleHiera {
  keys: HieraKey[];
  /** Parts left unread, by service: functions that are not evaluated offline. */
  unresolved: Array<{ service: string; written: unknown }>;
}

export function roleHiera(services: readonly DeployedService[]): RoleHiera {
  const byKey = new Map<string, HieraKey>();
  const unresolved: RoleHiera['unresolved'] = [];
  for (const s of services) {
    if (s.status !== 'deployed' || !s.stack) continue;
    if (s.roleDataWritten !== undefined) unresolved.push({ service: s.type, written: s.roleDataWritten });
    const lost = [...(s.roleDataLost?.[''] ?? []), ...(s.roleDataLost?.config_settings ?? [])];
    for (const part of lost) unresolved.push({ service: s.type, written: part.written });
    const settings = s.roleData?.config_settings;
    if (settings instanceof AsWritten) unresolved.push({ service: s.type, written: settings.written });
    if (!isMapping(settings)) continue;
    for (const [key, deployed] of Object.entries(settings)) {
      const value = asWritten(deployed);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { key, setters: [], value, conflict: false }));
      else {
        entry.conflict ||= entry.setters.some((x) => !deepEqual(x.value, value));
        entry.value = mergeWith(entry.value, value);
      }
      entry.setters.push({ service: s.type, value });
    }
  }
  return { keys: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), unresolved };
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
