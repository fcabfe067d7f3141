/**
 * jinja2 3.1's built-in filters, tests and globals (jinja2/filters.py,
 * tests.py, defaults.py), with the same parameters, defaults and results.
 * A filter or test is called as `(context, value, args, kwargs)`.
 */
import { PyBytes, PyDict, PyFloat, PySet, PyTuple, tuple } from '../../yaml/python.js';
import { bindValues, type Signature } from './args.js';
import { assertionError, attributeError, filterArgumentError, templateRuntimeError, typeError, valueError } from './exceptions.js';
import { checkSize } from './limits.js';
import { sortInPlace, updateDict } from './methods.js';
import { stripTags } from './html.js';
import {
  floatToInt, intToFloat, isFloatValue, isIntValue, isNumeric, mkFloat, parseFloatString, parseIntString, roundFloat, roundInt, toFloat, type Int,
} from './numbers.js';
import {
  add, codePoints, compare, mul, slice, sub, toIndex, contains, eq, isStr, iterate, len, MISSING_ITEM, pyRepr, pyStr, strLen, strValue, toList, truthy, typeName } from './py.js';
import { percentFormat, formatValue } from './format.js';
import { pyCapitalize, pyReplace, pySplit, pySplitlines, pyStrip, PY_SPACE } from './strings.js';
import { Builtin, DictView, Markup, PyCallable, PyIterator, PyRange, Undefined, type Kwargs } from './values.js';
import { Cycler, escape, getitem, Joiner, Namespace, type Context } from './runtime.js';
import { toJson } from './json.js';
import { complexAbs, PyComplex } from './complex.js';
import { pformat } from './pprint.js';
import { textWrap } from './textwrap.js';
import { urlize, urlQuote } from './urls.js';

export type FilterFn = (context: Context, value: unknown, args: unknown[], kwargs: Kwargs | null) => unknown;

/** A filter with a Python signature (value first); `fn` gets the bound parameters. */
function sig(name: string, params: string[], defaults: unknown[], fn: (context: Context, ...values: unknown[]) => unknown, extra: Partial<Signature> = {}): FilterFn {
  const signature: Signature = { name, params: ['value', ...params], defaults, ...extra };
  return (context, value, args, kwargs) => fn(context, ...bindValues(signature, [value, ...args], kwargs));
}

const autoescape = (context: Context) => truthy(context.evalCtx.autoescape);
const softStr = (v: unknown): string | Markup => (v instanceof Markup ? v : pyStr(v));
const text = (v: unknown): string => (v instanceof Markup ? v.value : pyStr(v));
/** `s` as Markup when `like` is Markup (markupsafe's methods return Markup for Markup). */
const sameKind = (like: unknown, s: string): string | Markup => (like instanceof Markup ? new Markup(s) : s);

/** jinja2's make_attrgetter: dotted paths, integer parts looked up as integers. */
function attributeParts(attribute: unknown): unknown[] {
  if (attribute === null || attribute === undefined) return [];
  if (typeof attribute === 'string') return attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return [attribute];
}
function attrGetter(attribute: unknown, postprocess?: (v: unknown) => unknown, dflt: unknown = null): (item: unknown) => unknown {
  const parts = attributeParts(attribute);
  return (item) => {
    let v = item;
    for (const part of parts) {
      v = getitem(v, part);
      if (dflt !== null && v instanceof Undefined) v = dflt;
    }
    return postprocess ? postprocess(v) : v;
  };
}
function multiAttrGetter(attribute: unknown, postprocess?: (v: unknown) => unknown): (item: unknown) => unknown {
  const split = typeof attribute === 'string' ? attribute.split(',') : [attribute];
  const getters = split.map((a) => attrGetter(a === undefined ? null : a, postprocess));
  return (item) => getters.map((g) => g(item));
}
const ignoreCase = (v: unknown): unknown => (isStr(v) ? (v instanceof Markup ? new Markup(v.value.toLowerCase()) : v.toLowerCase()) : v);

function sorted(items: unknown[], key: (x: unknown) => unknown, reverse: boolean): unknown[] {
  const out = [...items];
  sortInPlace(out, key, reverse);
  return out;
}

function iterator(gen: Iterator<unknown>, name: string): PyIterator {
  return new PyIterator(gen, 'generator', name);
}

function firstOf(seq: unknown): unknown {
  for (const x of iterate(seq)) return x;
  return MISSING_ITEM;
}

// ------------------------------------------------------------------ filters

function doDefault(_c: Context, value: unknown, dflt: unknown, boolean: unknown): unknown {
  return value instanceof Undefined || (truthy(boolean) && !truthy(value)) ? dflt : value;
}

function doJoin(context: Context, value: unknown, d: unknown, attribute: unknown): unknown {
  let items = toList(value);
  if (attribute !== null) items = items.map(attrGetter(attribute));
  if (!autoescape(context)) {
    const out = items.map(pyStr).join(pyStr(d));
    checkSize(out.length, 'string');
    return out;
  }
  if (!(d instanceof Markup)) {
    const escapeIt = items.some((x) => x instanceof Markup);
    if (escapeIt) return new Markup(items.map((x) => escape(x).value).join(escape(d).value));
    return items.map(pyStr).join(pyStr(d));
  }
  return new Markup(items.map((x) => escape(x).value).join(d.value));
}

function doMap(context: Context, value: unknown, args: unknown[], kwargs: Kwargs | null): unknown {
  const kw = new Map(kwargs ?? []);
  let func: (item: unknown) => unknown;
  if (!args.length && kw.has('attribute')) {
    const attribute = kw.get('attribute');
    kw.delete('attribute');
    const dflt = kw.has('default') ? kw.get('default') : null;
    kw.delete('default');
    if (kw.size) throw filterArgumentError(`Unexpected keyword argument '${kw.keys().next().value}'`);
    func = attrGetter(attribute, undefined, dflt);
  } else {
    if (!args.length) throw filterArgumentError('map requires a filter argument');
    const [name, ...rest] = args;
    func = (item) => callFilter(context, name, item, rest, kw.size ? kw : null);
  }
  const items = value;
  return iterator(
    (function* () {
      if (!truthy(items)) return;
      for (const item of iterate(items)) yield func(item);
    })(),
    'sync_do_map',
  );
}

function callFilter(context: Context, name: unknown, value: unknown, args: unknown[], kwargs: Kwargs | null): unknown {
  const f = typeof name === 'string' ? FILTERS.get(name) : undefined;
  if (!f) throw templateRuntimeError(undefinedHint(`No filter named ${pyRepr(name)}.`, name));
  return f(context, value, args, kwargs);
}

function callTest(context: Context, name: unknown, value: unknown, args: unknown[], kwargs: Kwargs | null): unknown {
  // eslint-disable-next-line @typescript-eslint/no-use-before-define
  const t = typeof name === 'string' ? TESTS.get(name) : undefined;
  if (!t) throw templateRuntimeError(undefinedHint(`No test named ${pyRepr(name)}.`, name));
  return t(context, value, args, kwargs);
}

function undefinedHint(message: string, name: unknown): string {
  if (!(name instanceof Undefined)) return message;
  return `${message} (${name.message}; did you forget to quote the callable name?)`;
}

function selectOrReject(context: Context, value: unknown, args: unknown[], kwargs: Kwargs | null, keep: boolean, lookupAttr: boolean, name: string): PyIterator {
  let transform = (x: unknown) => x;
  let off = 0;
  if (lookupAttr) {
    if (!args.length) throw filterArgumentError('Missing parameter for attribute name');
    transform = attrGetter(args[0]);
    off = 1;
  }
  let test: (x: unknown) => boolean;
  if (args.length > off) {
    const testName = args[off];
    const rest = args.slice(off + 1);
    test = (x) => truthy(callTest(context, testName, x, rest, kwargs));
  } else test = truthy;
  return iterator(
    (function* () {
      if (!truthy(value)) return;
      for (const item of iterate(value)) if (test(transform(item)) === keep) yield item;
    })(),
    name,
  );
}

function doSum(_c: Context, iterable: unknown, attribute: unknown, start: unknown): unknown {
  let items = toList(iterable);
  if (attribute !== null) items = items.map(attrGetter(attribute));
  if (isStr(start)) throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
  let total = start;
  for (const x of items) total = add(total, x);
  return total;
}

function doRound(_c: Context, value: unknown, precision: unknown, method: unknown): unknown {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') throw filterArgumentError('method must be common, ceil or floor');
  const p = Number(precision);
  if (method === 'common') {
    if (isIntValue(value) || typeof value === 'boolean') return roundInt(typeof value === 'boolean' ? Number(value) : value, p);
    if (!isNumeric(value)) throw typeError(`type ${typeName(value)} doesn't define __round__ method`);
    return mkFloat(roundFloat(toFloat(value), p));
  }
  if (!isNumeric(value)) throw typeError(`must be real number, not ${typeName(value)}`);
  const scale = 10 ** p;
  const x = toFloat(value as number) * scale;
  // math.floor/ceil return an int, so -0.0 rounds to 0 before the division.
  const r = (method === 'ceil' ? Math.ceil(x) : Math.floor(x)) || 0;
  return mkFloat(r / scale);
}

function doInt(_c: Context, value: unknown, dflt: unknown, base: unknown): unknown {
  const toInt = (v: unknown): Int => {
    if (isStr(v)) return parseIntString(strValue(v), Number(base));
    if (isIntValue(v)) return v;
    if (typeof v === 'boolean') return Number(v);
    if (isFloatValue(v)) return floatToInt(toFloat(v));
    throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
  };
  try {
    return toInt(value);
  } catch (e) {
    if (!isPyError(e, 'TypeError', 'ValueError')) throw e;
    try {
      return floatToInt(toPyFloat(value));
    } catch (e2) {
      if (!isPyError(e2, 'TypeError', 'ValueError', 'OverflowError')) throw e2;
      return dflt;
    }
  }
}

function isPyError(e: unknown, ...types: string[]): boolean {
  return typeof e === 'object' && e !== null && types.includes((e as { pyType?: string }).pyType ?? '');
}

/** Python's `float(x)`. */
function toPyFloat(v: unknown): number {
  if (isStr(v)) return parseFloatString(strValue(v), pyRepr(v));
  if (typeof v === 'bigint') return intToFloat(v);
  if (isNumeric(v)) return toFloat(v);
  if (v instanceof Undefined) v.fail();
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function doFloat(_c: Context, value: unknown, dflt: unknown): unknown {
  try {
    return mkFloat(toPyFloat(value));
  } catch (e) {
    if (!isPyError(e, 'TypeError', 'ValueError')) throw e;
    return dflt;
  }
}

function doTruncate(_c: Context, s: unknown, length: unknown, killwords: unknown, end: unknown, leeway: unknown): unknown {
  const lw = leeway === null ? 5 : leeway;
  if (compare('<', length, len(end))) throw assertionError(`expected length >= ${len(end)}, got ${pyStr(length)}`);
  if (compare('<', lw, 0)) throw assertionError(`expected leeway >= 0, got ${pyStr(lw)}`);
  if (compare('<=', len(s), add(length, lw))) return s;
  const cut = sliceOf(s, sub(length, len(end)));
  if (truthy(killwords)) return add(cut, end);
  const at = text(cut).lastIndexOf(' ');
  return add(at < 0 ? cut : sameKind(cut, text(cut).slice(0, at)), end);
}

/** `s[:n]` with Python's rules. */
const sliceOf = (s: unknown, n: unknown) => slice(s, { start: null, stop: n, step: null });

function doIndent(_c: Context, s: unknown, width: unknown, first: unknown, blank: unknown): unknown {
  const indention = isStr(width) ? strValue(width) : text(mul(' ', width));
  const markup = s instanceof Markup;
  if (Array.isArray(s) && !(s instanceof PyTuple)) throw attributeError("'list' object has no attribute 'splitlines'");
  if (s instanceof PyTuple) throw typeError('can only concatenate tuple (not "str") to tuple');
  if (s instanceof Undefined) s.fail();
  if (!isStr(s)) throw typeError(`unsupported operand type(s) for +=: '${typeName(s)}' and 'str'`);
  const src = strValue(s) + '\n';
  let rv: string;
  const lines = pySplitlines(src, false);
  if (truthy(blank)) rv = lines.join('\n' + indention);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += '\n' + lines.map((line) => (line ? indention + line : line)).join('\n');
  }
  if (truthy(first)) rv = indention + rv;
  checkSize(rv.length, 'string');
  return markup ? new Markup(rv) : rv;
}

function doReplace(context: Context, s: unknown, old: unknown, rep: unknown, count: unknown): unknown {
  const n = count === null ? -1 : Number(count);
  if (!autoescape(context)) return pyReplace(pyStr(s), pyStr(old), pyStr(rep), n);
  const base = old instanceof Markup || (rep instanceof Markup && !(s instanceof Markup)) ? escape(s) : softStr(s);
  const out = pyReplace(text(base), text(old instanceof Markup ? old : old), text(rep), n);
  return base instanceof Markup ? new Markup(out) : out;
}

function doTitle(_c: Context, s: unknown): unknown {
  return text(s)
    .split(new RegExp(`([-${PY_SPACE}({\\[<]+)`))
    .filter((item) => item)
    .map((item) => {
      const cps = codePoints(item);
      return cps[0]!.toUpperCase() + cps.slice(1).join('').toLowerCase();
    })
    .join('');
}

function doDictsort(_c: Context, value: unknown, caseSensitive: unknown, by: unknown, reverse: unknown): unknown {
  let pos: number;
  if (by === 'key') pos = 0;
  else if (by === 'value') pos = 1;
  else throw filterArgumentError('You can only sort by either "key" or "value"');
  if (value instanceof Undefined) value.fail();
  if (!(value instanceof PyDict)) throw attributeError(`'${typeName(value)}' object has no attribute 'items'`);
  const items = [...value.items()].map((kv) => tuple(kv));
  return sorted(items, (item) => {
    const v = (item as unknown[])[pos];
    return truthy(caseSensitive) ? v : ignoreCase(v);
  }, truthy(reverse));
}

function doGroupby(_c: Context, value: unknown, attribute: unknown, dflt: unknown, caseSensitive: unknown): unknown {
  const cs = truthy(caseSensitive);
  const expr = attrGetter(attribute, cs ? undefined : ignoreCase, dflt);
  const items = sorted(toList(value), expr, false);
  const groups: [unknown, unknown[]][] = [];
  for (const item of items) {
    const key = expr(item);
    const last = groups[groups.length - 1];
    if (last && eq(last[0], key)) last[1].push(item);
    else groups.push([key, [item]]);
  }
  const output = attrGetter(attribute, undefined, dflt);
  return groups.map(([key, list]) => groupTuple(cs ? key : output(list[0]), list));
}

function groupTuple(grouper: unknown, list: unknown[]): PyTuple {
  const t = Object.setPrototypeOf([grouper, list], PyTuple.prototype) as PyTuple & { fields: string[] };
  Object.defineProperty(t, 'fields', { value: ['grouper', 'list'] });
  return Object.freeze(t) as PyTuple;
}

function doUnique(_c: Context, value: unknown, caseSensitive: unknown, attribute: unknown): unknown {
  const getter = attrGetter(attribute, truthy(caseSensitive) ? undefined : ignoreCase);
  return iterator(
    (function* () {
      const seen = new PyDict();
      for (const item of iterate(value)) {
        const key = getter(item);
        if (!seen.has(key)) {
          seen.set(key, true);
          yield item;
        }
      }
    })(),
    'sync_do_unique',
  );
}

function minOrMax(value: unknown, caseSensitive: unknown, attribute: unknown, wantMax: boolean): unknown {
  const items = toList(value);
  if (!items.length) return new Undefined('No aggregated item, sequence was empty.');
  const key = attrGetter(attribute, truthy(caseSensitive) ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const k = key(item);
    if (wantMax ? compare('>', k, bestKey) : compare('<', k, bestKey)) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function doBatch(_c: Context, value: unknown, linecount: unknown, fill: unknown): unknown {
  const n = Number(linecount);
  return iterator(
    (function* () {
      let tmp: unknown[] = [];
      for (const item of iterate(value)) {
        if (tmp.length === n) {
          yield tmp;
          tmp = [];
        }
        tmp.push(item);
      }
      if (tmp.length) {
        if (fill !== null && tmp.length < n) for (let i = tmp.length; i < n; i++) tmp.push(fill);
        yield tmp;
      }
    })(),
    'do_batch',
  );
}

function doSlice(_c: Context, value: unknown, slices: unknown, fill: unknown): unknown {
  const seq = toList(value);
  const n = Number(slices);
  return iterator(
    (function* () {
      const per = Math.floor(seq.length / n);
      const extra = seq.length % n;
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const start = offset + i * per;
        if (i < extra) offset++;
        const end = offset + (i + 1) * per;
        const tmp = seq.slice(start, end);
        if (fill !== null && i >= extra) tmp.push(fill);
        yield tmp;
      }
    })(),
    'sync_do_slice',
  );
}

function doReverse(_c: Context, value: unknown): unknown {
  // reversed() works on Undefined (it has __len__ and __getitem__) and yields nothing.
  if (value instanceof Undefined) return new PyIterator([][Symbol.iterator](), 'reversed');
  if (isStr(value)) {
    const r = codePoints(strValue(value)).reverse().join('');
    return value instanceof Markup ? new Markup(r) : r;
  }
  if (Array.isArray(value)) return new PyIterator([...value].reverse()[Symbol.iterator](), Object.isFrozen(value) ? 'reversed' : 'list_reverseiterator');
  if (value instanceof PyRange) return new PyIterator(value.reversed(), 'range_iterator');
  if (value instanceof PyDict) return new PyIterator([...value.keys()].reverse()[Symbol.iterator](), 'dict_reversekeyiterator');
  try {
    return toList(value).reverse();
  } catch {
    throw filterArgumentError('argument must be iterable');
  }
}

function doFilesizeformat(_c: Context, value: unknown, binary: unknown): unknown {
  const bytes = toPyFloat(value);
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${pyStr(floatToInt(bytes))} Bytes`;
  let unit = 0;
  let prefix = '';
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i]!;
    if (bytes < unit) break;
  }
  return `${formatValue(mkFloat((base * bytes) / unit), '.1f')} ${prefix}`;
}

function doXmlattr(context: Context, d: unknown, autospace: unknown): unknown {
  const items: string[] = [];
  if (!(d instanceof PyDict)) throw typeError(`'${typeName(d)}' object has no attribute 'items'`);
  for (const [key, value] of d.items()) {
    if (value === null || value instanceof Undefined) continue;
    if (/[\t\n\f\r /=>]/.test(pyStr(key))) throw valueError(`Invalid character in attribute name: ${pyRepr(key)}`);
    items.push(`${escape(key).value}="${escape(value).value}"`);
  }
  let rv = items.join(' ');
  if (truthy(autospace) && rv) rv = ' ' + rv;
  return autoescape(context) ? new Markup(rv) : rv;
}

function doWordwrap(_c: Context, s: unknown, width: unknown, breakLong: unknown, wrapstring: unknown, breakOnHyphens: unknown): unknown {
  const sep = wrapstring === null ? '\n' : pyStr(wrapstring);
  if (!isStr(s)) throw attributeError(`'${typeName(s)}' object has no attribute 'splitlines'`);
  return pySplitlines(strValue(s), false)
    .map((line) => textWrap(line, Number(width), truthy(breakLong), truthy(breakOnHyphens)).join(sep))
    .join(sep);
}

function doFormat(_c: Context, value: unknown, args: unknown[], kwargs: Kwargs | null): unknown {
  if (args.length && kwargs && kwargs.size) throw filterArgumentError("can't handle positional and keyword arguments at the same time");
  const source = softStr(value);
  return percentFormat(source, kwargs && kwargs.size ? new PyDict(kwargs) : tuple(args));
}

function doItems(_c: Context, value: unknown): unknown {
  if (value instanceof Undefined) return iterator([][Symbol.iterator](), 'do_items');
  if (!(value instanceof PyDict)) throw typeError('Can only get item pairs from a mapping.');
  return iterator(new DictView(value, 'items')[Symbol.iterator](), 'do_items');
}

function doAttr(_c: Context, obj: unknown, name: unknown): unknown {
  if (obj instanceof Undefined) obj.fail();
  const attribute = attributeOfValue(obj, pyStr(name));
  return attribute === MISSING_ITEM ? new Undefined(undefined, obj, name) : attribute;
}
let attributeOfValue: (obj: unknown, name: string) => unknown = () => MISSING_ITEM;
export function setAttributeLookup(fn: typeof attributeOfValue): void {
  attributeOfValue = fn;
}

function doRandom(_c: Context, seq: unknown): unknown {
  // random.choice indexes its argument once it is not empty.
  if (seq instanceof PySet && seq.size) throw typeError("'set' object is not subscriptable");
  const items = toList(seq);
  if (!items.length) return new Undefined('No random item, sequence was empty.');
  return items[Math.floor(Math.random() * items.length)];
}

function doAbs(_c: Context, value: unknown): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'bigint') return value < 0n ? -value : value;
  if (value instanceof PyFloat) return new PyFloat(Math.abs(value.value));
  if (typeof value === 'number') return Math.abs(value);
  if (value instanceof PyComplex) return mkFloat(complexAbs(value));
  throw typeError(`bad operand type for abs(): '${typeName(value)}'`);
}

function doLength(_c: Context, value: unknown): unknown {
  return len(value);
}

const one = (name: string, fn: (context: Context, value: unknown) => unknown): FilterFn => sig(name, [], [], fn);

/** markupsafe's escape takes exactly one argument. */
const escapeFilter: FilterFn = (_c, v, args, kwargs) => {
  if (kwargs && kwargs.size) throw typeError('escape() takes no keyword arguments');
  if (args.length) throw typeError(`escape() takes 1 positional argument but ${args.length + 1} were given`);
  return escape(v);
};

export const FILTERS = new Map<string, FilterFn>([
  ['abs', (c, v, a, k) => {
    if (a.length || (k && k.size)) throw typeError(`abs() takes exactly one argument (${a.length + 1 + (k?.size ?? 0)} given)`);
    return doAbs(c, v);
  }],
  ['attr', sig('do_attr', ['name'], [], doAttr)],
  ['batch', sig('do_batch', ['linecount', 'fill_with'], [null], doBatch)],
  ['capitalize', one('do_capitalize', (_c, v) => sameKind(softStr(v), pyCapitalize(text(v))))],
  ['center', sig('do_center', ['width'], [80], (_c, v, w) => {
    const s = text(v);
    const width = toIndex(w, "'%s' object cannot be interpreted as an integer");
    const n = strLen(s);
    // str.center returns the string itself when it is wide enough; Markup's wraps that in Markup too.
    if (width <= n) return sameKind(softStr(v), s);
    checkSize(width, 'string');
    const marg = width - n;
    const left = Math.floor(marg / 2) + (marg & width & 1);
    return sameKind(softStr(v), ' '.repeat(left) + s + ' '.repeat(marg - left));
  })],
  ['count', doLength],
  ['d', sig('do_default', ['default_value', 'boolean'], ['', false], doDefault)],
  ['default', sig('do_default', ['default_value', 'boolean'], ['', false], doDefault)],
  ['dictsort', sig('do_dictsort', ['case_sensitive', 'by', 'reverse'], [false, 'key', false], doDictsort)],
  ['e', escapeFilter],
  ['escape', escapeFilter],
  ['filesizeformat', sig('do_filesizeformat', ['binary'], [false], doFilesizeformat)],
  ['first', sig('sync_do_first', [], [], (_c, seq) => {
    const x = firstOf(seq);
    return x === MISSING_ITEM ? new Undefined('No first item, sequence was empty.') : x;
  })],
  ['float', sig('do_float', ['default'], [new PyFloat(0)], doFloat)],
  ['forceescape', one('do_forceescape', (_c, v) => escape(v instanceof Markup ? v.value : pyStr(v)))],
  ['format', doFormat],
  ['groupby', sig('sync_do_groupby', ['attribute', 'default', 'case_sensitive'], [null, false], doGroupby)],
  ['indent', sig('do_indent', ['width', 'first', 'blank'], [4, false, false], doIndent)],
  ['int', sig('do_int', ['default', 'base'], [0, 10], doInt)],
  ['items', one('do_items', doItems)],
  ['join', sig('sync_do_join', ['d', 'attribute'], ['', null], doJoin)],
  ['last', sig('do_last', [], [], (_c, seq) => {
    if (seq instanceof Undefined) return new Undefined('No last item, sequence was empty.');
    if (seq instanceof Markup) return seq.value ? new Markup(codePoints(seq.value).pop()!) : new Undefined('No last item, sequence was empty.');
    if (!Array.isArray(seq) && !isStr(seq) && !(seq instanceof PyRange) && !(seq instanceof PyDict)) {
      throw typeError(`'${typeName(seq)}' object is not reversible`);
    }
    const items = toList(seq);
    return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
  })],
  ['length', doLength],
  ['list', sig('sync_do_list', [], [], (_c, v) => toList(v))],
  ['lower', one('do_lower', (_c, v) => sameKind(softStr(v), text(v).toLowerCase()))],
  ['map', doMap],
  ['max', sig('do_max', ['case_sensitive', 'attribute'], [false, null], (_c, v, cs, attr) => minOrMax(v, cs, attr, true))],
  ['min', sig('do_min', ['case_sensitive', 'attribute'], [false, null], (_c, v, cs, attr) => minOrMax(v, cs, attr, false))],
  ['pprint', one('do_pprint', (_c, v) => pformat(v))],
  ['random', one('do_random', doRandom)],
  ['reject', (c, v, a, k) => selectOrReject(c, v, a, k, false, false, 'select_or_reject')],
  ['rejectattr', (c, v, a, k) => selectOrReject(c, v, a, k, false, true, 'select_or_reject')],
  ['replace', sig('do_replace', ['old', 'new', 'count'], [null], doReplace)],
  ['reverse', one('do_reverse', doReverse)],
  ['round', sig('do_round', ['precision', 'method'], [0, 'common'], doRound)],
  ['safe', one('do_mark_safe', (_c, v) => (v instanceof Markup ? v : new Markup(pyStr(v))))],
  ['select', (c, v, a, k) => selectOrReject(c, v, a, k, true, false, 'select_or_reject')],
  ['selectattr', (c, v, a, k) => selectOrReject(c, v, a, k, true, true, 'select_or_reject')],
  ['slice', sig('sync_do_slice', ['slices', 'fill_with'], [null], doSlice)],
  ['sort', sig('do_sort', ['reverse', 'case_sensitive', 'attribute'], [false, false, null], (_c, v, reverse, cs, attr) =>
    sorted(toList(v), multiAttrGetter(attr, truthy(cs) ? undefined : ignoreCase), truthy(reverse)))],
  ['string', (_c, v) => softStr(v)],
  ['striptags', one('do_striptags', (_c, v) => stripTags(v instanceof Markup ? v.value : pyStr(v)))],
  ['sum', sig('sync_do_sum', ['attribute', 'start'], [null, 0], doSum)],
  ['title', one('do_title', doTitle)],
  ['tojson', sig('do_tojson', ['indent'], [null], (_c, v, indent) => new Markup(toJson(v, indent)))],
  ['trim', sig('do_trim', ['chars'], [null], (_c, v, chars) => sameKind(softStr(v), pyStrip(text(v), chars === null ? null : pyStr(chars), true, true)))],
  ['truncate', sig('do_truncate', ['length', 'killwords', 'end', 'leeway'], [255, false, '...', null], doTruncate)],
  ['unique', sig('sync_do_unique', ['case_sensitive', 'attribute'], [false, null], doUnique)],
  ['upper', one('do_upper', (_c, v) => sameKind(softStr(v), text(v).toUpperCase()))],
  ['urlencode', one('do_urlencode', (_c, v) => {
    if (isStr(v) || !(v instanceof PyDict || Array.isArray(v) || v instanceof PyIterator || v instanceof DictView)) return urlQuote(v, false);
    const items = v instanceof PyDict ? [...v.items()] : toList(v).map((x) => unpackPair(x));
    return items.map(([k, val]) => `${urlQuote(k, true)}=${urlQuote(val, true)}`).join('&');
  })],
  ['urlize', sig('do_urlize', ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'], [null, false, null, null, null], (c, v, trim, nofollow, target, rel, schemes) => {
    const relParts = new Set(pySplit(rel === null ? '' : pyStr(rel), null, -1));
    if (truthy(nofollow)) relParts.add('nofollow');
    relParts.add('noopener');
    const relText = [...relParts].sort().join(' ') || null;
    const rv = urlize(v, trim === null ? null : Number(trim), relText, target === null ? null : pyStr(target), schemes === null ? [] : toList(schemes).map(pyStr));
    return autoescape(c) ? new Markup(rv) : rv;
  })],
  ['wordcount', one('do_wordcount', (_c, v) => (text(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length)],
  ['wordwrap', sig('do_wordwrap', ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], [79, true, null, true], doWordwrap)],
  ['xmlattr', sig('do_xmlattr', ['autospace'], [true], doXmlattr)],
]);

/** `for k, v in items`: Python's unpacking of one item into two names. */
function unpackPair(item: unknown): unknown[] {
  let values: unknown[];
  try {
    values = toList(item);
  } catch {
    throw typeError(`cannot unpack non-iterable ${typeName(item)} object`);
  }
  if (values.length > 2) throw valueError('too many values to unpack (expected 2)');
  if (values.length < 2) throw valueError(`not enough values to unpack (expected 2, got ${values.length})`);
  return values;
}

// ------------------------------------------------------------------ tests

const test = (fn: (value: unknown, arg?: unknown) => boolean, name: string, params: string[] = []): FilterFn =>
  sig(name, params, [], (_c, value, arg) => fn(value, arg));
/** jinja2's test_sequence: `len(v)` and `v.__getitem__` exist (Undefined has both). */
const isSequenceLike = (v: unknown): boolean =>
  Array.isArray(v) || isStr(v) || v instanceof PyDict || v instanceof PyRange || v instanceof Undefined || v instanceof PyBytes;

export const TESTS: Map<string, FilterFn> = new Map<string, FilterFn>([
  ['odd', test((v) => eq(modulo(v, 2), 1), 'test_odd')],
  ['even', test((v) => eq(modulo(v, 2), 0), 'test_even')],
  ['divisibleby', test((v, n) => eq(modulo(v, n), 0), 'test_divisibleby', ['num'])],
  ['defined', test((v) => !(v instanceof Undefined), 'test_defined')],
  ['undefined', test((v) => v instanceof Undefined, 'test_undefined')],
  ['filter', test((v) => hashable(v) && typeof v === 'string' && FILTERS.has(v), 'test_filter')],
  ['test', test((v) => hashable(v) && typeof v === 'string' && TESTS.has(v), 'test_test')],
  ['none', test((v) => v === null, 'test_none')],
  ['boolean', test((v) => typeof v === 'boolean', 'test_boolean')],
  ['false', test((v) => v === false, 'test_false')],
  ['true', test((v) => v === true, 'test_true')],
  ['integer', test((v) => isIntValue(v), 'test_integer')],
  ['float', test((v) => isFloatValue(v), 'test_float')],
  ['lower', test((v) => strMethodTest(v, 'islower'), 'test_lower')],
  ['upper', test((v) => strMethodTest(v, 'isupper'), 'test_upper')],
  ['string', test((v) => isStr(v), 'test_string')],
  ['mapping', test((v) => v instanceof PyDict, 'test_mapping')],
  ['number', test((v) => isNumeric(v) || v instanceof PyComplex, 'test_number')],
  ['sequence', test(isSequenceLike, 'test_sequence')],
  ['iterable', test((v) => {
    try {
      iterate(v);
      return true;
    } catch {
      return false;
    }
  }, 'test_iterable')],
  // Undefined defines __call__ (to raise), so Python's callable() says True.
  ['callable', test((v) => v instanceof PyCallable || v instanceof Undefined, 'callable')],
  ['sameas', test((v, other) => v === other || (v instanceof PyFloat && other instanceof PyFloat && v.value === other.value && false), 'test_sameas', ['other'])],
  ['escaped', test((v) => v instanceof Markup, 'test_escaped')],
  ['in', test((v, seq) => contains(seq, v), 'test_in', ['seq'])],
  ...(['==', 'eq', 'equalto'] as const).map((n) => [n, test((a, b) => eq(a, b), 'eq', ['b'])] as [string, FilterFn]),
  ...(['!=', 'ne'] as const).map((n) => [n, test((a, b) => !eq(a, b), 'ne', ['b'])] as [string, FilterFn]),
  ...(['>', 'gt', 'greaterthan'] as const).map((n) => [n, test((a, b) => compare('>', a, b), 'gt', ['b'])] as [string, FilterFn]),
  ...(['>=', 'ge'] as const).map((n) => [n, test((a, b) => compare('>=', a, b), 'ge', ['b'])] as [string, FilterFn]),
  ...(['<', 'lt', 'lessthan'] as const).map((n) => [n, test((a, b) => compare('<', a, b), 'lt', ['b'])] as [string, FilterFn]),
  ...(['<=', 'le'] as const).map((n) => [n, test((a, b) => compare('<=', a, b), 'le', ['b'])] as [string, FilterFn]),
]);

/** `value in env.filters` hashes the value: a list or dict raises TypeError. */
function hashable(v: unknown): true {
  if (Array.isArray(v) && !(v instanceof PyTuple)) throw typeError("unhashable type: 'list'");
  if (v instanceof PyDict) throw typeError("unhashable type: 'dict'");
  if (v instanceof PySet) throw typeError("unhashable type: 'set'");
  return true;
}

let modulo: (a: unknown, b: unknown) => unknown = () => 0;
let strMethodTest: (v: unknown, name: string) => boolean = () => false;
/** py.ts's `%` and the str predicates, registered to keep this module free of cycles. */
export function setTestHelpers(mod: typeof modulo, strTest: typeof strMethodTest): void {
  modulo = mod;
  strMethodTest = strTest;
}

export const FILTER_NAMES: ReadonlySet<string> = new Set(FILTERS.keys());
export const TEST_NAMES: ReadonlySet<string> = new Set(TESTS.keys());

// ------------------------------------------------------------------ globals

function range(args: unknown[], kwargs: Kwargs | null): PyRange {
  if (kwargs && kwargs.size) throw typeError('range() takes no keyword arguments');
  if (!args.length) throw typeError('range expected at least 1 argument, got 0');
  if (args.length > 3) throw typeError(`range expected at most 3 arguments, got ${args.length}`);
  const ints = args.map((a) => {
    if (typeof a === 'boolean') return Number(a);
    if (!isIntValue(a)) throw typeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
    return a;
  });
  const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
  if (step == 0) throw valueError('range() arg 3 must not be zero');
  return new PyRange(start, stop, step);
}

function dict(args: unknown[], kwargs: Kwargs | null): PyDict {
  if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
  const d = new PyDict();
  if (args.length) updateDict(d, args[0]);
  if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
  return d;
}

export const GLOBALS = new Map<string, unknown>([
  ['range', new Builtin("<class 'range'>", range)],
  ['dict', new Builtin("<class 'dict'>", dict)],
  ['lipsum', new Builtin('<function generate_lorem_ipsum at 0x7f0000000000>', (args, kwargs) => {
    const [n, html, min, max] = bindValues({ name: 'generate_lorem_ipsum', params: ['n', 'html', 'min', 'max'], defaults: [5, true, 20, 100] }, args, kwargs);
    const index = (v: unknown) => toIndex(v, "'%s' object cannot be interpreted as an integer");
    return lipsum(index(n), truthy(html), index(min), index(max));
  })],
  ['cycler', new Builtin("<class 'jinja2.utils.Cycler'>", (args, kwargs) => {
    if (kwargs && kwargs.size) throw typeError(`Cycler.__init__() got an unexpected keyword argument '${kwargs.keys().next().value}'`);
    return new Cycler(args);
  })],
  ['joiner', new Builtin("<class 'jinja2.utils.Joiner'>", (args, kwargs) => {
    const [sep] = bindValues({ name: 'Joiner.__init__', params: ['sep'], defaults: [', '] }, args, kwargs);
    return new Joiner(sep);
  })],
  ['namespace', new Builtin("<class 'jinja2.utils.Namespace'>", (args, kwargs) => new Namespace(dict(args, kwargs)))],
]);

const LOREM = 'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate';

function lipsum(n: number, html: boolean, min: number, max: number): unknown {
  const words = LOREM.split(' ');
  const randrange = (a: number, b: number) => a + Math.floor(Math.random() * (b - a));
  const result: string[] = [];
  for (let i = 0; i < n; i++) {
    let nextCapitalized = true;
    let lastComma = 0;
    let lastFullstop = 0;
    let last: string | null = null;
    const p: string[] = [];
    const count = randrange(min, max);
    for (let idx = 0; idx < count; idx++) {
      let word: string;
      do word = words[Math.floor(Math.random() * words.length)]!;
      while (word === last);
      last = word;
      if (nextCapitalized) {
        word = pyCapitalize(word);
        nextCapitalized = false;
      }
      if (idx - randrange(3, 8) > lastComma) {
        lastComma = idx;
        lastFullstop += 2;
        word += ',';
      }
      if (idx - randrange(10, 20) > lastFullstop) {
        lastComma = lastFullstop = idx;
        word += '.';
        nextCapitalized = true;
      }
      p.push(word);
    }
    let text = p.join(' ');
    if (text.endsWith(',')) text = text.slice(0, -1) + '.';
    else if (!text.endsWith('.')) text += '.';
    result.push(text);
  }
  if (!html) return result.join('\n\n');
  return new Markup(result.map((x) => `<p>${escape(x).value}</p>`).join('\n'));
}

