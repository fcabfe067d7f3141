/**
 * The value model (python.ts) as text the way Python writes it: a float's
 * repr (`1.0`, `1e+16`, `1.5e-07`), which is also what `str()` and Python's
 * json module print, and JSON documents whose numbers keep their Python
 * form, so that a template default `1.0` reaches `tht schema` output as
 * `1.0`, as in Heat's own answer.
 */
import { PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet } from './python.js';

/** Python's repr of a float (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** How Python prints a number of the model: ints as digits, floats by repr (`1.0`). */
export function numberText(v: number | bigint | PyFloat): string {
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'bigint' || Number.isInteger(v)) return String(v);
  return floatRepr(v);
}

/** Python's json spelling of a float (`NaN`, `Infinity` instead of repr's `nan`, `inf`). */
function jsonFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return floatRepr(n);
}

/**
 * A dict key as Python's json module writes it (json.dumps turns every key
 * into a string): `True` -> "true", `None` -> "null", `1` -> "1", `1.0` ->
 * "1.0". Undefined for keys json refuses (dates, bytes, tuples).
 */
export function jsonKey(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (key === true) return 'true';
  if (key === false) return 'false';
  if (key === null) return 'null';
  if (typeof key === 'bigint') return String(key);
  if (typeof key === 'number') return Number.isInteger(key) ? String(key) : jsonFloat(key);
  if (key instanceof PyFloat) return jsonFloat(key.value);
  return undefined;
}

/**
 * Python's `json.dumps(value)` with its defaults, as Heat applies it to a
 * value it must pass as text (a json parameter, a list in list_join):
 * `', '` and `': '` separators, non-ASCII characters escaped; with
 * `sortKeys`, keys in order, as Heat's intrinsic functions ask.
 */
export function jsonDumps(value: unknown, options: { sortKeys?: boolean } = {}): string {
  if (Array.isArray(value)) return `[${value.map((v) => jsonDumps(v, options)).join(', ')}]`;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (options.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${asciiString(k)}: ${jsonDumps(v, options)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return asciiString(value);
  return toJson(value, 0);
}

/** A JSON string with every non-ASCII character escaped, as json.dumps writes it by default. */
function asciiString(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Marks a number's raw text inside JSON.stringify's output; random, so no data string can look like it. */
const MARK = `\u{E000}${Math.random().toString(36).slice(2)}:`;
const MARKED = new RegExp(`"${MARK}([^"]*)"`, 'g');

/**
 * A value of the model as JSON text (JSON.stringify's layout), numbers as
 * Python's json writes them: `1.0` stays `1.0`, bigints keep every digit,
 * NaN and infinities are `NaN` / `Infinity` as in Heat's answers. Dates are
 * ISO strings, bytes base64, tuples and sets lists, PyDicts objects.
 */
export function toJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, replacer, indent) ?? 'null';
  return text.includes(MARK) ? text.replace(MARKED, '$1') : text;
}

function replacer(this: unknown, _key: string, v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : `${MARK}${jsonFloat(v)}`;
  if (typeof v === 'bigint') return `${MARK}${v}`;
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof PyFloat) return `${MARK}${jsonFloat(v.value)}`;
  if (v instanceof PyDict) return Object.fromEntries([...v.items()].map(([k, x]) => [jsonKey(k) ?? String(k), x]));
  if (v instanceof PySet) return [...v];
  if (v instanceof PyDate || v instanceof PyDateTime) return isoFormat(v);
  if (v instanceof PyBytes) return Buffer.from(v.data).toString('base64');
  return v;
}

/** `date.isoformat()` / `datetime.isoformat(sep)` (`str()` of a datetime is its isoformat with a space). */
export function isoFormat(d: PyDate | PyDateTime, sep = 'T'): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(d.year, 4)}-${p(d.month)}-${p(d.day)}`;
  if (!(d instanceof PyDateTime)) return date;
  let text = `${date}${sep}${p(d.hour)}:${p(d.minute)}:${p(d.second)}${d.microsecond ? `.${p(d.microsecond, 6)}` : ''}`;
  if (d.utcOffsetMinutes !== null) {
    const m = Math.abs(d.utcOffsetMinutes);
    text += `${d.utcOffsetMinutes < 0 ? '-' : '+'}${p(Math.floor(m / 60))}:${p(m % 60)}`;
  }
  return text;
}

/**
 * A value as plain JSON data, for libraries that know only JSON (ajv):
 * PyFloat and bigint become numbers (1.0 is then the integer 1, as JSON
 * Schema counts it), tuples and sets lists, dates ISO strings, bytes base64.
 * Values that are plain already are returned as they are.
 */
export function jsonData(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return needsCopy(value) ? value.map(jsonData) : value;
  if (value instanceof PyDict || value instanceof PySet || value instanceof PyDate || value instanceof PyDateTime || value instanceof PyBytes) {
    return jsonData(replacer.call(undefined, '', value));
  }
  if (!needsCopy(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonData(v)]));
}

/** Whether anything under a value is not plain JSON data. */
function needsCopy(value: object): boolean {
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    if (typeof v === 'bigint') return true;
    if (v === null || typeof v !== 'object') continue;
    const plain = Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype;
    if (!plain || needsCopy(v)) return true;
  }
  return false;
}
