/**
 * A role's merged `config_settings` (hiera) keys, with the services that set
 * each (tools/preview/README.md, section 3). Between the services of a role
 * the merge is yaql's `mergeWith` in chain order: mappings merge
 * recursively, lists are unioned, anything else the later service wins.
 *
 * The values are read as written. Within one service, `map_merge` is Heat's
 * (shallow, later member wins); a member `get_attr: [Res, role_data,
 * config_settings]` (or `[Res, output, ...]`) is followed into that
 * resource's nested stack, as THT's base templates are shared. Any other
 * function (an `if`, a `get_attr` of a plain resource) is not evaluated: it
 * is counted in `unresolved`.
 */
import { deepEqual, isMapping } from '../load/values.js';
import { isFunctionCall, type DeployedService } from '../heat/deployment.js';
import type { StackNode } from '../heat/stack.js';

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
    const settings = readMapping(s.roleData?.config_settings, s.stack, (w) => unresolved.push({ service: s.type, written: w }), 0);
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

/** Nested stacks are at most a few levels deep in THT; a bound keeps a cycle of outputs from looping. */
const MAX_DEPTH = 16;

/** The mapping a value stands for, as written, following map_merge and get_attr into nested stacks. */
function readMapping(value: unknown, stack: StackNode, unresolved: (written: unknown) => void, depth: number): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isMapping(value) && !isFunctionCall(value)) return value;
  if (isMapping(value) && Array.isArray(value.map_merge)) {
    const out: Record<string, unknown> = {};
    for (const member of value.map_merge) Object.assign(out, readMapping(member, stack, unresolved, depth));
    return out;
  }
  const target = isMapping(value) && depth < MAX_DEPTH ? getAttrTarget(value.get_attr, stack) : undefined;
  if (target) return readMapping(target.value, target.stack, unresolved, depth + 1);
  unresolved(value);
  return {};
}

/** `get_attr: [Res, output, key...]` where Res is a nested stack of `stack`: that output, indexed by the keys. */
function getAttrTarget(args: unknown, stack: StackNode): { value: unknown; stack: StackNode } | undefined {
  if (!Array.isArray(args) || args.length < 2 || !args.every((a) => typeof a === 'string')) return undefined;
  const [resource, output, ...keys] = args as string[];
  const child = stack.children.find((c) => c.name === resource && c.kind === 'template');
  const out = child?.template?.outputs.get(output!);
  if (!child || !out) return undefined;
  let value: unknown = out.value;
  for (const k of keys) {
    if (!isMapping(value) || isFunctionCall(value)) return undefined;
    value = value[k];
  }
  return { value, stack: child };
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
