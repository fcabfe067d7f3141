/**
 * Attributes of the built-in types (what Python's `getattr(obj, name)`
 * finds): the methods of str, list, tuple, dict, set, int, float and range, and
 * the attributes of jinja2's runtime objects (loop, namespace, cycler, ...).
 * Markup's methods are str's with their arguments escaped.
 */
import { isoFormat } from '../../yaml/json.js';
import { int, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet, PyTuple, tuple } from '../../yaml/python.js';
import { argCount, bindValues, noKeywords } from './args.js';
import { indexError, keyError, overflowError, typeError, valueError } from './exceptions.js';
import { checkSize } from './limits.js';
import { bitLength, isFloatValue, isIntValue, mkFloat, toFloat, type Int } from './numbers.js';
import { contains as containsValue, rangePosition, eq, escapeText, isStr, iterate, len, lessThan, MISSING_ITEM, pyRepr, strValue, toIndex, toList, truthy, typeName } from './py.js';
import { boundMethod, Builtin, DictView, Markup, objectTypeRepr, PyRange, Undefined, type Kwargs } from './values.js';
import { formatString } from './format.js';
import { strftime } from './strftime.js';
import { PyComplex } from './complex.js';
import { stripTags, unescapeHtml } from './html.js';
import { BlockReference, Cycler, Joiner, LoopContext, Macro, Namespace, TemplateModule } from './runtime.js';
import { setMethod } from './sets.js';
import { strMethods } from './strings.js';

type Impl = (args: unknown[], kwargs: Kwargs | null) => unknown;

/** Python's attribute lookup on a template value; MISSING_ITEM when it has none. */
export function attributeOf(obj: unknown, name: string): unknown {
  if (name.startsWith('__') && name.endsWith('__') && !(obj instanceof Undefined)) {
    const dunder = dunderAttribute(obj, name);
    if (dunder !== MISSING_ITEM) return dunder;
  }
  if (typeof obj === 'string') return strAttribute(obj, name);
  if (obj instanceof PyDict) return dictAttribute(obj, name);
  if (obj instanceof PySet) {
    const impl = setMethod(obj, name);
    return impl ? method(obj, name, impl) : MISSING_ITEM;
  }
  if (Array.isArray(obj)) return obj instanceof PyTuple ? tupleAttribute(obj, name) : listAttribute(obj, name);
  if (obj instanceof LoopContext) return loopAttribute(obj, name);
  if (obj instanceof Namespace) return obj.attrs.has(name) ? obj.attrs.get(name) : MISSING_ITEM;
  if (obj instanceof Markup) return markupAttribute(obj, name);
  if (isIntValue(obj) || typeof obj === 'boolean') return intAttribute(obj, name);
  if (isFloatValue(obj)) return floatAttribute(toFloat(obj), name);
  if (obj instanceof PyComplex) return complexAttribute(obj, name);
  if (obj instanceof TemplateModule) return obj.exports.has(name) ? obj.exports.get(name) : MISSING_ITEM;
  if (obj instanceof Macro) return macroAttribute(obj, name);
  if (obj instanceof Cycler) return cyclerAttribute(obj, name);
  if (obj instanceof Joiner) return name === 'sep' ? obj.sep : name === 'used' ? obj.used : MISSING_ITEM;
  if (obj instanceof BlockReference) return name === 'super' ? obj.super : name === 'name' ? obj.name : MISSING_ITEM;
  if (obj instanceof PyRange) return rangeAttribute(obj, name);
  if (obj instanceof PyDate || obj instanceof PyDateTime) return dateAttribute(obj, name);
  if (obj instanceof Builtin && obj.attributes && name in obj.attributes) return obj.attributes[name];
  if (obj instanceof Undefined) obj.fail();
  return MISSING_ITEM;
}

/** The dunder attributes templates reach for: `__class__` (and its `__name__`), `__len__`, `__contains__`, `__html__`. */
function dunderAttribute(obj: unknown, name: string): unknown {
  switch (name) {
    case '__class__': {
      const type = typeName(obj);
      const qualified = objectTypeRepr(obj).replace(/ object$/, '');
      return new Builtin(`<class '${obj === null ? 'NoneType' : qualified}'>`, () => {
        throw typeError(`tht cannot call the type object ${type}`);
      }, { __name__: type, __qualname__: type });
    }
    case '__len__':
      try {
        len(obj);
      } catch {
        return MISSING_ITEM;
      }
      return method(obj, name, () => len(obj));
    case '__contains__':
      if (!(obj instanceof PyDict) && !(obj instanceof PySet) && !Array.isArray(obj) && !isStr(obj) && !(obj instanceof PyRange)) return MISSING_ITEM;
      return method(obj, name, (args) => {
        argCount(`${typeName(obj)}.__contains__`, args, 1, 1);
        return containsValue(obj, args[0]);
      });
    case '__html__':
      return obj instanceof Markup ? method(obj, name, () => obj) : MISSING_ITEM;
    default:
      return MISSING_ITEM;
  }
}

function method(owner: unknown, name: string, impl: Impl): Builtin {
  return boundMethod(name, `${typeName(owner)}`, impl);
}

// ------------------------------------------------------------------ str

function strAttribute(s: string, name: string): unknown {
  const impl = strMethods(s, name);
  if (impl) return method(s, name, impl);
  if (name === 'format') return method(s, name, (args, kwargs) => formatString(s, args, kwargs ?? new Map()));
  if (name === 'format_map') {
    return method(s, name, (args, kwargs) => {
      noKeywords('str.format_map', kwargs);
      argCount('format_map', args, 1, 1);
      return formatString(s, undefined, args[0]);
    });
  }
  return MISSING_ITEM;
}

/** Markup's methods: str's, with str arguments escaped and str results marked safe. */
function markupAttribute(m: Markup, name: string): unknown {
  if (name === 'striptags' || name === 'unescape') {
    return method(m, name, () => (name === 'unescape' ? unescapeHtml(m.value) : stripTags(m.value)));
  }
  if (name === 'format') return method(m, name, (args, kwargs) => new Markup(formatString(m.value, args.map(escapeArg), kwargs ? new Map([...kwargs].map(([k, v]) => [k, escapeArg(v)])) : new Map())));
  if (name === 'join') return method(m, name, (args) => new Markup([...iterate(args[0])].map((x) => escapeText(x)).join(m.value)));
  const impl = strMethods(m.value, name);
  if (!impl) return MISSING_ITEM;
  if (!MARKUP_OVERRIDES.has(name)) return method(m, name, impl);
  // replace escapes its replacement, the justifiers their fill character.
  const escaped = name === 'replace' || name === 'ljust' || name === 'rjust' || name === 'center' ? 1 : -1;
  return method(m, name, (args, kwargs) => wrapMarkup(impl(args.map((a, i) => (i === escaped ? escapeArg(a) : a)), kwargs)));
}

/** The str methods markupsafe's Markup overrides to return Markup. */
const MARKUP_OVERRIDES = new Set([
  'capitalize', 'title', 'lower', 'upper', 'replace', 'ljust', 'rjust', 'lstrip', 'rstrip', 'center', 'strip', 'expandtabs',
  'swapcase', 'zfill', 'casefold', 'removeprefix', 'removesuffix', 'split', 'rsplit', 'splitlines', 'partition', 'rpartition',
]);

const escapeArg = (v: unknown): unknown => (isStr(v) ? escapeText(v) : v);
function wrapMarkup(v: unknown): unknown {
  if (typeof v === 'string') return new Markup(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'string' ? new Markup(x) : x));
    return v instanceof PyTuple ? tuple(items) : items;
  }
  return v;
}

// ------------------------------------------------------------------ list / tuple

function listAttribute(list: unknown[], name: string): unknown {
  const m = (impl: Impl) => method(list, name, impl);
  switch (name) {
    case 'append':
      return m((args, kwargs) => {
        noKeywords('list.append', kwargs);
        argCount('list.append', args, 1, 1);
        checkSize(list.length + 1, 'list');
        list.push(args[0]);
        return null;
      });
    case 'extend':
      return m((args, kwargs) => {
        noKeywords('list.extend', kwargs);
        argCount('list.extend', args, 1, 1);
        const items = toList(args[0]);
        checkSize(list.length + items.length, 'list');
        list.push(...items);
        return null;
      });
    case 'insert':
      return m((args, kwargs) => {
        noKeywords('insert', kwargs);
        if (args.length !== 2) throw typeError(`insert expected 2 arguments, got ${args.length}`);
        let i = toIndex(args[0], "'%s' object cannot be interpreted as an integer");
        if (i < 0) i = Math.max(0, list.length + i);
        list.splice(Math.min(i, list.length), 0, args[1]);
        return null;
      });
    case 'pop':
      return m((args, kwargs) => {
        noKeywords('pop', kwargs);
        argCount('pop', args, 0, 1);
        if (!list.length) throw indexError('pop from empty list');
        let i = args.length ? toIndex(args[0], "'%s' object cannot be interpreted as an integer") : -1;
        if (i < 0) i += list.length;
        if (i < 0 || i >= list.length) throw indexError('pop index out of range');
        return list.splice(i, 1)[0];
      });
    case 'remove':
      return m((args) => {
        argCount('list.remove', args, 1, 1);
        const i = list.findIndex((x) => eq(x, args[0]));
        if (i < 0) throw valueError('list.remove(x): x not in list');
        list.splice(i, 1);
        return null;
      });
    case 'clear':
      return m((args) => {
        argCount('list.clear', args, 0, 0);
        list.length = 0;
        return null;
      });
    case 'copy':
      return m((args) => {
        argCount('list.copy', args, 0, 0);
        return [...list];
      });
    case 'reverse':
      return m((args) => {
        argCount('list.reverse', args, 0, 0);
        list.reverse();
        return null;
      });
    case 'sort':
      return m((args, kwargs) => {
        if (args.length) throw typeError('sort() takes no positional arguments');
        const [key, reverse] = bindValues({ name: 'sort', params: ['key', 'reverse'], defaults: [null, false] }, [], kwargs);
        sortInPlace(list, key === null ? null : (x) => callValue(key, [x]), Boolean(reverse));
        return null;
      });
    default:
      return sequenceMethod(list, name, 'list');
  }
}

function tupleAttribute(t: PyTuple, name: string): unknown {
  // A groupby result is a named tuple (grouper, list).
  const fields = (t as { fields?: string[] }).fields;
  if (fields && fields.includes(name)) return t[fields.indexOf(name)];
  return sequenceMethod(t, name, 'tuple');
}

function sequenceMethod(items: unknown[], name: string, owner: string): unknown {
  if (name === 'count') {
    return method(items, name, (args) => {
      argCount(`${owner}.count`, args, 1, 1);
      return items.filter((x) => eq(x, args[0])).length;
    });
  }
  if (name === 'index') {
    return method(items, name, (args) => {
      argCount('index', args, 1, 3);
      const n = items.length;
      const norm = (v: unknown, d: number) => {
        if (v === undefined) return d;
        let i = toIndex(v, 'slice indices must be integers or have an __index__ method');
        if (i < 0) i = Math.max(0, i + n);
        return Math.min(i, n);
      };
      const start = norm(args[1], 0);
      const stop = norm(args[2], n);
      for (let i = start; i < stop; i++) if (eq(items[i], args[0])) return i;
      throw valueError(owner === 'list' ? `${pyRepr(args[0])} is not in list` : 'tuple.index(x): x not in tuple');
    });
  }
  return MISSING_ITEM;
}

let callValue: (fn: unknown, args: unknown[]) => unknown = () => undefined;
/** runtime.ts's `call`, registered to avoid an import cycle at module load. */
export function setCaller(fn: typeof callValue): void {
  callValue = fn;
}

/** Python's stable sort with `<` (TypeError on mixed types), by key, optionally reversed. */
export function sortInPlace(items: unknown[], key: ((x: unknown) => unknown) | null, reverse: boolean): void {
  const keyed = items.map((x, i) => ({ k: key ? key(x) : x, v: x, i }));
  keyed.sort((a, b) => {
    if (reverse) {
      if (lessThan(b.k, a.k)) return -1;
      if (lessThan(a.k, b.k)) return 1;
      return 0;
    }
    if (lessThan(a.k, b.k)) return -1;
    if (lessThan(b.k, a.k)) return 1;
    return 0;
  });
  for (let i = 0; i < items.length; i++) items[i] = keyed[i]!.v;
}

// ------------------------------------------------------------------ dict

function dictAttribute(d: PyDict, name: string): unknown {
  const m = (impl: Impl) => method(d, name, impl);
  switch (name) {
    case 'get':
      return m((args, kwargs) => {
        noKeywords('dict.get', kwargs);
        argCount('get', args, 1, 2);
        const v = d.get(args[0]);
        return v === undefined ? (args.length > 1 ? args[1] : null) : v;
      });
    case 'items':
    case 'keys':
    case 'values':
      return m((args) => {
        argCount(`dict.${name}`, args, 0, 0);
        return new DictView(d, name);
      });
    case 'pop':
      return m((args, kwargs) => {
        noKeywords('pop', kwargs);
        argCount('pop', args, 1, 2);
        const v = d.get(args[0]);
        if (v !== undefined) {
          d.delete(args[0]);
          return v;
        }
        if (args.length > 1) return args[1];
        throw keyError(pyRepr(args[0]));
      });
    case 'popitem':
      return m((args) => {
        argCount('dict.popitem', args, 0, 0);
        let last: [unknown, unknown] | undefined;
        for (const entry of d.items()) last = entry;
        if (!last) throw keyError("'popitem(): dictionary is empty'");
        d.delete(last[0]);
        return tuple(last);
      });
    case 'setdefault':
      return m((args) => {
        argCount('setdefault', args, 1, 2);
        const v = d.get(args[0]);
        if (v !== undefined) return v;
        const dflt = args.length > 1 ? args[1] : null;
        d.set(args[0], dflt);
        return dflt;
      });
    case 'update':
      return m((args, kwargs) => {
        if (args.length > 1) throw typeError(`update expected at most 1 argument, got ${args.length}`);
        if (args.length) updateDict(d, args[0]);
        if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
        return null;
      });
    case 'clear':
      return m(() => {
        d.clear();
        return null;
      });
    case 'copy':
      return m(() => new PyDict(d.items()));
    case 'fromkeys':
      return m((args) => {
        argCount('fromkeys', args, 1, 2);
        const out = new PyDict();
        for (const k of iterate(args[0])) out.set(k, args.length > 1 ? args[1] : null);
        return out;
      });
    default:
      return MISSING_ITEM;
  }
}


/** `dict.update(x)` / `dict(x)`: a mapping, or an iterable of pairs. */
export function updateDict(d: PyDict, source: unknown): void {
  if (source instanceof PyDict) {
    for (const [k, v] of source.items()) d.set(k, v);
    return;
  }
  if (source instanceof Undefined) source.fail();
  let i = 0;
  for (const item of iterate(source)) {
    let pair: unknown[];
    try {
      pair = toList(item);
    } catch {
      throw typeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
    }
    if (pair.length !== 2) throw valueError(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    d.set(pair[0], pair[1]);
    i++;
  }
}

// ------------------------------------------------------------------ numbers, range, dates

function intAttribute(n: Int | boolean, name: string): unknown {
  const v: Int = typeof n === 'boolean' ? Number(n) : n;
  switch (name) {
    case 'real':
    case 'numerator':
      return v;
    case 'imag':
      return 0;
    case 'denominator':
      return 1;
    case 'bit_length':
      return method(n, name, () => bitLength(BigInt(v) < 0n ? -BigInt(v) : BigInt(v)));
    case 'bit_count':
      return method(n, name, () => [...(BigInt(v) < 0n ? -BigInt(v) : BigInt(v)).toString(2)].filter((c) => c === '1').length);
    case 'conjugate':
      return method(n, name, () => v);
    case 'is_integer':
      return method(n, name, () => true);
    case 'as_integer_ratio':
      return method(n, name, () => tuple([v, 1]));
    case 'to_bytes':
      return method(n, name, (args, kwargs) => {
        const [length, byteorder, signed] = bindValues({ name: 'int.to_bytes', params: ['length', 'byteorder', 'signed'], defaults: [1, 'big', false] }, args, kwargs);
        return intToBytes(BigInt(v), Number(length), String(byteorder), truthy(signed));
      });
    default:
      return MISSING_ITEM;
  }
}

function intToBytes(n: bigint, length: number, byteorder: string, signed: boolean): PyBytes {
  if (byteorder !== 'big' && byteorder !== 'little') throw valueError("byteorder must be either 'little' or 'big'");
  if (n < 0n && !signed) throw overflowError("can't convert negative int to unsigned");
  const bits = BigInt(length * 8);
  const limit = signed ? 1n << (bits - 1n) : 1n << bits;
  if (signed ? n >= limit || n < -limit : n >= limit) throw overflowError('int too big to convert');
  let u = n < 0n ? (1n << bits) + n : n;
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return new PyBytes(byteorder === 'big' ? out : out.reverse());
}

/** float.hex(): `[-]0x1.<13 hex digits>p<exp>`, subnormals as 0x0.<digits>p-1022. */
function floatHex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
  if (exp === 0) return frac === '0000000000000' ? `${sign}0x0.0p+0` : `${sign}0x0.${frac}p-1022`;
  const e = exp - 1023;
  return `${sign}0x1.${frac}p${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

function complexAttribute(c: PyComplex, name: string): unknown {
  switch (name) {
    case 'real':
      return mkFloat(c.re);
    case 'imag':
      return mkFloat(c.im);
    case 'conjugate':
      return method(c, name, () => new PyComplex(c.re, -c.im));
    default:
      return MISSING_ITEM;
  }
}

function floatAttribute(x: number, name: string): unknown {
  switch (name) {
    case 'real':
      return mkFloat(x);
    case 'imag':
      return new PyFloat(0);
    case 'is_integer':
      return method(x, name, () => Number.isInteger(x));
    case 'hex':
      return method(x, name, () => floatHex(x));
    case 'conjugate':
      return method(x, name, () => mkFloat(x));
    case 'as_integer_ratio':
      return method(x, name, () => {
        if (!Number.isFinite(x)) throw valueError(Number.isNaN(x) ? 'cannot convert NaN to integer ratio' : 'cannot convert Infinity to integer ratio');
        let num = x;
        let den = 1n;
        while (!Number.isInteger(num)) {
          num *= 2;
          den *= 2n;
        }
        return tuple([int(BigInt(num)), int(den)]);
      });
    default:
      return MISSING_ITEM;
  }
}

function rangeAttribute(r: PyRange, name: string): unknown {
  if (name === 'start' || name === 'stop' || name === 'step') return r[name];
  if (name === 'count') return method(r, name, (args) => (rangePosition(r, args[0]) === -1 ? 0 : 1));
  if (name === 'index') {
    return method(r, name, (args) => {
      const i = rangePosition(r, args[0]);
      if (i === -1) throw valueError(isIntValue(args[0]) || typeof args[0] === 'boolean' ? `${pyRepr(args[0])} is not in range` : 'sequence.index(x): x not in sequence');
      return i;
    });
  }
  return MISSING_ITEM;
}

const pyStrArg = (v: unknown): string => {
  if (!isStr(v)) throw typeError(`strftime() argument 1 must be str, not ${typeName(v)}`);
  return strValue(v);
};

function dateAttribute(d: PyDate | PyDateTime, name: string): unknown {
  if (name in d && name !== 'utcOffsetMinutes') return (d as unknown as Record<string, unknown>)[name];
  if (name === 'strftime') return method(d, name, (args) => strftime(d, pyStrArg(args[0])));
  if (name === 'isoformat') {
    return method(d, name, (args) => (d instanceof PyDateTime && args[0] !== undefined ? isoFormat(d, pyStrArg(args[0])) : isoFormat(d)));
  }
  return MISSING_ITEM;
}

// ------------------------------------------------------------------ jinja2 objects

function loopAttribute(loop: LoopContext, name: string): unknown {
  switch (name) {
    case 'index': return loop.index;
    case 'index0': return loop.index0;
    case 'revindex': return loop.revindex;
    case 'revindex0': return loop.revindex0;
    case 'first': return loop.first;
    case 'last': return loop.last;
    case 'length': return loop.length;
    case 'depth': return loop.depth;
    case 'depth0': return loop.depth0;
    case 'previtem': return loop.previtem;
    case 'nextitem': return loop.nextitem;
    case 'cycle': return method(loop, name, (args) => loop.cycle(args));
    case 'changed': return method(loop, name, (args) => loop.changed(args));
    default: return MISSING_ITEM;
  }
}

function macroAttribute(macro: Macro, name: string): unknown {
  switch (name) {
    case 'name': return macro.name;
    case 'arguments': return tuple(macro.argNames);
    case 'catch_kwargs': return macro.catchKwargs;
    case 'catch_varargs': return macro.catchVarargs;
    case 'caller': return macro.caller;
    default: return MISSING_ITEM;
  }
}

function cyclerAttribute(c: Cycler, name: string): unknown {
  switch (name) {
    case 'current': return c.current;
    case 'items': return tuple(c.items);
    case 'pos': return c.pos;
    case 'next': case '__next__': return method(c, name, () => c.next());
    case 'reset':
      return method(c, name, () => {
        c.pos = 0;
        return null;
      });
    default: return MISSING_ITEM;
  }
}

