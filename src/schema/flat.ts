/**
 * `tht schema --format flat`: the flattened tree the TripleO UI reads
 * (tripleo-common utils/stack.py `_flat_it` / `_process_params`), made from
 * the Heat validate answer. One change: resource ids are derived from the
 * resource path instead of uuid4, so the output is the same on every run.
 */
import { createHash } from 'node:crypto';
import type { HeatNested, HeatParameter, HeatValidateResult } from './heat-format.js';

export interface FlatResource {
  id: string;
  name: string;
  type?: string;
  description?: string;
  parameters?: string[];
  parameter_groups?: unknown[];
  resources?: string[];
}

export type FlatParameter = { name: string } & Record<string, unknown>;

export interface FlatSchema {
  heat_resource_tree: {
    resources: Record<string, FlatResource>;
    parameters: Record<string, FlatParameter>;
  };
  environment_parameters: Record<string, unknown>;
}

/** A UUID-shaped id from the resource path (name-based, like UUID v5, so it never changes). */
export function resourceId(path: readonly string[]): string {
  const h = createHash('sha1').update(['Root', ...path].join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Each Heat key's flat form, made once: a key made anew for every parameter costs V8 a string-table lookup at each use. */
const lowered = new Map<string, string>();

/** `Type` -> `type`, `NoEcho` -> `noEcho`: only the first letter is lowered, as _process_params does. */
function lowerFirst(k: string): string {
  let flat = lowered.get(k);
  if (flat === undefined) lowered.set(k, (flat = k.charAt(0).toLowerCase() + k.slice(1)));
  return flat;
}

export function flatten(validate: HeatValidateResult, environmentParameters: Record<string, unknown>): FlatSchema {
  const resources: Record<string, FlatResource> = {};
  const parameters: Record<string, FlatParameter> = {};
  const addParams = (params: Record<string, HeatParameter>) => {
    // for-in rather than Object.entries: no pair arrays for some 4,000 parameters and their fields (all own, plain objects).
    for (const name in params) {
      // The map is keyed by name alone: the first definition seen wins.
      if (name in parameters) continue;
      const p = params[name]!;
      const flat: FlatParameter = { name };
      for (const k in p) flat[lowerFirst(k)] = p[k as keyof HeatParameter];
      parameters[name] = flat;
    }
  };
  const flatIt = (name: string, path: string[], data: HeatValidateResult | HeatNested): FlatResource => {
    const r: FlatResource = { id: resourceId(path), name };
    if ('Type' in data) r.type = data.Type;
    r.description = data.Description;
    r.parameters = Object.keys(data.Parameters);
    if (data.ParameterGroups) r.parameter_groups = data.ParameterGroups;
    addParams(data.Parameters);
    if (data.NestedParameters) {
      r.resources = Object.entries(data.NestedParameters).map(([child, n]) => flatIt(child, [...path, child], n).id);
    }
    resources[r.id] = r;
    return r;
  };
  flatIt('Root', [], validate);
  return { heat_resource_tree: { resources, parameters }, environment_parameters: environmentParameters };
}
