/**
 * The intrinsic function calls of a HOT template, found once per template
 * and shared by the rules that check them (availability by version, get_param,
 * get_resource/get_attr, condition names, unused parameters).
 */
import { ALL_CONDITION_FUNCTIONS, ALL_HOT_FUNCTIONS } from '../heat/hot-functions.js';
import type { HotTemplate } from '../heat/template.js';
import type { PathSegment } from '../yaml/file.js';
import { isMapping } from './values.js';

export interface FunctionCall {
  name: string;
  args: unknown;
  /** YAML path of the call's key (`[..., 'get_param']`). */
  path: PathSegment[];
  /** Inside `conditions` or a `condition:`, where only condition functions apply. */
  inCondition: boolean;
}

/** The calls of a template, and function names written as keys of a larger mapping (which Heat does not call). */
interface TemplateCalls {
  calls: FunctionCall[];
  inert: FunctionCall[];
}

const cache = new WeakMap<HotTemplate, TemplateCalls>();

export function functionCalls(tmpl: HotTemplate): FunctionCall[] {
  return templateCalls(tmpl).calls;
}

/**
 * Function names used as a key beside other keys: Heat calls a function only
 * when it is the mapping's single key, so these are plain data (an `if:`
 * written next to other keys is silently kept as a key named "if").
 */
export function inertFunctionKeys(tmpl: HotTemplate): FunctionCall[] {
  return templateCalls(tmpl).inert;
}

function templateCalls(tmpl: HotTemplate): TemplateCalls {
  const cached = cache.get(tmpl);
  if (cached) return cached;
  const calls: FunctionCall[] = [];
  const inert: FunctionCall[] = [];
  const top = isMapping(tmpl.yaml.value) ? tmpl.yaml.value : {};
  // One path, extended and cut back as the walk goes (copied only for a call found).
  const path: PathSegment[] = [];
  const found = (name: string, args: unknown, inCondition: boolean): FunctionCall => {
    const at = path.slice();
    at.push(name);
    return { name, args, path: at, inCondition };
  };
  // Only lists and mappings hold calls: scalars (most of a template) are not descended into.
  const collect = (value: unknown, inCondition: boolean): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== 'object' || item === null) continue;
        path.push(i);
        collect(item, inCondition);
        path.pop();
      }
      return;
    }
    if (!isMapping(value)) return;
    const keys = Object.keys(value);
    const known = inCondition ? ALL_CONDITION_FUNCTIONS : ALL_HOT_FUNCTIONS;
    if (keys.length === 1) {
      const name = keys[0]!;
      if (known.has(name)) calls.push(found(name, value[name], inCondition));
    } else {
      for (const name of keys) if (known.has(name)) inert.push(found(name, value[name], inCondition));
    }
    for (const k of keys) {
      const item = value[k];
      if (typeof item !== 'object' || item === null) continue;
      path.push(k);
      collect(item, inCondition);
      path.pop();
    }
  };
  for (const section of ['resources', 'outputs'] as const) {
    const entries = top[section];
    if (!isMapping(entries)) continue;
    for (const name in entries) {
      const def = entries[name];
      if (!isMapping(def)) continue;
      for (const key in def) {
        path.push(section, name, key);
        collect(def[key], key === 'condition');
        path.length = 0;
      }
    }
  }
  path.push('conditions');
  collect(top.conditions, true);
  const result = { calls, inert };
  cache.set(tmpl, result);
  return result;
}

/** The parameter a get_param call reads (`X` or `[X, ...]`), if it is a literal name. */
export function getParamName(call: FunctionCall): string | undefined {
  const first = Array.isArray(call.args) ? call.args[0] : call.args;
  return typeof first === 'string' ? first : undefined;
}

/** The resource a get_resource/get_attr call names, if literal. */
export function referencedResource(call: FunctionCall): string | undefined {
  if (call.name === 'get_resource') return typeof call.args === 'string' ? call.args : undefined;
  if (call.name === 'get_attr') return Array.isArray(call.args) && typeof call.args[0] === 'string' ? call.args[0] : undefined;
  return undefined;
}

const LOGICAL_CONDITIONS = new Set(['not', 'and', 'or']);

export interface ConditionReference {
  name: string;
  path: PathSegment[];
}

const conditionCache = new WeakMap<HotTemplate, ConditionReference[]>();

/**
 * Every place a template names a condition: resource and output `condition:`,
 * the first argument of `if`, and the string operands of not/and/or inside
 * conditions. Each entry has the name and the YAML path of the reference.
 */
export function conditionReferences(tmpl: HotTemplate): ConditionReference[] {
  // Three rules ask for every template: found once, like the calls.
  const cached = conditionCache.get(tmpl);
  if (cached) return cached;
  const refs: ConditionReference[] = [];
  const add = (name: unknown, path: PathSegment[]) => {
    if (typeof name === 'string') refs.push({ name, path });
  };
  // Few resources and outputs have a condition: a path is made only for those that name one.
  for (const r of tmpl.resources.values()) if (typeof r.condition === 'string') add(r.condition, [...r.path, 'condition']);
  for (const o of tmpl.outputs.values()) if (typeof o.condition === 'string') add(o.condition, [...o.path, 'condition']);
  for (const call of functionCalls(tmpl)) {
    if (call.name === 'if' && !call.inCondition && Array.isArray(call.args)) add(call.args[0], [...call.path, 0]);
    if (call.inCondition && LOGICAL_CONDITIONS.has(call.name)) {
      if (Array.isArray(call.args)) call.args.forEach((a, i) => add(a, [...call.path, i]));
      else add(call.args, call.path);
    }
  }
  conditionCache.set(tmpl, refs);
  return refs;
}
