/**
 * The Python objects a yaql evaluation works with, beyond the shared value
 * model (src/yaml/python.ts: None, bool, int, float, str, PyTuple, PyDict).
 * yaql turns its input into tuples and FrozenDicts, its functions return
 * lazy iterators (map, filter, generators...), dict views, frozensets and
 * plain lists and dicts; which one matters, because Python compares, prints
 * and measures (sys.getsizeof, for the memory quota) each differently:
 *
 *   list      -> Array (mutable), its CPython capacity kept for getsizeof
 *   dict      -> PyDict;  yaql's FrozenDict -> FrozenDict (a Mapping, hashable)
 *   frozenset / set -> PySet
 *   dict_keys / dict_values / dict_items -> DictView
 *   iterators -> PyIterator (one pass only, as in Python)
 */
import { PY_HASH, PyDict, UnhashableKeyError, encodeKey, tuple, type PyTuple } from '../../yaml/python.js';

/** An object Python hashes by identity (iterators, views of values, contexts...): it stands for itself. */
export class Identified {
  [PY_HASH](): unknown {
    return this;
  }
}

/**
 * A key hashed by value: a tuple tagged with KIND (an object, so that no
 * Python tuple equals it) and the parts, in an order that does not depend on
 * how the value was built when UNORDERED.
 */
function valueKey(kind: object, parts: unknown[], unordered: boolean): PyTuple {
  const items = unordered ? [...parts].sort((a, b) => (encodeKey(a) < encodeKey(b) ? -1 : 1)) : parts;
  return tuple([kind, ...items]);
}
const FROZEN_DICT = new Identified();
const FROZEN_SET = new Identified();
const PATTERN = new Identified();

/** yaql's utils.NO_VALUE: an argument that was not given (an object: it can land in a set, as in Python). */
export const NO_VALUE = new (class NoValueMarker extends Identified {})();
export type NoValue = typeof NO_VALUE;

/** yaql.language.utils.FrozenDict: an immutable, hashable Mapping over a dict. */
export class FrozenDict {
  constructor(readonly d: PyDict) {}
  get size(): number {
    return this.d.size;
  }
  /** FrozenDict.__hash__: the items, whatever their order (an unhashable value makes it unhashable). */
  [PY_HASH](): unknown {
    return valueKey(FROZEN_DICT, [...this.d.items()].map((pair) => tuple(pair)), true);
  }
}

/** Python's set and frozenset (only frozensets are hashable). */
export class PySet {
  /** Elements as dict keys (Python's equality and hashing), in insertion order. */
  readonly items: PyDict;
  constructor(
    items: Iterable<unknown>,
    readonly frozen: boolean,
  ) {
    this.items = new PyDict();
    for (const i of items) this.items.set(i, true);
  }
  get size(): number {
    return this.items.size;
  }
  has(v: unknown): boolean {
    return this.items.has(v);
  }
  *[Symbol.iterator](): IterableIterator<unknown> {
    yield* this.items.keys();
  }
  [PY_HASH](): unknown {
    if (!this.frozen) throw new UnhashableKeyError('set');
    return valueKey(FROZEN_SET, [...this.items.keys()], true);
  }
}

export type Mapping = PyDict | FrozenDict;
export const isMapping = (v: unknown): v is Mapping => v instanceof PyDict || v instanceof FrozenDict;
export const dictOf = (m: Mapping): PyDict => (m instanceof FrozenDict ? m.d : m);

/**
 * dict.keys() / values() / items(): live views of a mapping (dict_keys... of
 * a dict, collections.abc.KeysView... of a FrozenDict). Keys and items views
 * are sets, so unhashable; a values view hashes by identity.
 */
export class DictView {
  constructor(
    readonly kind: 'keys' | 'values' | 'items',
    readonly mapping: Mapping,
  ) {}
  [PY_HASH](): unknown {
    if (this.kind === 'values') return this;
    throw new UnhashableKeyError(this.mapping instanceof FrozenDict ? `${this.kind === 'keys' ? 'Keys' : 'Items'}View` : `dict_${this.kind}`);
  }
  get size(): number {
    return dictOf(this.mapping).size;
  }
  *[Symbol.iterator](): IterableIterator<unknown> {
    const d = dictOf(this.mapping);
    if (this.kind === 'keys') yield* d.keys();
    else if (this.kind === 'values') yield* d.values();
    else for (const [k, v] of d.items()) yield tuple([k, v]);
  }
}

/**
 * A Python iterator (map, filter, generator, itertools...): consumed once.
 * `kind` is its Python type name, which decides its repr and getsizeof.
 */
export class PyIterator extends Identified implements Iterator<unknown> {
  private done = false;
  constructor(
    readonly kind: string,
    private readonly source: Iterator<unknown>,
    /** A generator's function (its __qualname__, which its repr shows). */
    readonly qualname?: string,
    /** The repr of the itertools objects that show their state (repeat(0, 2), count(5)). */
    readonly stateRepr?: () => string,
  ) {
    super();
  }
  next(): IteratorResult<unknown> {
    if (this.done) return { done: true, value: undefined };
    iteratorStep.count();
    const r = this.source.next();
    if (r.done) this.done = true;
    return r;
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this;
  }
}

/** Counts every item an iterator produces against the running evaluation's bound (set by the engine). */
export const iteratorStep = { count: (): void => {} };

export function pyIterator(kind: string, gen: () => Generator<unknown>): PyIterator {
  return new PyIterator(kind, gen());
}

/** A Python generator object, of the function named QUALNAME. */
export function pyGenerator(qualname: string, gen: () => Generator<unknown>): PyIterator {
  return new PyIterator('generator', gen(), qualname);
}

/** The CPython capacity of a list (for getsizeof); a list with none recorded is exact. */
const listCapacity = new WeakMap<unknown[], number>();

/** CPython 3.11's list_resize: the capacity after growing or shrinking a list of `size` items to `newSize`. */
function resized(allocated: number, newSize: number, size: number): number {
  if (allocated >= newSize && newSize >= allocated >> 1) return allocated;
  if (newSize === 0) return 0;
  let n = (newSize + (newSize >> 3) + 6) & ~3;
  if (newSize - size > n - newSize) n = (newSize + 3) & ~3;
  return n;
}

/**
 * How CPython built a list, which decides its capacity:
 *   sized     list(x) of an x with a length: exact, rounded up to even
 *   hinted    list(iterator): room for a length hint of 8, grown by appends, trimmed
 *   appended  [] then append: grown by appends
 *   split     str.split: room for 12, then grown by appends
 *   exact     list * n and slices: exactly the items
 */
export type ListBuild = 'sized' | 'hinted' | 'appended' | 'split' | 'exact';

export function pyList(items: unknown[], build: ListBuild): unknown[] {
  const n = items.length;
  let cap = build === 'exact' ? n : build === 'sized' ? (n + 1) & ~1 : build === 'hinted' ? resized(0, 8, 0) : build === 'split' ? 12 : 0;
  if (build !== 'sized' && build !== 'exact') {
    for (let size = cap; size < n; size++) cap = resized(cap, size + 1, size);
    if (build === 'hinted' && n < cap) cap = resized(cap, n, n);
  }
  listCapacity.set(items, cap);
  return items;
}

export const capacityOf = (list: unknown[]): number => listCapacity.get(list) ?? list.length;

/** list.append: the capacity grows as CPython grows it. */
export function appendToList(list: unknown[], item: unknown): void {
  const cap = listCapacity.get(list) ?? list.length;
  listCapacity.set(list, resized(cap, list.length + 1, list.length));
  list.push(item);
}

/**
 * getsizeof of a dict built by insertion, by table size: the item counts each
 * table holds (two thirds of its slots), and the sizes with str keys only (a
 * compact table) or any keys (measured on CPython 3.11).
 */
export const DICT_SIZES = {
  usable: [0, 5, 10, 21, 42, 85, 170, 341, 682, 1365, 2730],
  strKeys: [64, 184, 272, 464, 832, 1584, 3328, 6576, 13056, 26032, 51968],
  general: [64, 224, 352, 632, 1168, 2264, 4688, 9304, 18512, 36952, 73808],
};

/** yaql's utils.MappingRule: `source => destination` evaluated (or lazy, as thunks). */
export class MappingRule extends Identified {
  constructor(
    readonly source: unknown,
    readonly destination: unknown,
  ) {
    super();
  }
}

/** re.compile(...) result (hashed by pattern and flags, as re.Pattern is). */
export class YaqlRegex {
  constructor(
    readonly pattern: string,
    readonly flags: { ignoreCase: boolean; multiLine: boolean; dotAll: boolean },
    readonly js: RegExp,
  ) {}
  [PY_HASH](): unknown {
    return valueKey(PATTERN, [this.pattern, this.flags.ignoreCase, this.flags.multiLine, this.flags.dotAll], false);
  }
}
