/**
 * Python's str methods that yaql's string functions call (split, rsplit,
 * strip, replace, find, format...), on code points as Python counts them.
 */
import { pythonFormat } from '../../yaml/pyprint.js';
import { PyFloat, isFloat, isInt, toNumber } from '../../yaml/python.js';
import { YaqlError, pyErrors, unsupported } from './errors.js';
import { codePoints, numberRepr, pyRepr, pyStr, typeName } from './pyops.js';
import { pyList } from './values.js';

/** str.isspace() */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
export const isPySpace = (c: string): boolean => PY_SPACE.test(c);

/** str.split(sep, maxsplit) */
export function split(s: string, sep: string | null, maxsplit: number): unknown[] {
  const out: string[] = [];
  if (sep === null) {
    const cs = codePoints(s);
    let i = 0;
    while (i < cs.length) {
      while (i < cs.length && isPySpace(cs[i]!)) i++;
      if (i >= cs.length) break;
      if (maxsplit >= 0 && out.length >= maxsplit) {
        let end = cs.length;
        while (end > i && isPySpace(cs[end - 1]!)) end--;
        out.push(cs.slice(i, end).join(''));
        return pyList(out, 'split');
      }
      const start = i;
      while (i < cs.length && !isPySpace(cs[i]!)) i++;
      out.push(cs.slice(start, i).join(''));
    }
    return pyList(out, 'split');
  }
  if (sep === '') throw pyErrors.valueError('empty separator');
  let rest = s;
  while (maxsplit < 0 || out.length < maxsplit) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return pyList(out, 'split');
}

/** str.rsplit(sep, maxsplit) */
export function rsplit(s: string, sep: string | null, maxsplit: number): unknown[] {
  const out: string[] = [];
  if (sep === null) {
    const cs = codePoints(s);
    let i = cs.length;
    while (i > 0) {
      while (i > 0 && isPySpace(cs[i - 1]!)) i--;
      if (i <= 0) break;
      if (maxsplit >= 0 && out.length >= maxsplit) {
        let start = 0;
        while (start < i && isPySpace(cs[start]!)) start++;
        out.push(cs.slice(start, i).join(''));
        break;
      }
      const end = i;
      while (i > 0 && !isPySpace(cs[i - 1]!)) i--;
      out.push(cs.slice(i, end).join(''));
    }
    return pyList(out.reverse(), 'split');
  }
  if (sep === '') throw pyErrors.valueError('empty separator');
  let rest = s;
  while (maxsplit < 0 || out.length < maxsplit) {
    const at = rest.lastIndexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(at + sep.length));
    rest = rest.slice(0, at);
  }
  out.push(rest);
  return pyList(out.reverse(), 'split');
}

/** str.strip / lstrip / rstrip */
export function strip(s: string, chars: string | null, side: 'both' | 'left' | 'right'): string {
  const cs = codePoints(s);
  const drop = chars === null ? isPySpace : (c: string) => chars.includes(c);
  let start = 0;
  let end = cs.length;
  if (side !== 'right') while (start < end && drop(cs[start]!)) start++;
  if (side !== 'left') while (end > start && drop(cs[end - 1]!)) end--;
  return cs.slice(start, end).join('');
}

/** str.replace(old, new, count) */
export function replace(s: string, old: string, replacement: string, count: number): string {
  if (count === 0) return s;
  if (old === '') {
    const cs = codePoints(s);
    let out = '';
    let n = 0;
    for (let i = 0; i <= cs.length; i++) {
      if (count < 0 || n < count) {
        out += replacement;
        n++;
      }
      if (i < cs.length) out += cs[i];
    }
    return out;
  }
  const parts = s.split(old);
  if (count < 0 || parts.length - 1 <= count) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

/** Python slice bounds for a string of n code points. */
function bounds(n: number, start: number | null, end: number | null): [number, number] {
  let s = start ?? 0;
  let e = end ?? n;
  if (s < 0) s = Math.max(0, s + n);
  if (e < 0) e = Math.max(0, e + n);
  return [Math.min(s, n), Math.min(e, n)];
}

/** str.find / str.rfind(sub, start, end), as code-point indexes. */
export function find(s: string, sub: string, start: number | null, end: number | null, fromRight: boolean): number {
  const cs = codePoints(s);
  const sc = codePoints(sub);
  const [lo, hi] = bounds(cs.length, start, end);
  if (hi - lo < sc.length) return sc.length === 0 && lo <= cs.length && lo <= hi ? (fromRight ? hi : lo) : -1;
  const at = (i: number): boolean => sc.every((c, k) => cs[i + k] === c);
  if (fromRight) {
    for (let i = hi - sc.length; i >= lo; i--) if (at(i)) return i;
  } else {
    for (let i = lo; i + sc.length <= hi; i++) if (at(i)) return i;
  }
  return -1;
}

/** s[start:end] on code points */
export function sliceStr(s: string, start: number, end: number): string {
  const cs = codePoints(s);
  const [lo, hi] = bounds(cs.length, start, end);
  return lo >= hi ? '' : cs.slice(lo, hi).join('');
}

// ---- str.format -------------------------------------------------------------

/**
 * str.format(*args, **kwargs): the fields as yaml/pyprint.ts reads them
 * (`{}`, `{0}`, `{name}`, `{0[key]}`, conversions !s !r !a, nested specs),
 * and the format spec mini-language for str, int and float (fill, align,
 * sign, #, 0, width, grouping, precision, type).
 */
export function format(template: string, args: unknown[], kwargs: Map<string, unknown>, index: (v: unknown, key: number | string) => unknown): string {
  return pythonFormat(template, {
    args,
    keyword: (name) => kwargs.get(name),
    attribute: () => {
      throw unsupported('attribute access in a format field');
    },
    item: index,
    repr: pyRepr,
    str: pyStr,
    formatValue,
    raise: (pyType, message) => new YaqlError(pyType, message),
  });
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** format(value, spec) */
export function formatValue(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const m = SPEC.exec(spec);
  const isNum = isInt(value) || isFloat(value) || typeof value === 'boolean';
  if (!m) throw pyErrors.valueError(`Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  const [, fillChar, align, sign, , alt, zero, width, grouping, precision, type] = m;
  if (typeof value === 'string') {
    if (type !== undefined && type !== 's') throw pyErrors.valueError(`Unknown format code '${type}' for object of type 'str'`);
    if (sign) throw pyErrors.valueError('Sign not allowed in string format specifier');
    let s = value;
    if (precision !== undefined) s = codePoints(s).slice(0, Number(precision)).join('');
    return pad(s, fillChar ?? (zero ? '0' : ' '), align ?? (zero ? '=' : '<'), Number(width ?? 0));
  }
  if (!isNum) throw pyErrors.typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
  const body = formatNumber(value as number | bigint | PyFloat | boolean, { sign, alt: Boolean(alt), grouping, precision, type });
  const fill = fillChar ?? (zero && !align ? '0' : ' ');
  const how = align ?? (zero ? '=' : '>');
  return pad(body, fill, how, Number(width ?? 0));
}

function pad(s: string, fill: string, align: string, width: number): string {
  const n = codePoints(s).length;
  if (n >= width) return s;
  const gap = width - n;
  if (align === '<') return s + fill.repeat(gap);
  if (align === '>') return fill.repeat(gap) + s;
  if (align === '^') return fill.repeat(Math.floor(gap / 2)) + s + fill.repeat(gap - Math.floor(gap / 2));
  // '=': padding after the sign (and a 0x-style prefix).
  const m = /^([-+ ]?(?:0[bBoOxX])?)(.*)$/su.exec(s)!;
  return m[1] + fill.repeat(gap) + m[2];
}

interface NumberSpec {
  sign?: string;
  alt: boolean;
  grouping?: string;
  precision?: string;
  type?: string;
}

function formatNumber(v: number | bigint | PyFloat | boolean, spec: NumberSpec): string {
  const intLike = isInt(v) || typeof v === 'boolean';
  const type = spec.type ?? (intLike ? 'd' : '');
  let digits: string;
  let negative: boolean;
  if ('bcdoxXn'.includes(type) && type !== '') {
    if (!intLike) throw pyErrors.valueError(`Unknown format code '${type}' for object of type 'float'`);
    if (spec.precision !== undefined) throw pyErrors.valueError('Precision not allowed in integer format specifier');
    const big = typeof v === 'bigint' ? v : BigInt(Number(v));
    negative = big < 0n;
    const abs = negative ? -big : big;
    if (type === 'c') return String.fromCodePoint(Number(abs));
    const radix = { b: 2, o: 8, x: 16, X: 16, d: 10, n: 10 }[type]!;
    digits = abs.toString(radix);
    if (type === 'X') digits = digits.toUpperCase();
    if (spec.grouping) digits = group(digits, spec.grouping, radix === 10 ? 3 : 4);
    if (spec.alt && radix !== 10) digits = `0${type === 'X' ? 'X' : type}${digits}`;
  } else {
    const n = toNumber(v as number | PyFloat);
    negative = n < 0 || Object.is(n, -0);
    digits = floatDigits(Math.abs(n), type, spec.precision === undefined ? undefined : Number(spec.precision), spec.alt, isFloat(v));
    if (spec.grouping) {
      const [intPart, rest = ''] = digits.split(/(?=[.eE%])/u, 2);
      digits = (/^\d+$/u.test(intPart!) ? group(intPart!, spec.grouping, 3) : intPart) + digits.slice(intPart!.length);
      void rest;
    }
  }
  const signChar = negative ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  return signChar + digits;
}

function group(digits: string, sep: string, size: number): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % size === 0) out += sep;
    out += digits[i];
  }
  return out;
}

function floatDigits(n: number, type: string, precision: number | undefined, alt: boolean, isFloatValue: boolean): string {
  if (!Number.isFinite(n)) {
    const s = Number.isNaN(n) ? 'nan' : 'inf';
    return 'EFG'.includes(type) && type !== '' ? s.toUpperCase() : s;
  }
  switch (type) {
    case 'f':
    case 'F':
    case '%': {
      const p = precision ?? 6;
      const x = type === '%' ? n * 100 : n;
      return toFixed(x, p, alt) + (type === '%' ? '%' : '');
    }
    case 'e':
    case 'E': {
      const s = toExp(n, precision ?? 6, alt);
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'g':
    case 'G': {
      const s = general(n, precision ?? 6, alt, false);
      return type === 'G' ? s.toUpperCase() : s;
    }
    case '':
      // No type: repr for floats without a precision, else like 'g' but with at least one digit after the point.
      if (precision === undefined) return isFloatValue ? numberRepr(n === Math.trunc(n) ? new PyFloat(n) : n) : String(n);
      return general(n, precision === 0 ? 1 : precision, alt, true);
    default:
      throw unsupported(`the format type '${type}'`);
  }
}

function toFixed(n: number, p: number, alt: boolean): string {
  if (n >= 1e21) throw unsupported('fixed-point formatting of numbers of 1e21 and more');
  const s = n.toFixed(p);
  return alt && p === 0 ? `${s}.` : s;
}

function toExp(n: number, p: number, alt: boolean): string {
  const [m, e] = n.toExponential(p).split('e') as [string, string];
  const exp = Number(e);
  return `${alt && p === 0 ? `${m}.` : m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** The 'g' presentation (and the no-type one, which keeps a '.0' and uses repr's exponent threshold). */
function general(n: number, p: number, alt: boolean, noType: boolean): string {
  const prec = p === 0 ? 1 : p;
  if (n === 0) return alt ? `0.${'0'.repeat(prec - 1)}` : noType ? '0.0' : '0';
  const exp = Number(n.toExponential(prec - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < prec) {
    s = n.toFixed(Math.max(0, prec - 1 - exp));
    if (!alt) s = s.includes('.') ? s.replace(/\.?0+$/u, '') : s;
    if (noType && !s.includes('.')) s += '.0';
  } else {
    s = toExp(n, prec - 1, alt);
    if (!alt) s = s.replace(/\.?0+e/u, 'e');
  }
  return s;
}
