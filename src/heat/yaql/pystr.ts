/**
 * Python's str methods that yaql's string functions call (split, rsplit,
 * strip, replace, find, format...), on code points as Python counts them.
 */
import { formatBuiltin, pythonFormat, type SpecHooks } from '../../yaml/pyprint.js';
import { YaqlError, pyErrors, unsupported } from './errors.js';
import { codePoints, pyRepr, pyStr, typeName } from './pyops.js';
import { HARD_LIMITS } from './runtime.js';
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

/** The shared format-spec mini-language raises yaql's errors, and pads no further than tht's bound on a value. */
const SPEC_HOOKS: SpecHooks = {
  raise: (pyType, message) => new YaqlError(pyType, message),
  checkWidth: (width) => {
    if (width > HARD_LIMITS.bytes) throw new YaqlError('ThtEvaluationBound', `a value would take more than ${HARD_LIMITS.bytes} bytes`);
  },
};

/** format(value, spec): yaml/pyprint.ts's for str, int, float and bool; other values take only the empty spec. */
export function formatValue(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const text = formatBuiltin(value, spec, SPEC_HOOKS);
  if (text !== undefined) return text;
  throw pyErrors.typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
}
