/**
 * A role's merged `config_settings` (hiera) keys, with the services that set
 * each (tools/preview/README.md, section 3). Between the services of a role
 * the merge is yaql's `mergeWith` in chain order: mappings merge
 * recursively, lists are unioned, anything else the later service wins.
 *
 * The values are read as written (written.ts): within one service
 * `map_merge` members and `get_attr` of nested base templates are followed,
 * anything else is counted in `unresolved`.
 */
import { deepEqual, isMapping } from '../load/values.js';
import { isFunctionCall, type DeployedService } from '../heat/deployment.js';
import { readMapping } from './written.js';

export interface HieraSetter {
  service: string;
  /** The value as written. */
  value: unknown;
}

export interface HieraKey {
  key: string;
  /** The services that set it, in chain order. */
  setters: HieraSetter[];
  /** The merged value, as written. */
  value: unknown;
  /** Two setters give different values (as written). */
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
    const settings = readMapping(s.roleData?.config_settings, s.stack, (w) => unresolved.push({ service: s.type, written: w }));
    for (const [key, value] of Object.entries(settings)) {
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
