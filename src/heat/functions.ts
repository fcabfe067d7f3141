/**
 * Offline evaluation of HOT intrinsic functions and conditions, as far as a
 * validate-time Heat can get without creating anything.
 *
 * get_attr is null, as in Heat at validate time (no resource exists yet, so
 * every attribute resolves to None): a property that is one get_attr is "not
 * passed", one that holds get_attr inside a map or list is passed with nulls.
 * What cannot be known offline (yaql, get_file, pseudo parameters such as
 * OS::stack_name) evaluates to UNKNOWN, and so does any function with an
 * UNKNOWN argument; the walk treats an UNKNOWN property as not passed.
 */
import { boolFromString } from './booleans.js';
import { HOT_FUNCTION_NAMES } from './hot-functions.js';
import { type HotParamType } from './template.js';
import { deepEqual, isMapping } from '../load/values.js';
import { jsonDumps, numberText } from '../yaml/json.js';
import { isNumber, numbersEqual } from '../yaml/python.js';
import { numberFromText } from '../yaml/scalars.js';

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export interface EvalContext {
  /** The effective (parsed) value of a parameter of the current template, UNKNOWN if undeclared. */
  param(name: string): unknown;
  /** The value of a named condition of the current template (true, false or UNKNOWN). */
  condition(name: string): boolean | Unknown;
}

/** The function name if `v` is a function call (`{get_param: X}`: a HOT function the single key of a mapping), else undefined. */
function functionName(v: unknown): string | undefined {
  if (!isMapping(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && HOT_FUNCTION_NAMES.has(keys[0]!) ? keys[0] : undefined;
}

/** Python's str() of a scalar, as Heat applies it when it makes text of a value (None is ''). */
export function pythonStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return '';
  if (isNumber(v)) return numberText(v);
  return String(v);
}

/** A number parameter given as a string, as Heat's Schema.str_to_num reads it (int, else float); the string when neither reads it. */
export function stringToNumber(raw: string): unknown {
  return numberFromText(raw) ?? raw;
}

/** Parse a raw parameter value into its typed form, as Heat's Parameter.value() does. */
export function parseParamValue(type: HotParamType, raw: unknown): unknown {
  switch (type) {
    case 'number':
      return typeof raw === 'string' ? stringToNumber(raw) : raw;
    case 'comma_delimited_list':
      if (typeof raw === 'string') return raw === '' ? [] : raw.split(',').map((s) => s.trim());
      return raw;
    case 'json':
      if (typeof raw === 'string') {
        try {
          return raw === '' ? {} : (JSON.parse(raw) as unknown);
        } catch {
          return raw;
        }
      }
      return raw;
    case 'boolean':
      if (typeof raw === 'string') {
        const b = boolFromString(raw);
        if (b !== undefined) return b;
      }
      if (isNumber(raw)) return !numbersEqual(raw, 0);
      return raw;
    default:
      return raw;
  }
}

/** True if the value, or anything inside it, is UNKNOWN. */
function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isMapping(v)) return Object.values(v).some(hasUnknown);
  return false;
}

/** Evaluate a value, resolving the intrinsic functions it contains. */
function evaluate(value: unknown, ctx: EvalContext): unknown {
  const fn = functionName(value);
  if (fn !== undefined) return call(fn, (value as Record<string, unknown>)[fn], ctx);
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx));
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluate(v, ctx);
    return out;
  }
  return value;
}

/** Like evaluate, but the whole result is UNKNOWN if any part is. */
export function evaluateKnown(value: unknown, ctx: EvalContext): unknown {
  const v = evaluate(value, ctx);
  return hasUnknown(v) ? UNKNOWN : v;
}

function call(fn: string, args: unknown, ctx: EvalContext): unknown {
  switch (fn) {
    case 'get_param':
      return getParam(args, ctx);
    case 'get_attr':
      return null;
    case 'get_resource':
      // Before a resource exists its reference id is its name (Resource.get_reference_id).
      return typeof args === 'string' ? args : UNKNOWN;
    case 'if': {
      if (!Array.isArray(args) || args.length !== 3) return UNKNOWN;
      const c = evaluateCondition(args[0], ctx);
      if (c === UNKNOWN) return UNKNOWN;
      return evaluate(c ? args[1] : args[2], ctx);
    }
    case 'equals':
    case 'not':
    case 'and':
    case 'or':
    case 'contains':
      return evaluateCondition({ [fn]: args }, ctx);
    case 'list_join':
      return listJoin(args, ctx);
    case 'str_replace':
    case 'str_replace_strict':
    case 'str_replace_vstrict':
      return strReplace(args, ctx);
    case 'map_merge':
      return mapMerge(args, ctx);
    case 'list_concat':
    case 'list_concat_unique':
      return listConcat(args, ctx, fn === 'list_concat_unique');
    case 'str_split':
      return strSplit(args, ctx);
    default:
      return UNKNOWN;
  }
}

function getParam(args: unknown, ctx: EvalContext): unknown {
  const list = Array.isArray(args) ? args : [args];
  const name = evaluate(list[0], ctx);
  if (typeof name !== 'string') return UNKNOWN;
  let v = ctx.param(name);
  for (const raw of list.slice(1)) {
    const key = evaluate(raw, ctx);
    if (v === UNKNOWN || key === UNKNOWN) return UNKNOWN;
    if (Array.isArray(v) && (typeof key === 'number' || /^\d+$/.test(String(key)))) v = v[Number(key)];
    else if (isMapping(v)) v = v[String(key)];
    // A path through null (a get_attr the parent passed) is '' in Heat, like any path that leads nowhere.
    else if (v === null) return '';
    else return UNKNOWN;
    // Heat returns '' for a path that leads nowhere in a json parameter.
    if (v === undefined) return '';
  }
  return v;
}

function listJoin(args: unknown, ctx: EvalContext): unknown {
  const a = evaluateKnown(args, ctx);
  if (!Array.isArray(a) || typeof a[0] !== 'string') return UNKNOWN;
  const items: unknown[] = [];
  for (const l of a.slice(1)) {
    if (!Array.isArray(l)) return UNKNOWN;
    items.push(...l);
  }
  // Heat joins a None item as '' and writes maps and lists as JSON.
  return items.map((i) => (typeof i === 'string' ? i : i === null ? '' : jsonDumps(i, { sortKeys: true }))).join(a[0]);
}

function strReplace(args: unknown, ctx: EvalContext): unknown {
  const a = evaluateKnown(args, ctx);
  if (!isMapping(a) || !isMapping(a.params)) return UNKNOWN;
  if (typeof a.template !== 'string') return UNKNOWN;
  let text: string = a.template;
  // Longer keys first, so that one key that is a prefix of another does not win.
  for (const k of Object.keys(a.params).sort((x, y) => y.length - x.length)) {
    const v = a.params[k];
    text = text.split(k).join(isMapping(v) || Array.isArray(v) ? jsonDumps(v, { sortKeys: true }) : pythonStr(v));
  }
  return text;
}

function mapMerge(args: unknown, ctx: EvalContext): unknown {
  const a = evaluateKnown(args, ctx);
  if (!Array.isArray(a)) return UNKNOWN;
  const out: Record<string, unknown> = {};
  for (const m of a) {
    if (m === null || m === undefined || m === '') continue;
    if (!isMapping(m)) return UNKNOWN;
    Object.assign(out, m);
  }
  return out;
}

function listConcat(args: unknown, ctx: EvalContext, unique: boolean): unknown {
  const a = evaluateKnown(args, ctx);
  if (!Array.isArray(a)) return UNKNOWN;
  const out: unknown[] = [];
  for (const l of a) {
    if (l === null) continue;
    if (!Array.isArray(l)) return UNKNOWN;
    for (const i of l) if (!unique || !out.some((o) => deepEqual(o, i))) out.push(i);
  }
  return out;
}

function strSplit(args: unknown, ctx: EvalContext): unknown {
  const a = evaluateKnown(args, ctx);
  if (!Array.isArray(a) || typeof a[0] !== 'string' || typeof a[1] !== 'string') return UNKNOWN;
  const parts = a[1].split(a[0]);
  return a.length > 2 ? (parts[Number(a[2])] ?? UNKNOWN) : parts;
}

/**
 * Evaluate a condition definition: a boolean, the name of another condition,
 * or equals/not/and/or/contains over values (which may use get_param).
 */
export function evaluateCondition(def: unknown, ctx: EvalContext): boolean | Unknown {
  if (typeof def === 'boolean') return def;
  if (typeof def === 'string') {
    const s = def.toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    return ctx.condition(def);
  }
  const fn = functionName(def);
  if (fn === undefined) return UNKNOWN;
  const args = (def as Record<string, unknown>)[fn];
  switch (fn) {
    case 'equals': {
      if (!Array.isArray(args) || args.length !== 2) return UNKNOWN;
      const a = evaluateKnown(args[0], ctx);
      const b = evaluateKnown(args[1], ctx);
      return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : deepEqual(a, b);
    }
    case 'not': {
      const v = evaluateCondition(args, ctx);
      return v === UNKNOWN ? UNKNOWN : !v;
    }
    case 'and':
    case 'or': {
      if (!Array.isArray(args)) return UNKNOWN;
      // A decisive operand settles the result even when another is unknown.
      const decisive = fn === 'or';
      let unknown = false;
      for (const c of args) {
        const v = evaluateCondition(c, ctx);
        if (v === UNKNOWN) unknown = true;
        else if (v === decisive) return decisive;
      }
      return unknown ? UNKNOWN : !decisive;
    }
    case 'contains': {
      if (!Array.isArray(args) || args.length !== 2) return UNKNOWN;
      const needle = evaluateKnown(args[0], ctx);
      const hay = evaluateKnown(args[1], ctx);
      if (needle === UNKNOWN || !Array.isArray(hay)) return UNKNOWN;
      return hay.some((h) => deepEqual(h, needle));
    }
    case 'get_param': {
      const v = evaluateKnown(def, ctx);
      return v === UNKNOWN ? UNKNOWN : Boolean(parseParamValue('boolean', v));
    }
    default:
      return UNKNOWN;
  }
}
