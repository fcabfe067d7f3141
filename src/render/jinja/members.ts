/**
 * Attribute and item access with jinja2's rules (`x.name` tries the attribute
 * first, `x['name']` the item first), including the Python methods THT's
 * templates call on strings, lists and dicts, and negative indexes.
 */
import { eq, isDict, JinjaRuntimeError, pyStr, typeName, type Dict } from './python.js';

type Method = (...args: unknown[]) => unknown;

/** Python's str.split: whitespace runs when sep is None, at most maxsplit splits. */
function split(s: string, sep: unknown = null, maxsplit: unknown = -1): string[] {
  const limit = typeof maxsplit === 'number' ? maxsplit : -1;
  if (sep === null || sep === undefined) {
    const parts: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest !== '') {
      if (limit >= 0 && parts.length === limit) {
        parts.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return parts;
  }
  const separator = String(sep);
  if (separator === '') throw new JinjaRuntimeError('empty separator');
  const all = s.split(separator);
  if (limit < 0 || all.length <= limit + 1) return all;
  return [...all.slice(0, limit), all.slice(limit).join(separator)];
}

/** Python's str.replace: the first `count` occurrences, left to right. */
function replace(s: string, old: string, rep: string, count: number): string {
  if (old === '') {
    // Python inserts `rep` before every character and at the end.
    const slots = [...s, ''];
    return slots.map((ch, i) => (i < count ? rep + ch : ch)).join('');
  }
  let out = '';
  let rest = s;
  for (let n = 0; n < count; n++) {
    const at = rest.indexOf(old);
    if (at < 0) break;
    out += rest.slice(0, at) + rep;
    rest = rest.slice(at + old.length);
  }
  return out + rest;
}

function affix(test: (s: string, a: string) => boolean) {
  return (s: string, arg: unknown): boolean => {
    const options = Array.isArray(arg) ? arg : [arg];
    return options.some((a) => {
      if (typeof a !== 'string') throw new JinjaRuntimeError(`tuple for startswith/endswith must only contain str, not ${typeName(a)}`);
      return test(s, a);
    });
  };
}

const startswith = affix((s, a) => s.startsWith(a));
const endswith = affix((s, a) => s.endsWith(a));

function strip(s: string, chars: unknown, start: boolean, end: boolean): string {
  const set = chars === undefined || chars === null ? null : String(chars);
  const drop = (ch: string) => (set === null ? /\s/.test(ch) : set.includes(ch));
  let i = 0;
  let j = s.length;
  if (start) while (i < j && drop(s[i]!)) i++;
  if (end) while (j > i && drop(s[j - 1]!)) j--;
  return s.slice(i, j);
}

function stringMethod(s: string, name: string): Method | undefined {
  switch (name) {
    case 'lower':
      return () => s.toLowerCase();
    case 'upper':
      return () => s.toUpperCase();
    case 'startswith':
      return (prefix) => startswith(s, prefix);
    case 'endswith':
      return (suffix) => endswith(s, suffix);
    case 'split':
      return (sep, maxsplit) => split(s, sep, maxsplit);
    case 'replace':
      return (old, rep, count = -1) => replace(s, String(old), String(rep), typeof count === 'number' && count >= 0 ? count : Infinity);
    case 'strip':
      return (chars) => strip(s, chars, true, true);
    case 'lstrip':
      return (chars) => strip(s, chars, true, false);
    case 'rstrip':
      return (chars) => strip(s, chars, false, true);
    case 'join':
      return (items) => (items as unknown[]).map(pyStr).join(s);
    default:
      return undefined;
  }
}

function listMethod(list: unknown[], name: string): Method | undefined {
  switch (name) {
    case 'append':
      return (x) => {
        list.push(x);
        return null;
      };
    case 'extend':
      return (xs) => {
        list.push(...(xs as unknown[]));
        return null;
      };
    case 'insert':
      return (i, x) => {
        list.splice(Number(i) < 0 ? Math.max(0, list.length + Number(i)) : Number(i), 0, x);
        return null;
      };
    case 'pop':
      return (i = -1) => {
        if (list.length === 0) throw new JinjaRuntimeError('pop from empty list');
        const at = Number(i) < 0 ? list.length + Number(i) : Number(i);
        if (at < 0 || at >= list.length) throw new JinjaRuntimeError('pop index out of range');
        return list.splice(at, 1)[0];
      };
    case 'index':
      return (x) => {
        const at = list.findIndex((y) => eq(y, x));
        if (at < 0) throw new JinjaRuntimeError(`${pyStr(x)} is not in list`);
        return at;
      };
    case 'count':
      return (x) => list.filter((y) => eq(y, x)).length;
    default:
      return undefined;
  }
}

function dictMethod(d: Dict, name: string): Method | undefined {
  switch (name) {
    case 'get':
      return (k, dflt = null) => (Object.hasOwn(d, String(k)) ? d[String(k)] : dflt);
    case 'items':
      return () => Object.entries(d);
    case 'keys':
      return () => Object.keys(d);
    case 'values':
      return () => Object.values(d);
    case 'update':
      return (other) => {
        Object.assign(d, other as Dict);
        return null;
      };
    case 'pop':
      return (k, ...dflt) => {
        const key = String(k);
        if (Object.hasOwn(d, key)) {
          const v = d[key];
          delete d[key];
          return v;
        }
        if (dflt.length > 0) return dflt[0];
        throw new JinjaRuntimeError(`KeyError: ${pyStr(k)}`);
      };
    case 'setdefault':
      return (k, dflt = null) => {
        const key = String(k);
        if (!Object.hasOwn(d, key)) d[key] = dflt;
        return d[key];
      };
    default:
      return undefined;
  }
}

function method(obj: unknown, name: string): Method | undefined {
  if (typeof obj === 'string') return stringMethod(obj, name);
  if (Array.isArray(obj)) return listMethod(obj, name);
  if (isDict(obj)) return dictMethod(obj, name);
  return undefined;
}

function item(obj: unknown, key: unknown): unknown {
  if ((typeof obj === 'string' || Array.isArray(obj)) && typeof key === 'number' && Number.isInteger(key)) {
    const at = key < 0 ? obj.length + key : key;
    return obj[at];
  }
  if (isDict(obj) && (typeof key === 'string' || typeof key === 'number') && Object.hasOwn(obj, String(key))) {
    return obj[String(key)];
  }
  return undefined;
}

/**
 * `obj.key` (asAttribute) or `obj[key]`. An Undefined `obj` is an error, as in
 * jinja2; anything missing is Undefined.
 */
export function lookup(obj: unknown, key: unknown, asAttribute: boolean, describe: string): unknown {
  if (obj === undefined) throw new JinjaRuntimeError(`'${describe}' is undefined`);
  if (obj === null) return undefined;
  if (key === undefined) return undefined;
  if (asAttribute && typeof key === 'string') {
    return method(obj, key) ?? item(obj, key);
  }
  const found = item(obj, key);
  return found !== undefined || typeof key !== 'string' ? found : method(obj, key);
}
