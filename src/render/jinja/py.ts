/**
 * Python semantics for every value a template handles: `str()`/`repr()` as
 * CPython 3.11 prints them, truthiness, `==` and ordering (raising where
 * Python raises), the arithmetic operators, `in`, iteration, `len()` and
 * subscripts with slices. Strings are indexed by code point, as in Python.
 */
import { isoFormat } from '../../yaml/json.js';
import { floatRepr, strRepr } from '../../yaml/pyprint.js';
import { codePoints, compareStr, int, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet, PyTuple, strLen, tuple } from '../../yaml/python.js';
import { overflowError, runtimeError, typeError, valueError, zeroDivisionError } from './exceptions.js';
import {
  asInt, checkedFloat, floatDivmod, floatMod, floatPow, intAdd, intFloorDiv, intMod, intMul, intPow, intSub,
  intToString, intTrueDiv, isIntValue, isNumeric, mkFloat, type Int } from './numbers.js';
import { checkSize } from './limits.js';
import { compareSets, difference } from './sets.js';
import { describe, DictView, FAKE_ADDRESS, Markup, PyCallable, PyIterator, PyRange, PySlice, Undefined } from './values.js';
import {
  complexAdd, complexDiv, complexEquals, complexMul, complexNeg, complexPow, complexRepr, complexSub, complexTruthy, PyComplex, toComplex,
} from './complex.js';

// ------------------------------------------------------------------ types

export function typeName(v: unknown): string {
  switch (typeof v) {
    case 'string': return 'str';
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint': return 'int';
    case 'undefined': return 'Undefined';
    default: break;
  }
  if (v === null) return 'NoneType';
  if (v instanceof PyTuple) return (v as { pyTypeName?: string }).pyTypeName ?? 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof Markup) return 'Markup';
  if (v instanceof Undefined) return 'Undefined';
  if (v instanceof PyRange) return 'range';
  if (v instanceof PyIterator) return v.typeName;
  if (v instanceof DictView) return `dict_${v.view}`;
  if (v instanceof PyDate) return 'date';
  if (v instanceof PyDateTime) return 'datetime';
  if (v instanceof PyBytes) return 'bytes';
  return (v as { pyTypeName?: string }).pyTypeName ?? 'builtin_function_or_method';
}

export const isStr = (v: unknown): v is string | Markup => typeof v === 'string' || v instanceof Markup;
/** The text of a str or Markup. */
export const strValue = (v: string | Markup): string => (typeof v === 'string' ? v : v.value);
export const isList = (v: unknown): v is unknown[] => Array.isArray(v) && !(v instanceof PyTuple);

// ------------------------------------------------------------------ code points

const SURROGATE = /[\uD800-\uDFFF]/;
/** Python's view of a string is the value model's (yaml/python.ts). */
export { codePoints, strLen };

// ------------------------------------------------------------------ printing

/** `str(x)`, which `{{ x }}` prints. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Undefined) return '';
  if (v instanceof Markup) return v.value;
  // An imported template prints as its rendered body.
  if (v !== null && (v as { pyTypeName?: string }).pyTypeName === 'TemplateModule') return (v as { str: string }).str;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (v instanceof PyDate || v instanceof PyDateTime) return isoFormat(v, ' ');
  return pyRepr(v);
}

/** `repr(x)`. */
export function pyRepr(v: unknown, seen?: Set<unknown>): string {
  switch (typeof v) {
    case 'string': return strRepr(v);
    case 'boolean': return v ? 'True' : 'False';
    case 'number': return Number.isInteger(v) ? String(v) : floatRepr(v);
    case 'bigint': return intToString(v);
    case 'undefined': return 'Undefined';
    default: break;
  }
  if (v === null) return 'None';
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (Array.isArray(v) || v instanceof PyDict) {
    if (seen?.has(v)) return v instanceof PyDict ? '{...}' : v instanceof PyTuple ? '(...)' : '[...]';
    const inner = seen ?? new Set<unknown>();
    inner.add(v);
    try {
      if (v instanceof PyDict) {
        const parts: string[] = [];
        for (const [k, val] of v.items()) parts.push(`${pyRepr(k, inner)}: ${pyRepr(val, inner)}`);
        return `{${parts.join(', ')}}`;
      }
      const items = v.map((x) => pyRepr(x, inner));
      if (v instanceof PyTuple) {
        const custom = (v as { reprTuple?: (items: string[]) => string }).reprTuple;
        if (custom) return custom(items);
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      }
      return `[${items.join(', ')}]`;
    } finally {
      inner.delete(v);
    }
  }
  if (v instanceof Undefined) return 'Undefined';
  if (v instanceof Markup) return `Markup(${strRepr(v.value)})`;
  if (v instanceof PyRange) return v.step == 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PyIterator) return `<${v.typeName} object ${v.name ? `${v.name} ` : ''}at ${FAKE_ADDRESS}>`;
  if (v instanceof DictView) return `dict_${v.view}([${[...v].map((x) => pyRepr(x, seen)).join(', ')}])`;
  if (v instanceof PyDate) return `datetime.date(${v.year}, ${v.month}, ${v.day})`;
  if (v instanceof PyDateTime) return dateTimeRepr(v);
  if (v instanceof PyBytes) return bytesRepr(v);
  // Members in the set's own order (see PySet): CPython's follows hashes.
  if (v instanceof PySet) return v.size === 0 ? 'set()' : `{${[...v].map((x) => pyRepr(x, seen)).join(', ')}}`;
  if (v instanceof PyComplex) return complexRepr(v);
  const custom = v as { repr?: string | (() => string) };
  if (typeof custom.repr === 'string') return custom.repr;
  if (typeof custom.repr === 'function') return custom.repr();
  return `<${typeName(v)} object at ${FAKE_ADDRESS}>`;
}

function dateTimeRepr(d: PyDateTime): string {
  const parts = [d.year, d.month, d.day, d.hour, d.minute];
  if (d.second || d.microsecond) parts.push(d.second);
  if (d.microsecond) parts.push(d.microsecond);
  let s = `datetime.datetime(${parts.join(', ')}`;
  if (d.utcOffsetMinutes !== null) {
    s += d.utcOffsetMinutes === 0 ? ', tzinfo=datetime.timezone.utc' : `, tzinfo=datetime.timezone(datetime.timedelta(${timedeltaArgs(d.utcOffsetMinutes)}))`;
  }
  return `${s})`;
}
function timedeltaArgs(minutes: number): string {
  const seconds = minutes * 60;
  if (seconds >= 0) return `seconds=${seconds}`;
  return `days=-1, seconds=${86400 + seconds}`;
}
function bytesRepr(b: PyBytes): string {
  const hasSingle = b.data.includes(0x27);
  const quote = hasSingle && !b.data.includes(0x22) ? '"' : "'";
  let out = 'b' + quote;
  for (const c of b.data) {
    if (c === quote.charCodeAt(0) || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

describe.repr = (v) => pyRepr(v);
describe.typeName = typeName;

// ------------------------------------------------------------------ truth, equality, order

export function truthy(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean': return v;
    case 'string': return v.length > 0;
    case 'number': return v !== 0;
    case 'bigint': return v !== 0n;
    default: break;
  }
  if (v === null || v instanceof Undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.size > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof Markup) return v.value.length > 0;
  if (v instanceof PyRange) return v.length > 0;
  if (v instanceof DictView) return v.dict.size > 0;
  if (v instanceof PyBytes) return v.data.length > 0;
  if (v instanceof PyComplex) return complexTruthy(v);
  return true;
}

const numericValue = (v: number | bigint | boolean | PyFloat): number | bigint =>
  typeof v === 'boolean' ? Number(v) : v instanceof PyFloat ? v.value : v;

/** Python's `==`. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (typeof a === 'string' || typeof b === 'string') {
    return isStr(a) && isStr(b) && strValue(a) === strValue(b);
  }
  if (isNumeric(a) && isNumeric(b)) return numericValue(a) == numericValue(b);
  if (a instanceof PyComplex) return complexEquals(a, b) ?? false;
  if (b instanceof PyComplex) return complexEquals(b, a) ?? false;
  if (a instanceof Markup) return isStr(b) && a.value === strValue(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a.items()) {
      if (!b.has(k)) return false;
      const w = b.get(k);
      if (v !== w && !eq(v, w)) return false;
    }
    return true;
  }
  if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.length === b.length && (a.length === 0 || (a.start === b.start && (a.length === 1 || a.step === b.step)));
  }
  if (a instanceof DictView && b instanceof DictView && a.view === 'keys' && b.view === 'keys') {
    return a.dict.size === b.dict.size && [...a.dict.keys()].every((k) => b.dict.has(k));
  }
  if (a instanceof PySet && b instanceof PySet) return a.size === b.size && [...a].every((x) => b.has(x));
  if (a instanceof PyDate && b instanceof PyDate) return a.year === b.year && a.month === b.month && a.day === b.day;
  if (a instanceof PyBytes && b instanceof PyBytes) return a.data.length === b.data.length && a.data.every((x, i) => x === b.data[i]);
  return false;
}

type OrderOp = '<' | '<=' | '>' | '>=';

function applyOrder(op: OrderOp, c: number): boolean {
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    default: return c >= 0;
  }
}

/** Python's `<`, `<=`, `>`, `>=`: numbers, strings (by code point), sequences and sets (inclusion); a TypeError otherwise. */
export function compare(op: OrderOp, a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return applyOrder(op, a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN);
  if (isNumeric(a) && isNumeric(b)) {
    const x = numericValue(a);
    const y = numericValue(b);
    return applyOrder(op, x < y ? -1 : x > y ? 1 : x == y ? 0 : NaN);
  }
  if (isStr(a) && isStr(b)) return applyOrder(op, compareStr(strValue(a), strValue(b)));
  if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i] && !eq(a[i], b[i])) return compare(op, a[i], b[i]);
    }
    return applyOrder(op, a.length - b.length);
  }
  if (a instanceof PyDate && b instanceof PyDate) return applyOrder(op, a.year - b.year || a.month - b.month || a.day - b.day);
  if (a instanceof PySet && b instanceof PySet) return compareSets(op, a, b);
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** A key for sorted(): Python's `<` between items, raising TypeError for mixed types. */
export function lessThan(a: unknown, b: unknown): boolean {
  return compare('<', a, b);
}

// ------------------------------------------------------------------ arithmetic

const bothInts = (a: unknown, b: unknown): boolean =>
  (isIntValue(a) || typeof a === 'boolean') && (isIntValue(b) || typeof b === 'boolean');

/** Both operands as complex numbers when one is complex and the other a number (CPython's TO_COMPLEX); undefined otherwise. */
function complexOperands(a: unknown, b: unknown): [PyComplex, PyComplex] | undefined {
  if (!(a instanceof PyComplex) && !(b instanceof PyComplex)) return undefined;
  const x = toComplex(a);
  const y = x && toComplex(b);
  return y ? [x!, y] : undefined;
}

function undefinedOperand(a: unknown, b: unknown): void {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') return checkSize(a.length + b.length, 'string') && a + b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return intAdd(a, b);
    return mkFloat(a + b);
  }
  if (bothInts(a, b)) return intAdd(asInt(a as Int | boolean), asInt(b as Int | boolean));
  if (isNumeric(a) && isNumeric(b)) return mkFloat(checkedFloat(a) + checkedFloat(b));
  const c = complexOperands(a, b);
  if (c) return complexAdd(c[0], c[1]);
  if (a instanceof Markup && isStr(b)) return new Markup(a.value + escapeText(b));
  if (typeof a === 'string' && b instanceof Markup) return new Markup(escapeText(a) + b.value);
  if (isList(a) && isList(b)) return checkSize(a.length + b.length, 'list') && [...a, ...b];
  if (a instanceof PyTuple && b instanceof PyTuple) return tuple([...a, ...b]);
  undefinedOperand(a, b);
  if (isList(a) && Array.isArray(b)) throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
  if (a instanceof PyTuple) throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
  if (typeof a === 'string') throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  if (isList(a)) throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
  throw typeError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}

export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return intSub(a, b);
    return mkFloat(a - b);
  }
  if (bothInts(a, b)) return intSub(asInt(a as Int | boolean), asInt(b as Int | boolean));
  if (isNumeric(a) && isNumeric(b)) return mkFloat(checkedFloat(a) - checkedFloat(b));
  const c = complexOperands(a, b);
  if (c) return complexSub(c[0], c[1]);
  if (a instanceof PySet && b instanceof PySet) return difference(a, [b]);
  undefinedOperand(a, b);
  throw typeError(`unsupported operand type(s) for -: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat(seq: unknown, times: Int | boolean): unknown {
  const count = asInt(times);
  if (count > 9223372036854775807n) throw overflowError("cannot fit 'int' into an index-sized integer");
  const n = Number(count);
  if (isStr(seq)) {
    const s = strValue(seq);
    if (n <= 0 || !s) return seq instanceof Markup ? new Markup('') : '';
    checkSize(s.length * n, 'string');
    return seq instanceof Markup ? new Markup(s.repeat(n)) : s.repeat(n);
  }
  const items = seq as unknown[];
  if (n <= 0 || !items.length) return seq instanceof PyTuple ? tuple([]) : [];
  checkSize(items.length * n, 'list');
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return seq instanceof PyTuple ? tuple(out) : out;
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return intMul(a, b);
    return mkFloat(a * b);
  }
  if (bothInts(a, b)) return intMul(asInt(a as Int | boolean), asInt(b as Int | boolean));
  if (isNumeric(a) && isNumeric(b)) return mkFloat(checkedFloat(a) * checkedFloat(b));
  const c = complexOperands(a, b);
  if (c) return complexMul(c[0], c[1]);
  const seqLike = (x: unknown) => isStr(x) || Array.isArray(x);
  if (seqLike(a) && (isIntValue(b) || typeof b === 'boolean')) return repeat(a, b as Int);
  if (seqLike(b) && (isIntValue(a) || typeof a === 'boolean')) return repeat(b, a as Int);
  undefinedOperand(a, b);
  if (seqLike(a)) throw typeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
  if (seqLike(b)) throw typeError(`can't multiply sequence by non-int of type '${typeName(a)}'`);
  throw typeError(`unsupported operand type(s) for *: '${typeName(a)}' and '${typeName(b)}'`);
}

export function truediv(a: unknown, b: unknown): unknown {
  if (bothInts(a, b)) return mkFloat(intTrueDiv(asInt(a as Int), asInt(b as Int)));
  if (isNumeric(a) && isNumeric(b)) {
    const y = checkedFloat(b);
    if (y === 0) throw zeroDivisionError('float division by zero');
    return mkFloat(checkedFloat(a) / y);
  }
  const c = complexOperands(a, b);
  if (c) return complexDiv(c[0], c[1]);
  undefinedOperand(a, b);
  throw typeError(`unsupported operand type(s) for /: '${typeName(a)}' and '${typeName(b)}'`);
}

export function floordiv(a: unknown, b: unknown): unknown {
  if (bothInts(a, b)) return intFloorDiv(asInt(a as Int), asInt(b as Int));
  if (isNumeric(a) && isNumeric(b)) {
    const y = checkedFloat(b);
    if (y === 0) throw zeroDivisionError('float floor division by zero');
    return mkFloat(floatDivmod(checkedFloat(a), y)[0]);
  }
  undefinedOperand(a, b);
  throw typeError(`unsupported operand type(s) for //: '${typeName(a)}' and '${typeName(b)}'`);
}

let percentFormat: (format: string | Markup, args: unknown) => unknown = () => '';
/** format.ts registers printf-style formatting here (`'%s' % x`). */
export function setPercentFormat(fn: typeof percentFormat): void {
  percentFormat = fn;
}

export function mod(a: unknown, b: unknown): unknown {
  if (isStr(a)) return percentFormat(a, b);
  if (bothInts(a, b)) return intMod(asInt(a as Int), asInt(b as Int));
  if (isNumeric(a) && isNumeric(b)) {
    const y = checkedFloat(b);
    if (y === 0) throw zeroDivisionError('float modulo');
    return mkFloat(floatMod(checkedFloat(a), y));
  }
  undefinedOperand(a, b);
  throw typeError(`unsupported operand type(s) for %: '${typeName(a)}' and '${typeName(b)}'`);
}

export function pow(a: unknown, b: unknown): unknown {
  if (bothInts(a, b)) return intPow(asInt(a as Int), asInt(b as Int));
  if (isNumeric(a) && isNumeric(b)) {
    const x = checkedFloat(a);
    const y = checkedFloat(b);
    // float_pow hands a finite negative base and a fractional exponent to complex_pow.
    if (x < 0 && Number.isFinite(x) && Number.isFinite(y) && !Number.isInteger(y)) return complexPow(new PyComplex(x, 0), new PyComplex(y, 0));
    return mkFloat(floatPow(x, y));
  }
  const c = complexOperands(a, b);
  if (c) return complexPow(c[0], c[1]);
  undefinedOperand(a, b);
  throw typeError(`unsupported operand type(s) for ** or pow(): '${typeName(a)}' and '${typeName(b)}'`);
}

export function neg(a: unknown): unknown {
  if (typeof a === 'number') return Number.isInteger(a) ? (a === 0 ? 0 : -a) : -a;
  if (typeof a === 'bigint') return asInt(-a) === -a ? -a : Number(-a);
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (a instanceof PyComplex) return complexNeg(a);
  if (a instanceof Undefined) a.fail();
  throw typeError(`bad operand type for unary -: '${typeName(a)}'`);
}

export function pos(a: unknown): unknown {
  if (typeof a === 'boolean') return Number(a);
  if (isNumeric(a) || a instanceof PyComplex) return a;
  if (a instanceof Undefined) a.fail();
  throw typeError(`bad operand type for unary +: '${typeName(a)}'`);
}

// ------------------------------------------------------------------ containers

/** HTML-escape text for Markup operations (markupsafe.escape). */
export function escapeText(v: unknown): string {
  return v instanceof Markup ? v.value : escapeHtml(pyStr(v));
}

/** markupsafe's escaping of the five HTML-special characters. */
export function escapeHtml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;') : s;
}

/** Python's `x in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (isStr(container)) {
    if (!isStr(item)) throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return strValue(container).includes(strValue(item));
  }
  if (Array.isArray(container)) {
    for (const x of container) if (x === item || eq(x, item)) return true;
    return false;
  }
  if (container instanceof PyDict || container instanceof PySet) return container.has(item);
  if (container instanceof DictView) {
    if (container.view === 'keys') return container.dict.has(item);
    for (const x of container) if (eq(x, item)) return true;
    return false;
  }
  if (container instanceof PyRange) return rangePosition(container, item) !== -1;
  if (container instanceof Undefined) return false;
  if (container instanceof PyIterator) {
    for (const x of container) if (eq(x, item)) return true;
    return false;
  }
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Python's `iter(x)`: what a `for` loop walks. */
export function iterate(v: unknown): Iterable<unknown> {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return codePoints(v);
  if (v instanceof PyDict) return dictKeys(v);
  if (v instanceof Undefined) return [];
  if (v instanceof PyRange || v instanceof PyIterator || v instanceof DictView || v instanceof PySet) return v;
  if (v instanceof Markup) return codePoints(v.value);
  if (v instanceof PyBytes) return [...v.data];
  const custom = v as { iterate?: () => Iterable<unknown> };
  if (custom && typeof custom.iterate === 'function') return custom.iterate();
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

function* dictKeys(d: PyDict): Generator<unknown> {
  const size = d.size;
  for (const k of d.keys()) {
    yield k;
    if (d.size !== size) throw runtimeError('dictionary changed size during iteration');
  }
}


/** `list(x)`. */
export function toList(v: unknown): unknown[] {
  const it = iterate(v);
  if (Array.isArray(it)) return [...it];
  const out: unknown[] = [];
  for (const x of it) {
    out.push(x);
    if ((out.length & 0xffff) === 0) checkSize(out.length, 'list');
  }
  return out;
}

/** `len(x)`. */
export function len(v: unknown): number {
  if (typeof v === 'string') return strLen(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyDict || v instanceof PySet) return v.size;
  if (v instanceof Markup) return strLen(v.value);
  if (v instanceof PyRange) {
    if (v.size > 9223372036854775807n) throw overflowError('Python int too large to convert to C ssize_t');
    // Beyond 2**53 the length is a big int; it only ever reaches printing and comparisons.
    return v.size as number;
  }
  if (v instanceof DictView) return v.dict.size;
  if (v instanceof Undefined) return 0;
  if (v instanceof PyBytes) return v.data.length;
  const custom = v as { length?: () => number };
  if (custom && typeof custom.length === 'function' && !(v instanceof PyCallable)) return custom.length();
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

/** Python's index conversion (`__index__`): ints and bools. */
export function toIndex(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'bigint') return Number(v);
  throw typeError(what.replace('%s', typeName(v)));
}

export interface SliceBounds {
  start: unknown;
  stop: unknown;
  step: unknown;
}

/** Python's `slice.indices(length)`. */
function sliceIndices(s: SliceBounds, length: number): [number, number, number] {
  const msg = 'slice indices must be integers or None or have an __index__ method';
  const step = s.step === null || s.step === undefined ? 1 : toIndex(s.step, msg);
  if (step === 0) throw valueError('slice step cannot be zero');
  const clamp = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    let i = toIndex(v, msg);
    if (i < 0) i = Math.max(i + length, lo);
    else i = Math.min(i, hi);
    return i;
  };
  return step > 0
    ? [clamp(s.start, 0, 0, length), clamp(s.stop, length, 0, length), step]
    : [clamp(s.start, length - 1, -1, length - 1), clamp(s.stop, -1, -1, length - 1), step];
}

function sliceItems<T>(items: T[], s: SliceBounds): T[] {
  const [start, stop, step] = sliceIndices(s, items.length);
  if (step === 1) return items.slice(start, Math.max(start, stop));
  const out: T[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(items[i]!);
  else for (let i = start; i > stop; i += step) out.push(items[i]!);
  return out;
}

/** `x[a:b:c]`. */
export function slice(v: unknown, s: SliceBounds): unknown {
  if (typeof v === 'string') return sliceItems(codePoints(v), s).join('');
  if (v instanceof Markup) return new Markup(sliceItems(codePoints(v.value), s).join(''));
  if (v instanceof PyTuple) return tuple(sliceItems([...v], s));
  if (Array.isArray(v)) return sliceItems(v, s);
  if (v instanceof PyBytes) return new PyBytes(Uint8Array.from(sliceItems([...v.data], s)));
  if (v instanceof PyRange) return rangeSlice(v, s);
  if (v instanceof Undefined) v.fail();
  if (v instanceof PyDict) throw typeError("unhashable type: 'slice'");
  throw typeError(`'${typeName(v)}' object is not subscriptable`);
}

/** `range[a:b:c]`: CPython's compute_slice, in exact integers (a range's indices go past 2**53). */
function rangeSlice(r: PyRange, s: SliceBounds): PyRange {
  const index = (v: unknown): bigint => {
    if (typeof v === 'bigint') return v;
    return BigInt(toIndex(v, 'slice indices must be integers or None or have an __index__ method'));
  };
  const step = s.step === null || s.step === undefined ? 1n : index(s.step);
  if (step === 0n) throw valueError('slice step cannot be zero');
  const length = BigInt(r.size);
  const clamp = (v: unknown, dflt: bigint, lo: bigint, hi: bigint) => {
    if (v === null || v === undefined) return dflt;
    const i = index(v);
    if (i < 0n) return i + length < lo ? lo : i + length;
    return i > hi ? hi : i;
  };
  const [start, stop] = step > 0n
    ? [clamp(s.start, 0n, 0n, length), clamp(s.stop, length, 0n, length)]
    : [clamp(s.start, length - 1n, -1n, length - 1n), clamp(s.stop, -1n, -1n, length - 1n)];
  const first = BigInt(r.start);
  const by = BigInt(r.step);
  return new PyRange(int(first + start * by), int(first + stop * by), int(by * step));
}

/**
 * Where x is among a range's items, or -1: by arithmetic, as CPython finds
 * an int; CPython compares any other value with each item, and only an
 * integral float (or complex with no imaginary part) can equal one.
 */
export function rangePosition(r: PyRange, x: unknown): number | bigint {
  if (isIntValue(x) || typeof x === 'boolean') return r.indexOf(asInt(x as Int | boolean));
  if (x instanceof PyComplex) return x.im === 0 ? rangePosition(r, mkFloat(x.re)) : -1;
  if (!isNumeric(x)) return -1;
  const f = checkedFloat(x);
  return Number.isInteger(f) ? r.indexOf(BigInt(f)) : -1;
}

/** An item of a range: any int index, exactly; MISSING_ITEM outside it (IndexError). */
function rangeItem(r: PyRange, key: Int | boolean): unknown {
  let i = typeof key === 'bigint' ? key : BigInt(Number(key));
  const length = BigInt(r.size);
  if (i < 0n) i += length;
  return i < 0n || i >= length ? MISSING_ITEM : r.at(i);
}

/**
 * `obj[key]` with Python's exceptions; jinja2's getitem turns the lookup
 * errors into Undefined (see runtime.ts). Returns MISSING_ITEM when absent.
 */
export const MISSING_ITEM = Symbol('missing item');
export function getItem(v: unknown, key: unknown): unknown {
  if (key instanceof PySlice) return slice(v, key);
  if (Array.isArray(v) || typeof v === 'string' || v instanceof Markup || v instanceof PyRange || v instanceof PyBytes) {
    if (!isIntValue(key) && typeof key !== 'boolean') {
      const what = Array.isArray(v) ? (v instanceof PyTuple ? 'tuple' : 'list') : v instanceof PyRange ? 'range object' : v instanceof PyBytes ? 'byte' : 'string';
      throw typeError(`${what} indices must be integers${v instanceof PyRange ? ' or slices, not ' : ' or slices, not '}${typeName(key)}`);
    }
    if (v instanceof PyRange) return rangeItem(v, key as Int | boolean);
    const text = typeof v === 'string' ? v : v instanceof Markup ? v.value : undefined;
    const items = text !== undefined && SURROGATE.test(text) ? [...text] : undefined;
    const length = items ? items.length : text !== undefined ? text.length : v instanceof PyBytes ? v.data.length : (v as unknown[]).length;
    let i = Number(asInt(key as Int | boolean));
    if (i < 0) i += length;
    if (i < 0 || i >= length) return MISSING_ITEM;
    if (text !== undefined) {
      const ch = items ? items[i]! : text[i]!;
      return v instanceof Markup ? new Markup(ch) : ch;
    }
    // An item of bytes is an int.
    if (v instanceof PyBytes) return v.data[i];
    return (v as unknown[])[i];
  }
  if (v instanceof PyDict) {
    const found = v.get(key);
    return found === undefined ? MISSING_ITEM : found;
  }
  return MISSING_ITEM;
}


