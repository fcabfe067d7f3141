/**
 * Python's semantics for the values a yaql evaluation handles: type tests,
 * truthiness, ==, ordering, str()/repr(), iteration, arithmetic and
 * sys.getsizeof (yaql's memory quota sums it), as CPython 3.11 has them.
 */
import { numberRepr, strRepr } from '../../yaml/pyprint.js';
import { PyDict, PyFloat, PyTuple, codePoints, compareStr, float, int, isFloat, isInt, strLen, toNumber } from '../../yaml/python.js';
import { pyErrors, unsupported } from './errors.js';
import {
  DICT_SIZES,
  DictView,
  FrozenDict,
  Identified,
  MappingRule,
  NO_VALUE,
  PyIterator,
  PySet,
  YaqlRegex,
  capacityOf,
  dictOf,
  isMapping,
  type Mapping,
} from './values.js';

// ---- type tests (Python's isinstance against collections.abc) --------------

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
/** int, excluding bool (yaql's Integer/Number types exclude it; Python's `int` type does not). */
export const isNumber = (v: unknown): v is number | bigint | PyFloat => isInt(v) || isFloat(v);
/** isinstance(v, int): bool included. */
export const isPyInt = (v: unknown): boolean => isInt(v) || isBool(v);
export const isList = (v: unknown): v is unknown[] => Array.isArray(v) && !(v instanceof PyTuple);
export const isTuple = (v: unknown): v is PyTuple => v instanceof PyTuple;
/** collections.abc.Sequence, without str: tuples and lists. */
export const isSequence = (v: unknown): v is unknown[] => Array.isArray(v);
export const isSet = (v: unknown): boolean => v instanceof PySet || (v instanceof DictView && v.kind !== 'values');
export const isIterator = (v: unknown): v is PyIterator => v instanceof PyIterator;
/** Iterable and neither a str nor a Mapping (yaql's utils.is_iterable). */
export function isIterable(v: unknown): boolean {
  return Array.isArray(v) || v instanceof PySet || v instanceof DictView || v instanceof PyIterator || v instanceof OrderedIterable;
}
/** Has a length (Sequence, Mapping, Set, dict view). */
export function sizedLength(v: unknown): number | undefined {
  if (Array.isArray(v)) return v.length;
  if (isMapping(v)) return v.size;
  if (v instanceof PySet || v instanceof DictView) return v.size;
  if (typeof v === 'string') return codePoints(v).length;
  return undefined;
}

/** queries.OrderingIterable: a collection sorted when first iterated, by fields added with thenBy. */
export class OrderedIterable extends Identified {
  sorted?: unknown[];
  constructor(
    readonly collection: unknown,
    readonly order: Array<{ key: (v: unknown) => unknown; ascending: boolean }>,
    readonly lt: (a: unknown, b: unknown) => unknown,
    readonly gt: (a: unknown, b: unknown) => unknown,
  ) {
    super();
  }
}

// ---- iteration ------------------------------------------------------------

/** iter(v): what a `for` loop over v walks; Python raises TypeError for the rest. */
export function iterate(v: unknown): Iterable<unknown> {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return codePoints(v);
  if (isMapping(v)) return dictOf(v).keys();
  if (v instanceof PySet || v instanceof DictView || v instanceof PyIterator) return v;
  if (v instanceof OrderedIterable) return sortOrdered(v);
  throw pyErrors.typeError(`'${typeName(v)}' object is not iterable`);
}

function sortOrdered(o: OrderedIterable): unknown[] {
  if (!o.sorted) {
    const compare = (a: unknown, b: unknown): number => {
      for (const field of o.order) {
        const ka = field.key(a);
        const kb = field.key(b);
        let r = 0;
        if (o.lt(ka, kb)) r = -1;
        else if (o.gt(ka, kb)) r = 1;
        else continue;
        return field.ascending ? r : -r;
      }
      return 0;
    };
    // Python's sorted() is a stable merge sort calling only __lt__; so is V8's.
    o.sorted = [...iterate(o.collection)].sort(compare);
  }
  return o.sorted;
}


// ---- truthiness, equality, hashing ------------------------------------------

export function truthy(v: unknown): boolean {
  if (v === null || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === 'string') return v.length > 0;
  const n = sizedLength(v);
  return n === undefined ? true : n > 0;
}

/** Python's ==. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return !(typeof a === 'number' && Number.isNaN(a));
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== undefined || nb !== undefined) {
    if (na === undefined || nb === undefined) return false;
    if (typeof na === 'bigint' || typeof nb === 'bigint') {
      if (typeof na === 'bigint' && typeof nb === 'bigint') return na === nb;
      const f = typeof na === 'bigint' ? (nb as number) : (na as number);
      const big = typeof na === 'bigint' ? na : (nb as bigint);
      return Number.isInteger(f) && BigInt(f) === big;
    }
    return na === nb;
  }
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (a === null || b === null) return false;
  if (isTuple(a) || isTuple(b)) return isTuple(a) && isTuple(b) && seqEq(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && seqEq(a, b);
  if (isMapping(a) || isMapping(b)) return isMapping(a) && isMapping(b) && mappingEq(a, b);
  if (isSet(a) || isSet(b)) return isSet(a) && isSet(b) && setEq(a, b);
  if (a instanceof YaqlRegex && b instanceof YaqlRegex) {
    return a.pattern === b.pattern && JSON.stringify(a.flags) === JSON.stringify(b.flags);
  }
  return false;
}

function seqEq(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || pyEq(x, b[i]));
}

function mappingEq(a: Mapping, b: Mapping): boolean {
  const da = dictOf(a);
  const db = dictOf(b);
  if (da.size !== db.size) return false;
  for (const [k, v] of da.items()) {
    if (!db.has(k)) return false;
    const w = db.get(k);
    if (v !== w && !pyEq(v, w)) return false;
  }
  return true;
}

function setEq(a: unknown, b: unknown): boolean {
  const sa = asSet(a);
  const sb = asSet(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** A set-like value (set, frozenset, keys/items view) as a PySet, for set operations. */
export function asSet(v: unknown): PySet {
  return v instanceof PySet ? v : new PySet(iterate(v), true);
}

/** The number a bool/int/float stands for, or undefined for other values. */
function numericValue(v: unknown): number | bigint | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** Python's `x in collection` (identity first, then ==). */
export function pyContains(collection: unknown, x: unknown): boolean {
  if (typeof collection === 'string') {
    if (typeof x !== 'string') throw pyErrors.typeError(`'in <string>' requires string as left operand, not ${typeName(x)}`);
    return collection.includes(x);
  }
  if (isMapping(collection)) return hashableHas(dictOf(collection), x);
  if (collection instanceof PySet) return hashableHas(collection.items, x);
  if (collection instanceof DictView && collection.kind === 'keys') return hashableHas(dictOf(collection.mapping), x);
  if (collection instanceof DictView && collection.kind === 'items') {
    if (!isTuple(x) || x.length !== 2) return false;
    const d = dictOf(collection.mapping);
    return hashableHas(d, x[0]) && pyEq(d.get(x[0]), x[1]);
  }
  for (const item of iterate(collection)) if (item === x || pyEq(item, x)) return true;
  return false;
}

/** d has key k; an unhashable k is Python's TypeError. */
function hashableHas(d: PyDict, k: unknown): boolean {
  try {
    return d.has(k);
  } catch (e) {
    throw asTypeError(e);
  }
}

/** A JS TypeError from the shared model (unhashable type) as Python's TypeError. */
export function asTypeError(e: unknown): unknown {
  return e instanceof TypeError ? pyErrors.typeError(e.message) : e;
}

// ---- ordering -------------------------------------------------------------

/** Python's < for numbers and str (yaql only orders these, sets and None). */
export function pyLess(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return compareStr(a, b) < 0;
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== undefined && nb !== undefined) return compareNum(na, nb) < 0;
  if (isTuple(a) && isTuple(b)) return compareSeq(a, b) < 0;
  if (isList(a) && isList(b)) return compareSeq(a, b) < 0;
  throw pyErrors.typeError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function compareSeq(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (pyEq(a[i], b[i])) continue;
    return pyLess(a[i], b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}


export function compareNum(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  // An int beyond 2**53 against a float: compare exactly where the float is integral.
  const x = typeof a === 'bigint' ? a : b as bigint;
  const f = typeof a === 'bigint' ? (b as number) : (a as number);
  if (Number.isNaN(f)) return NaN;
  if (!Number.isFinite(f)) return (f > 0 ? -1 : 1) * (typeof a === 'bigint' ? 1 : -1);
  const fi = BigInt(Math.trunc(f));
  let r = x < fi ? -1 : x > fi ? 1 : f === Math.trunc(f) ? 0 : f > 0 ? -1 : 1;
  if (typeof a !== 'bigint') r = -r;
  return r;
}

// ---- names, str and repr ----------------------------------------------------

/** type(v).__name__ */
export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (isInt(v)) return 'int';
  if (isFloat(v)) return 'float';
  if (typeof v === 'string') return 'str';
  if (isTuple(v)) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof FrozenDict) return 'FrozenDict';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return v.frozen ? 'frozenset' : 'set';
  if (v instanceof DictView) return v.mapping instanceof FrozenDict ? `${capitalized(v.kind)}View` : `dict_${v.kind}`;
  if (v instanceof PyIterator) return v.kind;
  if (v instanceof OrderedIterable) return 'OrderingIterable';
  if (v instanceof YaqlRegex) return 're.Pattern';
  if (v instanceof MappingRule) return 'MappingRule';
  if (typeof v === 'function') return 'function';
  if (v !== null && typeof v === 'object' && v.constructor.name === 'Context') return 'Context';
  return 'object';
}

const capitalized = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** Python's str(v). */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** Python's repr(v). Iterators print without their address (Python's varies per run). */
export function pyRepr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat) return numberRepr(v);
  if (typeof v === 'string') return strRepr(v);
  if (isTuple(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isMapping(v)) return `{${[...dictOf(v).items()].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof PySet) {
    const inner = [...v].map(pyRepr).join(', ');
    if (v.frozen) return v.size === 0 ? 'frozenset()' : `frozenset({${inner}})`;
    return v.size === 0 ? 'set()' : `{${inner}}`;
  }
  if (v instanceof DictView) {
    // collections.abc views print their mapping; a dict's own views their items.
    if (v.mapping instanceof FrozenDict) return `${capitalized(v.kind)}View(${pyRepr(v.mapping)})`;
    return `dict_${v.kind}([${[...v].map(pyRepr).join(', ')}])`;
  }
  if (v instanceof YaqlRegex) {
    const flags = [v.flags.ignoreCase && 're.IGNORECASE', v.flags.multiLine && 're.MULTILINE', v.flags.dotAll && 're.DOTALL']
      .filter(Boolean)
      .join('|');
    return `re.compile(${strRepr(v.pattern)}${flags ? `, ${flags}` : ''})`;
  }
  if (v instanceof PyIterator && v.kind === 'generator') return `<generator object ${v.qualname}>`;
  if (v instanceof PyIterator && v.stateRepr) return v.stateRepr();
  if (v === NO_VALUE) return '<NoValue>';
  const qualified: Record<string, string> = {
    RememberingIterator: 'yaql.language.utils.memorize.<locals>.RememberingIterator',
    OrderingIterable: 'yaql.standard_library.queries.OrderingIterable',
    MappingRule: 'yaql.language.utils.MappingRule',
    Context: 'yaql.language.contexts.Context',
  };
  const name = typeName(v);
  return `<${qualified[name] ?? name} object>`;
}

// ---- numbers --------------------------------------------------------------

type Num = number | bigint | PyFloat;

/** Python's int/float arithmetic; bools count as ints. */
export function arith(op: '+' | '-' | '*' | '//' | '/' | '%', a: Num | boolean, b: Num | boolean): Num {
  const fa = isFloat(a);
  const fb = isFloat(b);
  if (fa || fb) return floatArith(op, toNumber(a), toNumber(b));
  const x = toBig(a as number | bigint | boolean);
  const y = toBig(b as number | bigint | boolean);
  switch (op) {
    case '+':
      return int(x + y);
    case '-':
      return int(x - y);
    case '*':
      return int(x * y);
    case '/':
      return floatArith('/', Number(x), Number(y));
    case '//':
    case '%': {
      if (y === 0n) throw pyErrors.zeroDivision(op === '//' ? 'integer division or modulo by zero' : 'integer modulo by zero');
      let q = x / y;
      if ((x % y !== 0n) && ((x < 0n) !== (y < 0n))) q -= 1n;
      return op === '//' ? int(q) : int(x - q * y);
    }
  }
}

function floatArith(op: string, x: number, y: number): Num {
  switch (op) {
    case '+':
      return float(x + y);
    case '-':
      return float(x - y);
    case '*':
      return float(x * y);
    case '/':
      if (y === 0) throw pyErrors.zeroDivision('float division by zero');
      return float(x / y);
    case '//':
      if (y === 0) throw pyErrors.zeroDivision('float floor division by zero');
      return float(Math.floor(x / y));
    default: {
      if (y === 0) throw pyErrors.zeroDivision('float modulo');
      const m = x % y;
      // The result takes the divisor's sign, a zero included (0.0 % -1 is -0.0).
      if (m === 0) return float(y < 0 ? -0 : 0);
      return float((m < 0) !== (y < 0) ? m + y : m);
    }
  }
}

const toBig = (v: number | bigint | boolean): bigint => (typeof v === 'bigint' ? v : BigInt(Number(v)));

export function negate(v: Num | boolean): Num {
  if (isFloat(v)) return float(-toNumber(v));
  return int(-toBig(v as number | bigint | boolean));
}

// ---- sys.getsizeof (CPython 3.11, 64-bit) ------------------------------------

/** sys.getsizeof(v): what yaql's memory quota adds up. */
export function sizeOf(v: unknown): number {
  if (v === null) return 16;
  if (typeof v === 'boolean') return 28;
  if (typeof v === 'number' && Number.isInteger(v)) return intSize(BigInt(v));
  if (typeof v === 'bigint') return intSize(v);
  if (typeof v === 'number' || v instanceof PyFloat) return 24;
  if (typeof v === 'string') return strSize(v);
  if (isTuple(v)) return 40 + 8 * v.length;
  if (Array.isArray(v)) return 56 + 8 * capacityOf(v);
  if (v instanceof PyDict) return dictSize(v);
  if (v instanceof PySet) return setSize(v.size);
  if (v instanceof DictView) return 40;
  if (v instanceof PyIterator) return ITERATOR_SIZES[v.kind] ?? 48;
  if (typeof v === 'function') return 152;
  // FrozenDict, contexts, MappingRule, OrderingIterable, Pattern: instances with a __dict__ (re.Pattern is bigger, rarely measured).
  return 56;
}

function intSize(n: bigint): number {
  let abs = n < 0n ? -n : n;
  let digits = 0;
  while (abs > 0n) {
    digits++;
    abs >>= 30n;
  }
  return 24 + 4 * Math.max(digits, 1);
}

function strSize(s: string): number {
  let max = 0;
  for (const ch of s) max = Math.max(max, ch.codePointAt(0)!);
  const n = strLen(s);
  if (max < 0x80) return 49 + n;
  if (max < 0x100) return 73 + n;
  if (max < 0x10000) return 74 + 2 * n;
  return 76 + 4 * n;
}

function dictSize(d: PyDict): number {
  let strOnly = true;
  for (const k of d.keys()) {
    if (typeof k === 'string') continue;
    strOnly = false;
    break;
  }
  const i = DICT_SIZES.usable.findIndex((u) => d.size <= u);
  if (i < 0) throw unsupported(`the size of a dict of ${d.size} items`);
  return (strOnly ? DICT_SIZES.strKeys : DICT_SIZES.general)[i]!;
}

/**
 * A set of n items added one by one: 8 inline slots; when an addition makes
 * it 60% full, a table of the smallest power of two above 4x the items
 * (set_add_entry, set_table_resize).
 */
function setSize(n: number): number {
  let slots = 8;
  for (;;) {
    const fill = Math.ceil((3 * (slots - 1)) / 5);
    if (fill > n) break;
    slots = 8;
    while (slots <= fill * 4) slots *= 2;
  }
  return 216 + (slots > 8 ? 16 * slots : 0);
}

const ITERATOR_SIZES: Record<string, number> = {
  map: 48,
  filter: 48,
  generator: 176,
  'itertools.islice': 72,
  'itertools.chain': 48,
  zip: 64,
  'itertools.zip_longest': 72,
  'itertools.repeat': 48,
  'itertools.count': 56,
  'itertools.cycle': 64,
  'itertools.takewhile': 56,
  'itertools.dropwhile': 56,
  range_iterator: 48,
  list_reverseiterator: 48,
  tuple_iterator: 48,
  RememberingIterator: 56,
};

export { isMapping, dictOf };
/** Python's printing of numbers and strs (yaml/pyprint.ts), and what a str is to Python (yaml/python.ts), are the project's one. */
export { numberRepr, strRepr, codePoints, compareStr, strLen };
