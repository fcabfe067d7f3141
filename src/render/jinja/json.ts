/**
 * The `tojson` filter: Python's `json.dumps(value, sort_keys=True)` (with
 * `indent` when given), then `<`, `>`, `&` and `'` as \u escapes.
 */
import { PyDict, PyFloat } from '../../yaml/python.js';
import { typeError, valueError } from './exceptions.js';
import { floatRepr, intToString, isIntValue } from './numbers.js';
import { compare, isStr, strValue, typeName } from './py.js';
import { Undefined } from './values.js';

/** A JSON string literal as json.dumps writes it (ensure_ascii). */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || cp > 0x7e) {
      if (cp > 0xffff) {
        const v = cp - 0x10000;
        out += `\\u${(0xd800 + (v >> 10)).toString(16).padStart(4, '0')}\\u${(0xdc00 + (v & 0x3ff)).toString(16).padStart(4, '0')}`;
      } else out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

function keyText(k: unknown): string {
  if (isStr(k)) return strValue(k);
  if (k === null) return 'null';
  if (k === true) return 'true';
  if (k === false) return 'false';
  if (isIntValue(k)) return intToString(k);
  if (typeof k === 'number' || k instanceof PyFloat) return floatRepr(Number(k));
  throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

function dumps(v: unknown, indent: string | null, level: number, seen: Set<unknown>): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (isStr(v)) return jsonString(strValue(v));
  if (isIntValue(v)) return intToString(v);
  if (typeof v === 'number' || v instanceof PyFloat) {
    const x = Number(v);
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
    return floatRepr(x);
  }
  const nl = indent === null ? '' : `\n${indent.repeat(level + 1)}`;
  const close = indent === null ? '' : `\n${indent.repeat(level)}`;
  const sep = indent === null ? ', ' : ',';
  if (Array.isArray(v) || v instanceof PyDict) {
    if (seen.has(v)) throw valueError('Circular reference detected');
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        if (!v.length) return '[]';
        return `[${nl}${v.map((x) => dumps(x, indent, level + 1, seen)).join(sep + nl)}${close}]`;
      }
      if (!v.size) return '{}';
      const entries = [...v.items()];
      entries.sort((a, b) => (compare('<', a[0], b[0]) ? -1 : compare('<', b[0], a[0]) ? 1 : 0));
      return `{${nl}${entries.map(([k, x]) => `${jsonString(keyText(k))}: ${dumps(x, indent, level + 1, seen)}`).join(sep + nl)}${close}}`;
    } finally {
      seen.delete(v);
    }
  }
  if (v instanceof Undefined) throw typeError('Object of type Undefined is not JSON serializable');
  throw typeError(`Object of type ${typeName(v)} is not JSON serializable`);
}

export function toJson(value: unknown, indent: unknown): string {
  let ind: string | null = null;
  if (indent !== null && indent !== undefined) ind = isStr(indent) ? strValue(indent) : ' '.repeat(Math.max(0, Number(indent)));
  return dumps(value, ind, 0, new Set())
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}

