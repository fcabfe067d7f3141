/**
 * Python's str methods, over code points, with Python's whitespace, line
 * boundaries and character classes.
 */
import { PyBytes, PyTuple, tuple } from '../../yaml/python.js';
import { argCount, bindValues, noKeywords } from './args.js';
import { typeError, unicodeError, valueError } from './exceptions.js';
import { checkSize } from './limits.js';
import { codePoints, isStr, iterate, pyRepr, strLen, strValue, toIndex, typeName } from './py.js';
import type { Kwargs } from './values.js';

type Impl = (args: unknown[], kwargs: Kwargs | null) => unknown;

/** Python's whitespace (str.isspace / str.split()). */
export const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_CHAR = new RegExp(`[${PY_SPACE}]`);
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`);
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
const LOWER = /\p{Lowercase}/u;
const UPPER = /[\p{Uppercase}\p{Lt}]/u;
const ALPHA = /^[\p{L}]+$/u;
const DECIMAL = /^\p{Nd}+$/u;
const DIGIT = /^[\p{Nd}\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u;
const NUMERIC = /^[\p{N}\u3007\u4e00\u4e03\u4e07\u4e09\u4e5d\u4e8c\u4e94\u516b\u516d\u5341\u5343\u767e\u96f6]+$/u;
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** A str argument; `what` names it in the TypeError ("replace() argument 1"), or nothing for "must be str". */
const str = (v: unknown, what = ''): string => {
  if (isStr(v)) return strValue(v);
  throw typeError(`${what ? `${what} ` : ''}must be str, not ${typeName(v)}`);
};
const optStr = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (isStr(v)) return strValue(v);
  throw typeError(`must be str or None, not ${typeName(v)}`);
};
const intArg = (v: unknown): number => toIndex(v, "'%s' object cannot be interpreted as an integer");

/** Python's title-case of one character (ß and the Latin digraphs differ from upper-case). */
function titleChar(ch: string): string {
  const special: Record<string, string> = { ß: 'Ss', ǆ: 'ǅ', Ǆ: 'ǅ', ǉ: 'ǈ', Ǉ: 'ǈ', ǌ: 'ǋ', Ǌ: 'ǋ', ǳ: 'ǲ', Ǳ: 'ǲ', ﬁ: 'Fi', ﬂ: 'Fl', ﬀ: 'Ff' };
  return special[ch] ?? ch.toUpperCase();
}

export function pyLower(s: string): string {
  return s.toLowerCase();
}
export function pyUpper(s: string): string {
  return s.toUpperCase();
}
export function pyCapitalize(s: string): string {
  const cps = codePoints(s);
  if (!cps.length) return '';
  return titleChar(cps[0]!) + cps.slice(1).join('').toLowerCase();
}
export function pyTitle(s: string): string {
  let out = '';
  let previousCased = false;
  for (const ch of codePoints(s)) {
    out += previousCased ? ch.toLowerCase() : titleChar(ch);
    previousCased = CASED.test(ch);
  }
  return out;
}

/** `str.split(sep=None, maxsplit=-1)`. */
export function pySplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (sep === null) {
    const parts: string[] = [];
    let rest = s.replace(new RegExp(`^[${PY_SPACE}]+`), '');
    while (rest) {
      if (maxsplit >= 0 && parts.length === maxsplit) {
        parts.push(rest);
        break;
      }
      const m = SPACE_RUN.exec(rest);
      if (!m) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return parts;
  }
  if (sep === '') throw valueError('empty separator');
  const all = s.split(sep);
  if (maxsplit < 0 || all.length <= maxsplit + 1) return all;
  return [...all.slice(0, maxsplit), all.slice(maxsplit).join(sep)];
}

function pyRsplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === null) {
    const parts: string[] = [];
    let rest = s.replace(new RegExp(`[${PY_SPACE}]+$`), '');
    while (rest) {
      if (parts.length === maxsplit) {
        parts.unshift(rest);
        break;
      }
      const m = new RegExp(`[${PY_SPACE}]+(?=[^${PY_SPACE}]*$)`).exec(rest);
      if (!m) {
        parts.unshift(rest);
        break;
      }
      parts.unshift(rest.slice(m.index + m[0].length));
      rest = rest.slice(0, m.index);
    }
    return parts;
  }
  if (sep === '') throw valueError('empty separator');
  const all = s.split(sep);
  if (all.length <= maxsplit + 1) return all;
  return [all.slice(0, all.length - maxsplit).join(sep), ...all.slice(all.length - maxsplit)];
}

export function pySplitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest) {
    const m = LINE_BREAK.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    out.push(rest.slice(0, keepends ? m.index + m[0].length : m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

export function pyStrip(s: string, chars: string | null, left: boolean, right: boolean): string {
  const cps = codePoints(s);
  const set = chars === null ? null : new Set(codePoints(chars));
  const drop = (ch: string) => (set === null ? SPACE_CHAR.test(ch) : set.has(ch));
  let i = 0;
  let j = cps.length;
  if (left) while (i < j && drop(cps[i]!)) i++;
  if (right) while (j > i && drop(cps[j - 1]!)) j--;
  return cps.slice(i, j).join('');
}

/** `str.replace(old, new, count)`. */
export function pyReplace(s: string, old: string, rep: string, count: number): string {
  const limit = count < 0 ? Infinity : count;
  if (old === '') {
    const cps = codePoints(s);
    let out = '';
    let n = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (n < limit) {
        out += rep;
        n++;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  let out = '';
  let rest = s;
  for (let n = 0; n < limit; n++) {
    const at = rest.indexOf(old);
    if (at < 0) break;
    out += rest.slice(0, at) + rep;
    rest = rest.slice(at + old.length);
  }
  return out + rest;
}

function pad(s: string, width: number, fill: string, where: 'left' | 'right' | 'center'): string {
  const n = strLen(s);
  if (width <= n) return s;
  checkSize(width, 'string');
  const marg = width - n;
  if (where === 'right') return fill.repeat(marg) + s;
  if (where === 'left') return s + fill.repeat(marg);
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

function fillChar(v: unknown, name: string): string {
  if (v === undefined) return ' ';
  if (!isStr(v)) throw typeError(`${name}() argument 2 must be str, not ${typeName(v)}`);
  const f = strValue(v);
  if (strLen(f) !== 1) throw typeError('The fill character must be exactly one character long');
  return f;
}

/** Python's slice-style start/end arguments of find/count/startswith, over code points. */
function window(cps: string[], start: unknown, end: unknown): [number, number] {
  const n = cps.length;
  const norm = (v: unknown, d: number) => {
    if (v === undefined || v === null) return d;
    let i = toIndex(v, 'slice indices must be integers or None or have an __index__ method');
    if (i < 0) i = Math.max(0, i + n);
    return Math.min(i, n);
  };
  return [norm(start, 0), norm(end, n)];
}

function find(s: string, sub: string, start: unknown, end: unknown, fromRight: boolean): number {
  const cps = codePoints(s);
  const subCps = codePoints(sub);
  const [a, b] = window(cps, start, end);
  if (b - a < subCps.length) return subCps.length === 0 && a <= cps.length && a <= b ? a : -1;
  const matches = (i: number) => subCps.every((c, k) => cps[i + k] === c);
  if (fromRight) {
    for (let i = b - subCps.length; i >= a; i--) if (matches(i)) return i;
  } else {
    for (let i = a; i <= b - subCps.length; i++) if (matches(i)) return i;
  }
  return -1;
}

function count(s: string, sub: string, start: unknown, end: unknown): number {
  const cps = codePoints(s);
  const [a, b] = window(cps, start, end);
  if (b < a) return 0;
  const subCps = codePoints(sub);
  if (!subCps.length) return b - a + 1;
  let n = 0;
  for (let i = a; i <= b - subCps.length; ) {
    if (subCps.every((c, k) => cps[i + k] === c)) {
      n++;
      i += subCps.length;
    } else i++;
  }
  return n;
}

function affix(s: string, arg: unknown, start: unknown, end: unknown, atStart: boolean, name: string): boolean {
  const cps = codePoints(s);
  const [a, b] = window(cps, start, end);
  const part = cps.slice(a, b).join('');
  const options = arg instanceof PyTuple ? [...arg] : [arg];
  if (!(arg instanceof PyTuple) && !isStr(arg)) throw typeError(`${name} first arg must be str or a tuple of str, not ${typeName(arg)}`);
  return options.some((o) => {
    if (!isStr(o)) throw typeError(`tuple for ${name} must only contain str, not ${typeName(o)}`);
    const text = strValue(o);
    if (a > cps.length) return false;
    return atStart ? part.startsWith(text) : part.endsWith(text);
  });
}

function expandTabs(s: string, size: number): string {
  let out = '';
  let col = 0;
  for (const ch of codePoints(s)) {
    if (ch === '\t') {
      if (size > 0) {
        const n = size - (col % size);
        out += ' '.repeat(n);
        col += n;
      }
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

function isCasedWith(s: string, test: RegExp, other: RegExp): boolean {
  let cased = false;
  for (const ch of codePoints(s)) {
    if (other.test(ch)) return false;
    if (test.test(ch)) cased = true;
  }
  return cased;
}

function isTitle(s: string): boolean {
  let cased = false;
  let previousCased = false;
  for (const ch of codePoints(s)) {
    if (UPPER.test(ch)) {
      if (previousCased) return false;
      previousCased = true;
      cased = true;
    } else if (LOWER.test(ch)) {
      if (!previousCased) return false;
      previousCased = true;
      cased = true;
    } else previousCased = false;
  }
  return cased;
}

function encodeUtf8(s: string, errors: string): PyBytes {
  if (/[\uD800-\uDFFF]/.test(s) && /(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s) && errors === 'strict') {
    throw unicodeError("'utf-8' codec can't encode character: surrogates not allowed");
  }
  return new PyBytes(new TextEncoder().encode(s));
}

/** The implementation of str method `name` bound to `s`, or undefined if str has none. */
export function strMethods(s: string, name: string): Impl | undefined {
  const none = (fn: () => unknown): Impl => (args, kwargs) => {
    noKeywords(`str.${name}`, kwargs);
    argCount(`str.${name}`, args, 0, 0);
    return fn();
  };
  switch (name) {
    case 'lower': return none(() => pyLower(s));
    case 'upper': return none(() => pyUpper(s));
    case 'casefold': return none(() => s.toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ'));
    case 'swapcase': return none(() => codePoints(s).map((c) => (LOWER.test(c) ? c.toUpperCase() : UPPER.test(c) ? c.toLowerCase() : c)).join(''));
    case 'capitalize': return none(() => pyCapitalize(s));
    case 'title': return none(() => pyTitle(s));
    case 'isalnum': return none(() => !!s && codePoints(s).every((c) => ALPHA.test(c) || NUMERIC.test(c)));
    case 'isalpha': return none(() => ALPHA.test(s));
    case 'isascii': return none(() => /^[\x00-\x7f]*$/.test(s));
    case 'isdecimal': return none(() => DECIMAL.test(s));
    case 'isdigit': return none(() => DIGIT.test(s));
    case 'isnumeric': return none(() => NUMERIC.test(s));
    case 'isidentifier': return none(() => /^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(s));
    case 'islower': return none(() => isCasedWith(s, LOWER, UPPER));
    case 'isupper': return none(() => isCasedWith(s, UPPER, LOWER));
    case 'istitle': return none(() => isTitle(s));
    case 'isspace': return none(() => !!s && codePoints(s).every((c) => SPACE_CHAR.test(c)));
    case 'isprintable': return none(() => codePoints(s).every((c) => c === ' ' || !NON_PRINTABLE.test(c)));
    case 'split':
    case 'rsplit':
      return (args, kwargs) => {
        const [sep, maxsplit] = bindValues({ name: `str.${name}`, params: ['sep', 'maxsplit'], defaults: [null, -1] }, args, kwargs);
        const fn = name === 'split' ? pySplit : pyRsplit;
        return fn(s, optStr(sep), intArg(maxsplit));
      };
    case 'splitlines':
      return (args, kwargs) => {
        const [keepends] = bindValues({ name: 'str.splitlines', params: ['keepends'], defaults: [false] }, args, kwargs);
        return pySplitlines(s, Boolean(keepends));
      };
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      return (args, kwargs) => {
        noKeywords(`str.${name}`, kwargs);
        argCount(name, args, 0, 1);
        const chars = args.length && args[0] !== null ? str(args[0], `${name} arg`) : null;
        return pyStrip(s, chars, name !== 'rstrip', name !== 'lstrip');
      };
    case 'replace':
      return (args, kwargs) => {
        noKeywords('str.replace', kwargs);
        argCount('replace', args, 2, 3);
        const old = str(args[0], 'replace() argument 1');
        const rep = str(args[1], 'replace() argument 2');
        const result = pyReplace(s, old, rep, args.length > 2 ? intArg(args[2]) : -1);
        checkSize(result.length, 'string');
        return result;
      };
    case 'startswith':
    case 'endswith':
      return (args, kwargs) => {
        noKeywords(`str.${name}`, kwargs);
        if (args.length < 1 || args.length > 3) throw typeError(`${name}() takes at least 1 argument (${args.length} given)`);
        return affix(s, args[0], args[1], args[2], name === 'startswith', name);
      };
    case 'find':
    case 'rfind':
    case 'index':
    case 'rindex':
      return (args, kwargs) => {
        noKeywords(`str.${name}`, kwargs);
        argCount(name, args, 1, 3);
        const i = find(s, str(args[0]), args[1], args[2], name.startsWith('r'));
        if (i < 0 && name.endsWith('index')) throw valueError('substring not found');
        return i;
      };
    case 'count':
      return (args, kwargs) => {
        noKeywords('str.count', kwargs);
        argCount('count', args, 1, 3);
        return count(s, str(args[0]), args[1], args[2]);
      };
    case 'join':
      return (args, kwargs) => {
        noKeywords('str.join', kwargs);
        argCount('str.join', args, 1, 1);
        const parts: string[] = [];
        let i = 0;
        for (const item of iterate(args[0])) {
          if (!isStr(item)) throw typeError(`sequence item ${i}: expected str instance, ${typeName(item)} found`);
          parts.push(strValue(item));
          i++;
        }
        const out = parts.join(s);
        checkSize(out.length, 'string');
        return out;
      };
    case 'center':
    case 'ljust':
    case 'rjust':
      return (args, kwargs) => {
        noKeywords(`str.${name}`, kwargs);
        argCount(name, args, 1, 2);
        return pad(s, intArg(args[0]), fillChar(args[1], name), name === 'center' ? 'center' : name === 'ljust' ? 'left' : 'right');
      };
    case 'zfill':
      return (args) => {
        argCount('str.zfill', args, 1, 1);
        const width = intArg(args[0]);
        const n = strLen(s);
        if (width <= n) return s;
        checkSize(width, 'string');
        const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
        return sign + '0'.repeat(width - n) + s.slice(sign.length);
      };
    case 'partition':
    case 'rpartition':
      return (args) => {
        argCount(`str.${name}`, args, 1, 1);
        const sep = str(args[0]);
        if (!sep) throw valueError('empty separator');
        const at = name === 'partition' ? s.indexOf(sep) : s.lastIndexOf(sep);
        if (at < 0) return name === 'partition' ? tuple([s, '', '']) : tuple(['', '', s]);
        return tuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
      };
    case 'removeprefix':
    case 'removesuffix':
      return (args) => {
        argCount(`str.${name}`, args, 1, 1);
        const affixText = str(args[0], `${name}() argument`);
        if (name === 'removeprefix') return affixText && s.startsWith(affixText) ? s.slice(affixText.length) : s;
        return affixText && s.endsWith(affixText) ? s.slice(0, -affixText.length) : s;
      };
    case 'expandtabs':
      return (args, kwargs) => {
        const [size] = bindValues({ name: 'str.expandtabs', params: ['tabsize'], defaults: [8] }, args, kwargs);
        return expandTabs(s, intArg(size));
      };
    case 'encode':
      return (args, kwargs) => {
        const [encoding, errors] = bindValues({ name: 'str.encode', params: ['encoding', 'errors'], defaults: ['utf-8', 'strict'] }, args, kwargs);
        const enc = String(encoding).toLowerCase().replace(/[-_]/g, '');
        if (enc !== 'utf8') throw valueError(`tht encodes only UTF-8, not ${pyRepr(encoding)}`);
        return encodeUtf8(s, String(errors));
      };
    default:
      return undefined;
  }
}
