/**
 * The Python values that PyYAML constructs and Jinja2 templates compute with,
 * as JS values. Every stage shares this one data model, so that `1.0` read
 * from YAML prints `1.0` in a rendered template and in Heat's JSON alike:
 *
 *   None -> null        bool -> boolean        str -> string       list -> Array
 *   int  -> a number that is a safe integer, or a bigint beyond +-(2^53 - 1)
 *           (never a bigint inside that range: see `int`)
 *   float-> a number that is not integral (0.5, NaN, +-Infinity), or a PyFloat
 *           when it is (1.0, -0.0, 1e+20): a JS number cannot tell 1.0 from 1
 *   tuple-> PyTuple (a frozen Array: code that only reads sequences sees an array)
 *   dict -> PyDict where Python's key types and order matter (the Jinja world);
 *           the Heat model keeps JSON-like plain objects with string keys
 *   datetime.date / datetime.datetime -> PyDate / PyDateTime (PyYAML timestamps)
 *   bytes -> PyBytes (`!!binary`)       set -> PySet (`!!set`)
 *
 * Printing (str/repr, json.dumps, str.format) is pyprint.ts's, shared by the
 * Jinja engine and yaql; arithmetic and comparison belong to each engine.
 * This module holds the data, Python's rule for dict keys (hash equality:
 * `1`, `1.0` and `True` are one key, `'1'` another), and what a str is to
 * Python: its code points (a JS string's UTF-16 units are not), in
 * code-point order.
 */

/**
 * A dict of the JSON-like data (the YAML loader's mappings, the Heat model's):
 * a plain object, as opposed to a list, a scalar or one of the model's
 * classes (PyDict, PyFloat, PyDate...).
 */
export const isPlainMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

const SURROGATE = /[\uD800-\uDFFF]/;

/** A str as Python sees it: its code points. */
export function codePoints(s: string): string[] {
  return SURROGATE.test(s) ? [...s] : s.split('');
}

/** len(str): its code points. */
export function strLen(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python's order of two strs, by code point (a JS comparison orders UTF-16 units): negative, 0 or positive. */
export function compareStr(a: string, b: string): number {
  if (a === b) return 0;
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/** An integral Python float: `1.0` as opposed to the int `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

/** A float as this model stores it: a plain number, boxed only when it is integral. */
export function float(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An int as this model stores it: a bigint only outside the safe-integer range. */
export function int(n: number | bigint): number | bigint {
  if (typeof n === 'number') {
    if (!Number.isInteger(n)) throw new RangeError(`int() of a non-integral number ${n}`);
    return Number.isSafeInteger(n) ? n : BigInt(n);
  }
  return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

export const isFloat = (v: unknown): v is number | PyFloat =>
  v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));

/** A Python int (not a bool, although Python's bool is an int subclass). */
export const isInt = (v: unknown): v is number | bigint => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

/** A Python int or float as this model stores it. */
export type PyNumber = number | bigint | PyFloat;

/** A Python int or float (not a bool). */
export const isNumber = (v: unknown): v is PyNumber => typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat;

/** Python's `==` on numbers and bools: 1 == 1.0 == True, whatever their types here. */
export function numbersEqual(a: PyNumber | boolean, b: PyNumber | boolean): boolean {
  const x = a instanceof PyFloat ? a.value : typeof a === 'boolean' ? Number(a) : a;
  const y = b instanceof PyFloat ? b.value : typeof b === 'boolean' ? Number(b) : b;
  if (typeof x === 'bigint' || typeof y === 'bigint') {
    // Compare exactly: a float equals a bigint only when it is that integer.
    if (typeof x === 'number' && !Number.isInteger(x)) return false;
    if (typeof y === 'number' && !Number.isInteger(y)) return false;
    return BigInt(x) === BigInt(y);
  }
  return x === y;
}

/** The JS number of an int, float or bool (bigints lose precision, as `float()` does in Python). */
export function toNumber(v: number | bigint | boolean | PyFloat): number {
  if (v instanceof PyFloat) return v.value;
  return Number(v);
}

/** A Python tuple: an immutable sequence. `map`/`filter` on it give plain lists. */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export function tuple<T>(items: Iterable<T>): PyTuple<T> {
  const t = Object.setPrototypeOf([...items], PyTuple.prototype) as PyTuple<T>;
  return Object.freeze(t) as PyTuple<T>;
}

/** datetime.date */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
}

/** datetime.datetime; `utcOffsetMinutes` is null for a naive datetime. */
export class PyDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
    readonly utcOffsetMinutes: number | null,
  ) {}
}

/** bytes */
export class PyBytes {
  constructor(readonly data: Uint8Array) {}
}

/**
 * A value of another layer that Python can hash (a Markup string, jinja2's
 * Undefined, a macro, yaql's FrozenDict) says which JS value stands for it as
 * a dict key: itself or another object (hashed by identity), a string (equal
 * to that str), or a PyTuple (hashed by value, like any tuple).
 */
export const PY_HASH: unique symbol = Symbol('pyHash');
interface Hashable {
  [PY_HASH](): unknown;
}
const isHashable = (v: unknown): v is Hashable => typeof v === 'object' && v !== null && PY_HASH in v;

/** Python's name for the type of a value that cannot be a dict key. */
function unhashableName(v: unknown): string | undefined {
  if (v instanceof PyTuple || isHashable(v)) return undefined;
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat || v instanceof PyDate || v instanceof PyDateTime || v instanceof PyBytes)) {
    return 'dict';
  }
  return undefined;
}

/** Raised for `{[1]: 2}` and the like, with Python's message. */
export class UnhashableKeyError extends TypeError {
  constructor(readonly typeName: string) {
    super(`unhashable type: '${typeName}'`);
  }
}

/**
 * The JS Map key standing for a Python key: keys that are equal in Python
 * give the same JS value. Strings stay strings (the common case costs
 * nothing); numbers and bools become one numeric form; composite keys
 * (tuples, dates, bytes) an encoding that `intern` turns into one object.
 */
function hashKey(key: unknown, intern: (encoding: string) => object): unknown {
  if (typeof key === 'string' || key === null) return key;
  if (typeof key === 'boolean') return key ? 1 : 0;
  if (typeof key === 'number') return Number.isInteger(key) && !Number.isSafeInteger(key) ? BigInt(key) : key;
  if (typeof key === 'bigint') return int(key);
  if (key instanceof PyFloat) return hashKey(key.value, intern);
  if (isHashable(key)) {
    const h = key[PY_HASH]();
    return h instanceof PyTuple ? intern(encodeKey(h)) : h;
  }
  const name = unhashableName(key);
  if (name !== undefined) throw new UnhashableKeyError(name);
  return intern(encodeKey(key));
}

/** Identity numbers for objects that hash by identity, inside tuple keys. */
const objectIds = new WeakMap<object, number>();
let lastObjectId = 0;
function identityEncoding(h: unknown): string {
  if (typeof h === 'string') return encodeKey(h);
  if (typeof h !== 'object' || h === null) return `h(${String(h)})`;
  let id = objectIds.get(h);
  if (id === undefined) objectIds.set(h, (id = ++lastObjectId));
  return `o(${id})`;
}

/** The string standing for a composite dict key: equal for keys Python finds equal. */
export function encodeKey(key: unknown): string {
  if (typeof key === 'string') return `s${key.length}:${key}`;
  if (key === null) return 'N';
  if (typeof key === 'boolean') return `n${key ? 1 : 0}`;
  if (key instanceof PyFloat) return encodeKey(key.value);
  if (typeof key === 'number') return Number.isInteger(key) && !Number.isSafeInteger(key) ? `n${BigInt(key)}` : `n${key}`;
  if (typeof key === 'bigint') return `n${key}`;
  if (key instanceof PyTuple) return `t(${key.map(encodeKey).join(',')})`;
  if (key instanceof PyDate) return `d(${key.year},${key.month},${key.day})`;
  if (key instanceof PyDateTime) return `dt(${Object.values(key).join(',')})`;
  if (key instanceof PyBytes) return `b(${[...key.data].join(',')})`;
  if (isHashable(key)) {
    const h = key[PY_HASH]();
    return h instanceof PyTuple ? encodeKey(h) : identityEncoding(h);
  }
  throw new UnhashableKeyError(unhashableName(key) ?? typeof key);
}

/**
 * A Python dict: insertion order, keys of any hashable type compared by
 * Python's equality. As in Python, assigning to an existing key keeps the
 * key object first inserted (`d[1] = 'a'; d[True] = 'b'` leaves `{1: 'b'}`).
 */
export class PyDict {
  private readonly map = new Map<unknown, [unknown, unknown]>();
  private composite?: Map<string, object>;

  constructor(entries?: Iterable<readonly [unknown, unknown]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  private key(k: unknown): unknown {
    // A string is its own key (hashKey's first case), without making the interning function for it.
    if (typeof k === 'string') return k;
    return hashKey(k, (encoding) => {
      this.composite ??= new Map();
      let token = this.composite.get(encoding);
      if (!token) this.composite.set(encoding, (token = {}));
      return token;
    });
  }

  get size(): number {
    return this.map.size;
  }

  has(k: unknown): boolean {
    return this.map.has(this.key(k));
  }

  /** The value at `k`, or undefined when there is none (a stored None is null). */
  get(k: unknown): unknown {
    return this.map.get(this.key(k))?.[1];
  }

  set(k: unknown, v: unknown): this {
    const h = this.key(k);
    const existing = this.map.get(h);
    if (existing) existing[1] = v;
    else this.map.set(h, [k, v]);
    return this;
  }

  delete(k: unknown): boolean {
    return this.map.delete(this.key(k));
  }

  clear(): void {
    this.map.clear();
  }

  *keys(): IterableIterator<unknown> {
    for (const [k] of this.map.values()) yield k;
  }

  *values(): IterableIterator<unknown> {
    for (const [, v] of this.map.values()) yield v;
  }

  /** `[key, value]` pairs, in order. */
  *items(): IterableIterator<[unknown, unknown]> {
    for (const [k, v] of this.map.values()) yield [k, v];
  }

  /** Iterating a dict walks its keys, as in Python. */
  [Symbol.iterator](): IterableIterator<unknown> {
    return this.keys();
  }
}

/**
 * A Python set. Its members iterate in insertion order; CPython's order
 * follows hashes instead (and varies between runs for strings), so code that
 * prints a set should not rely on either.
 */
export class PySet {
  private readonly members = new PyDict();

  constructor(items?: Iterable<unknown>) {
    if (items) for (const x of items) this.add(x);
  }

  get size(): number {
    return this.members.size;
  }

  has(x: unknown): boolean {
    return this.members.has(x);
  }

  add(x: unknown): this {
    if (!this.members.has(x)) this.members.set(x, null);
    return this;
  }

  delete(x: unknown): boolean {
    return this.members.delete(x);
  }

  clear(): void {
    this.members.clear();
  }

  [Symbol.iterator](): IterableIterator<unknown> {
    return this.members.keys();
  }
}
