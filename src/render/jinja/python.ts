/**
 * Python value semantics for template data, so that output and control flow
 * match jinja2 on CPython: how values print (`str()` and `repr()`), what is
 * truthy, `==`, `in`, `+` and what a `for` loop iterates.
 *
 * Data model: JS `undefined` is jinja2's Undefined, `null` is None, arrays are
 * lists, plain objects are dicts (insertion order), numbers are int or float
 * (src/yaml/python.ts: an integral float from YAML is a PyFloat, a big int a bigint).
 */
import { floatRepr } from '../../yaml/json.js';
import { float, int, isFloat, isNumber, numbersEqual, PyFloat } from '../../yaml/python.js';

export class JinjaRuntimeError extends Error {
  override name = 'JinjaRuntimeError';
}

export type Dict = Record<string, unknown>;

export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof String) && !(v instanceof PyFloat);
}

/** Python's `type(x).__name__`, for error messages. */
export function typeName(v: unknown): string {
  if (v === undefined) return 'Undefined';
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  return 'dict';
}

/** `str(x)` as jinja2 prints `{{ x }}`; Undefined prints as nothing. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  // nunjucks wraps some rendered text in String objects (SafeString).
  if (v instanceof String) return String(v);
  return pyRepr(v);
}

/** `repr(x)` for the values YAML data and templates produce. */
export function pyRepr(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
  if (v instanceof String) return pyStrRepr(String(v));
  return `{${Object.entries(v as Dict)
    .map(([k, val]) => `${pyStrRepr(k)}: ${pyRepr(val)}`)
    .join(', ')}}`;
}

function pyNumber(n: number): string {
  // A JS number that is integral is an int (an integral float from YAML is a PyFloat).
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  return floatRepr(n);
}

/** Characters CPython's repr escapes: not printable (controls, separators, ...). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Printable ASCII without quotes or backslashes: repr only adds the quotes (the common case). */
const PLAIN_ASCII = /^[\x20-\x21\x23-\x26\x28-\x5b\x5d-\x7e]*$/;

function pyStrRepr(s: string): string {
  if (PLAIN_ASCII.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Python truthiness: empty list/dict/str, 0, None, False and Undefined are false. */
export function truthy(v: unknown): boolean {
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Python `==`: no type coercion between str and numbers, deep for list/dict. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // True == 1 == 1.0 in Python.
  if ((isNumber(a) || typeof a === 'boolean') && (isNumber(b) || typeof b === 'boolean')) return numbersEqual(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => eq(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && eq(a[k], b[k]));
  }
  return false;
}

/** Python `needle in haystack`; `in` an Undefined is false, `in` None is an error. */
export function contains(needle: unknown, haystack: unknown): boolean {
  if (haystack === undefined) return false;
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      throw new JinjaRuntimeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    }
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((x) => eq(x, needle));
  if (isDict(haystack)) return typeof needle === 'string' || typeof needle === 'number' ? Object.hasOwn(haystack, String(needle)) : false;
  throw new JinjaRuntimeError(`argument of type '${typeName(haystack)}' is not iterable`);
}

/** What `for x in v` walks: list items, dict keys, string characters; Undefined is empty. */
export function iterate(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  throw new JinjaRuntimeError(`'${typeName(v)}' object is not iterable`);
}

/** Python `a + b`: list concatenation, string concatenation or numeric addition. */
export function add(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  const numeric = (x: unknown) => isNumber(x) || typeof x === 'boolean';
  if (numeric(a) && numeric(b)) {
    if (isFloat(a) || isFloat(b)) return float(Number(a) + Number(b));
    return typeof a === 'bigint' || typeof b === 'bigint' ? int(BigInt(a as bigint) + BigInt(b as bigint)) : Number(a) + Number(b);
  }
  throw new JinjaRuntimeError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}
