/**
 * Template data (plain objects and arrays, as the YAML loader gives them) seen
 * with Python's eyes, for the HOT functions that Heat computes with Python
 * operations: str(), ==, `in`, and json.dumps as oslo's jsonutils calls it.
 * The Python semantics themselves are the yaql evaluator's (one model of
 * Python values); this module only converts between the two shapes.
 */
import { jsonDumps, jsonKey } from '../yaml/pyprint.js';
import { PyDict, PyFloat } from '../yaml/python.js';
import { isMapping } from '../load/values.js';
import { pyEq, pyLess, pyStr, truthy } from './yaql/pyops.js';
import { FrozenDict, PySet } from './yaql/values.js';

/** Template data in the shared Python model: mappings become PyDicts (lists stay lists). */
export function toPython(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPython);
  if (isMapping(v)) {
    return new PyDict(Object.entries(v).map(([k, x]) => [k, toPython(x)] as const));
  }
  return v;
}

/**
 * A Python value (a yaql result) back as template data: dicts become plain
 * objects (keys as json.dumps writes them), tuples and sets arrays, ints
 * beyond 2^53 and integral floats plain numbers (the float form is the YAML
 * layer's to keep).
 */
export function fromPython(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PySet) return [...v].map(fromPython);
  if (Array.isArray(v)) return Array.from(v, fromPython);
  if (v instanceof PyDict || v instanceof FrozenDict) {
    const d = v instanceof FrozenDict ? v.d : v;
    return Object.fromEntries([...d.items()].map(([k, x]) => [jsonKey(k) ?? pyStr(k), fromPython(x)]));
  }
  if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromPython(x)]));
  return v;
}

/** Python's str(). */
export const pythonStr = (v: unknown): string => (typeof v === 'string' ? v : pyStr(toPython(v)));

/** Python's bool() (a plain object is a dict, without building one; no value at all is None). */
export const pythonTruthy = (v: unknown): boolean => (isMapping(v) ? Object.keys(v).length > 0 : v !== undefined && truthy(v));

/** Python's ==. */
export const pythonEquals = (a: unknown, b: unknown): boolean => pyEq(toPython(a), toPython(b));

/** Python's `x in seq` for a list (==) or a str (substring). */
export function pythonIn(x: unknown, seq: unknown[] | string): boolean {
  if (typeof seq === 'string') {
    if (typeof x !== 'string') throw new TypeError(`'in <string>' requires string as left operand, not ${pyTypeName(x)}`);
    return seq.includes(x);
  }
  return seq.some((s) => pythonEquals(s, x));
}

/** type(v).__name__ of template data. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/**
 * json.dumps(v) with Python's defaults (', ' and ': ' separators, ASCII
 * only), sorting keys when `sortKeys` (Heat's str_replace and list_join do).
 * A missing value (undefined) is None.
 */
export function pythonJsonDumps(v: unknown, sortKeys = false): string {
  return jsonDumps(v, {
    raise: (pyType, message) => (pyType === 'TypeError' ? new TypeError(message) : new Error(message)),
    typeName: pyTypeName,
    sortKeys: sortKeys ? pyLess : undefined,
    default: (x) => (x === undefined ? null : undefined),
  });
}
