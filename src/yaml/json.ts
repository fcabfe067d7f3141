/**
 * The value model (python.ts) as JSON text and data: JSON documents whose
 * numbers keep their Python form (printed by pyprint.ts), so that a
 * template default `1.0` reaches `tht schema` output as `1.0`, as in Heat's
 * own answer, and plain JSON data for libraries that know only JSON.
 */
import { jsonFloat, jsonKey } from './pyprint.js';
import { PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet, isPlainMapping } from './python.js';

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
    if (!(Array.isArray(v) || isPlainMapping(v)) || needsCopy(v)) return true;
  }
  return false;
}
