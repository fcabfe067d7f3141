/**
 * What PyYAML's SafeConstructor makes of a scalar's text once its tag is
 * known, including for explicit tags (`!!int 0o17`, `!!float 1e3`, `!!bool
 * y`), where Python's own int() and float() decide what is valid. Failures
 * are plain Errors; the constructor places them at the node.
 */
import type { YamlProfile } from './construct.js';
import { float, int, PyBytes, PyDate, PyDateTime, type PyFloat } from './python.js';
import { floatFromText, intFromText, MAX_INT_DIGITS } from './python-numbers.js';
import { BINARY, BOOL, FLOAT, INT, NULL, STR, TIMESTAMP as TIMESTAMP_TAG } from './resolve.js';

const BOOLS: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };

/** `!!bool`: PyYAML looks the lowercased text up in its table. */
export function constructBool(text: string): boolean {
  const b = BOOLS[text.toLowerCase()];
  if (b === undefined) throw new Error(`"${text}" is not a boolean (yes/no, true/false, on/off)`);
  return b;
}

/** Python's int(text, base), as PyYAML calls it (the text has no underscores left). */
function pythonInt(text: string, base: 2 | 8 | 10 | 16): bigint {
  const n = intFromText(text, base);
  if (n === undefined) throw new Error(`invalid literal for int() with base ${base}: '${text}'`);
  if (typeof n !== 'bigint') throw new Error(`an integer of ${n.digits} digits (Python converts at most ${MAX_INT_DIGITS})`);
  return n;
}

/** A decimal int of at most 15 digits (so a safe integer), as most are: what the general path makes of it is Number(text). */
const SHORT_DECIMAL = /^[-+]?[1-9][0-9]{0,14}$/;

/** `!!int`, as construct_yaml_int: signs, 0b/0x/0 (octal) prefixes and base-60 (`1:30`). */
export function constructInt(text: string): number | bigint {
  if (SHORT_DECIMAL.test(text)) return Number(text);
  let value = text.replace(/_/g, '');
  if (value === '') throw new Error('an empty integer');
  const sign = value[0] === '-' ? -1n : 1n;
  if (value[0] === '+' || value[0] === '-') value = value.slice(1);
  if (value === '0') return 0;
  if (value === '') throw new Error(`"${text}" is not an integer`);
  let n: bigint;
  if (value.startsWith('0b')) n = pythonInt(value.slice(2), 2);
  else if (value.startsWith('0x')) n = pythonInt(value.slice(2), 16);
  else if (value[0] === '0') n = pythonInt(value, 8);
  else if (value.includes(':')) n = value.split(':').reduce((acc, part) => acc * 60n + pythonInt(part, 10), 0n);
  else n = pythonInt(value, 10);
  return int(sign * n);
}

/** Python's float(text). */
function pythonFloat(text: string): number {
  const x = floatFromText(text);
  if (x === undefined) throw new Error(`could not convert string to float: '${text}'`);
  return x;
}

/** `!!float`, as construct_yaml_float: `.inf`, `.nan`, base 60 (`1:30.5`), then Python's float(). */
export function constructFloat(text: string): number | PyFloat {
  let value = text.replace(/_/g, '').toLowerCase();
  if (value === '') throw new Error('an empty float');
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '+' || value[0] === '-') value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  if (value.includes(':')) {
    // Summed from the last part up, as PyYAML does, so the rounding is the same.
    let total = 0;
    let base = 1;
    for (const part of value.split(':').reverse()) {
      total += pythonFloat(part) * base;
      base *= 60;
    }
    return float(sign * total);
  }
  return float(sign * pythonFloat(value));
}

/** SafeConstructor's timestamp pattern (laxer than the resolver's: one-digit months and days). */
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?\n?$/;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `!!timestamp` as PyYAML builds it: datetime.date, or datetime.datetime (with a timezone when given). */
export function constructTimestamp(text: string): PyDate | PyDateTime {
  const m = TIMESTAMP.exec(text);
  if (!m) throw new Error(`"${text}" is not a timestamp`);
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (year < 1) throw new Error(`year ${year} is out of range`);
  if (month < 1 || month > 12) throw new Error('month must be in 1..12');
  const days = month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
  if (day < 1 || day > days) throw new Error('day is out of range for month');
  if (m[4] === undefined) return new PyDate(year, month, day);
  const [hour, minute, second] = [m[4], m[5], m[6]].map(Number) as [number, number, number];
  if (hour > 23) throw new Error('hour must be in 0..23');
  if (minute > 59) throw new Error('minute must be in 0..59');
  if (second > 59) throw new Error('second must be in 0..59');
  const microsecond = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  let offset: number | null = null;
  if (m[9] !== undefined) {
    offset = (Number(m[10]) * 60 + Number(m[11] ?? 0)) * (m[9] === '-' ? -1 : 1);
    if (Math.abs(offset) >= 24 * 60) throw new Error('a timezone offset must be strictly between -24 and 24 hours');
  } else if (m[8] === 'Z') {
    offset = 0;
  }
  return new PyDateTime(year, month, day, hour, minute, second, microsecond, offset);
}

const BASE64_VALUE = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c.charCodeAt(0), i]));

/**
 * `!!binary`: the text as ASCII base64, decoded as Python's
 * base64.decodebytes does: characters outside the alphabet are skipped,
 * complete padding ends the data, and a last group cut short is an error.
 */
export function constructBinary(text: string): PyBytes {
  if (/[^\x00-\x7f]/.test(text)) throw new Error('base64 data must be ASCII');
  const out: number[] = [];
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) {
      if (quad >= 2 && quad + ++pads >= 4) return new PyBytes(Uint8Array.from(out));
      continue;
    }
    const v = BASE64_VALUE.get(c);
    if (v === undefined) continue;
    pads = 0;
    if (quad === 0) left = v;
    else if (quad === 1) {
      out.push(((left << 2) | (v >> 4)) & 0xff);
      left = v & 0x0f;
    } else if (quad === 2) {
      out.push(((left << 4) | (v >> 2)) & 0xff);
      left = v & 0x03;
    } else {
      out.push(((left << 6) | v) & 0xff);
    }
    quad = (quad + 1) & 3;
  }
  if (quad === 1) throw new Error('invalid base64: the number of data characters cannot be one more than a multiple of 4');
  if (quad !== 0) throw new Error('invalid base64: incorrect padding');
  return new PyBytes(Uint8Array.from(out));
}

/**
 * The value of scalar text under a scalar tag (STR, NULL, BOOL, INT, FLOAT,
 * TIMESTAMP, BINARY), in the JSON-like form or with `python` the exact one;
 * what Python refuses is a plain Error.
 */
export function constructScalar(tag: number, text: string, profile: YamlProfile, python: boolean): unknown {
  switch (tag) {
    case STR:
      return text;
    case NULL:
      return null;
    case BOOL:
      return constructBool(text);
    case INT:
      return constructInt(text);
    case FLOAT:
      return constructFloat(text);
    case TIMESTAMP_TAG:
      if (profile === 'heat') return text;
      // safe_load builds a datetime; the JSON-like form keeps the text, but refuses what Python refuses.
      return python ? constructTimestamp(text) : (constructTimestamp(text), text);
    case BINARY:
      return constructBinary(text);
  }
  throw new Error(`not a scalar tag: ${tag}`);
}
