/** yaql/standard_library/queries.py: LINQ-style queries over iterables, mostly lazy as in Python. */
import { PyDict, PyTuple, tuple } from '../../../yaml/python.js';
import { YaqlError, pyErrors } from '../errors.js';
import { OrderedIterable, asTypeError, isIterable, isIterator, isMapping, isSequence, iterate, pyEq, pyRepr, sizedLength, truthy, typeName } from '../pyops.js';
import { type Context, type Engine, T, define, type FunctionDef } from '../runtime.js';
import { NO_VALUE, PyIterator, PySet, appendToList, pyGenerator, pyIterator, pyList, type Mapping } from '../values.js';

type Fn = (...args: unknown[]) => unknown;

/** itertools.chain(*collections) */
export function chain(collections: unknown[]): PyIterator {
  return pyIterator('itertools.chain', function* () {
    for (const c of collections) yield* iterate(c);
  });
}

/** functools.reduce(selector, collection[, seed]) */
function reduce(collection: unknown, selector: Fn, seed: unknown): unknown {
  const it = iterate(collection)[Symbol.iterator]();
  let acc = seed;
  if (acc === NO_VALUE) {
    const first = it.next();
    if (first.done) throw pyErrors.typeError('reduce() of empty iterable with no initial value');
    acc = first.value;
  }
  for (let r = it.next(); !r.done; r = it.next()) acc = selector(acc, r.value);
  return acc;
}

const collection = { name: 'collection', type: T.iterable() };
const lambda = (name: string, dflt?: null) => (dflt === null ? { name, type: T.lambda(), default: null } : { name, type: T.lambda() });
const intParam = (name: string, dflt?: number) => (dflt === undefined ? { name, type: T.int() } : { name, type: T.int(), default: dflt });

function* mapItems(source: unknown, fn: (t: unknown) => unknown): Generator<unknown> {
  for (const t of iterate(source)) yield fn(t);
}

function filtering(): FunctionDef[] {
  const where = (name: string) =>
    define({ name, method: true, params: [collection, lambda('predicate')] }, (a) =>
      pyIterator('filter', function* () {
        const p = a.predicate as Fn;
        for (const t of iterate(a.collection)) if (truthy(p(t))) yield t;
      }),
    );
  const select = (name: string) =>
    define({ name, method: true, params: [collection, lambda('selector')] }, (a) =>
      pyIterator('map', () => mapItems(a.collection, a.selector as Fn)),
    );
  const attribution = define(
    {
      name: '#operator_.',
      params: [collection, { name: 'attribute', type: T.keyword(false) }, { name: 'operator', type: T.delegate('#operator_.') }],
    },
    (a) => pyIterator('map', () => mapItems(a.collection, (t) => (a.operator as Fn)(t, a.attribute))),
  );
  /** itertools.islice: its arguments are checked when it is made. */
  const islice = (source: unknown, start: number, stop: number | null) => {
    if (stop !== null && stop < 0) throw pyErrors.valueError('Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
    if (start < 0) throw pyErrors.valueError('Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
    return pyIterator('itertools.islice', function* () {
      let i = 0;
      for (const t of iterate(source)) {
        if (stop !== null && i >= stop) return;
        if (i >= start) yield t;
        i++;
      }
    });
  };
  const limit = (name: string) =>
    define({ name, method: true, params: [collection, intParam('count')] }, (a) => islice(a.collection, 0, Number(a.count)));
  return [
    where('where'),
    where('filter'),
    select('select'),
    select('map'),
    attribution,
    limit('limit'),
    limit('take'),
    define({ name: 'skip', method: true, params: [collection, intParam('count')] }, (a) => islice(a.collection, Number(a.count), null)),
    define({ name: 'append', method: 'extension', params: [collection, { name: 'args', kind: 'varargs' }] }, (a) =>
      pyGenerator('append', function* () {
        yield* iterate(a.collection);
        yield* a.args as unknown[];
      }),
    ),
    define({ name: 'distinct', method: 'extension', params: [{ name: 'engine' }, collection, lambda('key_selector', null)] }, (a) =>
      distinct(a.engine as Engine, a.collection, a.key_selector as Fn | null),
    ),
    define({ name: 'enumerate_', method: 'extension', params: [collection, { name: 'start', default: 0 }] }, (a) =>
      pyGenerator('enumerate_', function* () {
        let i = a.start as number;
        for (const t of iterate(a.collection)) yield pyList([i++, t], 'exact');
      }),
    ),
    define({ name: 'any_', method: 'extension', params: [collection, lambda('predicate', null)] }, (a) => {
      const p = a.predicate as Fn | null;
      for (const t of iterate(a.collection)) if (p === null || truthy(p(t))) return true;
      return false;
    }),
    define({ name: 'all_', method: 'extension', params: [collection, lambda('predicate', null)] }, (a) => {
      const p = a.predicate as Fn | null;
      for (const t of iterate(a.collection)) if (!truthy(p === null ? t : p(t))) return false;
      return true;
    }),
    define({ name: 'concat', method: 'extension', params: [{ name: 'collections', type: T.iterable(), kind: 'varargs' }] }, (a) =>
      chain(a.collections as unknown[]),
    ),
  ];
}

/** queries.distinct: first occurrences, by key; the keys go into a set (so they must be hashable). */
export function distinct(engine: Engine, source: unknown, key: Fn | null): PyIterator {
  return pyGenerator('distinct', function* () {
    const seen = new PySet([], false);
    for (const t of iterate(source)) {
      const k = key === null ? t : key(t);
      let has: boolean;
      try {
        has = seen.has(k);
      } catch (e) {
        throw asTypeError(e);
      }
      if (!has) {
        seen.items.set(k, true);
        engine.limitValue(seen);
        yield t;
      }
    }
  });
}

function aggregates(): FunctionDef[] {
  const count = (name: string, type = T.iterable(), method: true | 'extension' = true) =>
    define({ name, method, params: [{ name: 'collection', type }] }, (a) => {
      let n = 0;
      for (const _ of iterate(a.collection)) n++;
      return n;
    });
  const aggregate = (name: string) =>
    define({ name, method: true, params: [collection, lambda('selector'), { name: 'seed', default: NO_VALUE }] }, (a) =>
      reduce(a.collection, a.selector as Fn, a.seed),
    );
  const viaDelegate = (name: string, delegate: string) =>
    define(
      { name, method: true, params: [{ name: 'func', type: T.delegate(delegate) }, collection, { name: 'initial', default: NO_VALUE }] },
      (a) => reduce(a.collection, a.func as Fn, a.initial),
    );
  return [
    count('len', T.py('Iterator'), 'extension'),
    count('count'),
    define({ name: 'memorize', method: true, params: [collection, { name: 'engine' }] }, (a) => memorize(a.collection, a.engine as Engine)),
    viaDelegate('sum_', '#operator_+'),
    viaDelegate('max_', 'max'),
    viaDelegate('min_', 'min'),
    aggregate('aggregate'),
    aggregate('reduce'),
    define({ name: 'accumulate', method: true, params: [collection, lambda('selector'), { name: 'seed', default: NO_VALUE }] }, (a) =>
      pyGenerator('accumulate', function* () {
        const it = iterate(a.collection)[Symbol.iterator]();
        let total = a.seed;
        if (total === NO_VALUE) {
          const first = it.next();
          if (first.done) throw pyErrors.typeError('accumulate() of empty sequence with no initial value');
          total = first.value;
        }
        yield total;
        for (let r = it.next(); !r.done; r = it.next()) {
          total = (a.selector as Fn)(total, r.value);
          yield total;
        }
      }),
    ),
  ];
}

/** utils.memorize: an iterator that remembers what it yielded, so it can be walked again. */
export function memorize(source: unknown, engine: Engine): unknown {
  if (!isIterator(source)) return source;
  const yielded: unknown[] = [];
  const remembering = (): PyIterator =>
    pyIterator('RememberingIterator', function* () {
      for (let i = 0; ; i++) {
        if (i < yielded.length) {
          yield yielded[i];
          continue;
        }
        const r = source.next();
        if (r.done) return;
        appendToList(yielded, r.value);
        engine.limitValue(yielded);
        yield r.value;
      }
    });
  return new Remembering(remembering);
}

/** A RememberingIterator: iterating it starts a fresh pass over what was remembered. */
class Remembering extends PyIterator {
  constructor(private readonly fresh: () => PyIterator) {
    const first = fresh();
    super('RememberingIterator', { next: () => first.next() });
  }
  override [Symbol.iterator](): Iterator<unknown> {
    return this.fresh();
  }
}

function picking(): FunctionDef[] {
  const dflt = { name: 'default', type: T.any(true), default: NO_VALUE };
  return [
    define({ name: 'first', method: true, params: [collection, dflt] }, (a) => {
      const r = iterate(a.collection)[Symbol.iterator]().next();
      if (!r.done) return r.value;
      if (a.default === NO_VALUE) throw pyErrors.stopIteration();
      return a.default;
    }),
    define({ name: 'single', method: true, params: [collection] }, (a) => {
      const it = iterate(a.collection)[Symbol.iterator]();
      const r = it.next();
      if (r.done) throw pyErrors.stopIteration();
      if (!it.next().done) throw pyErrors.stopIteration('Collection contains more than one item');
      return r.value;
    }),
    define({ name: 'last', method: true, params: [collection, dflt] }, (a) => {
      const c = a.collection;
      if (isSequence(c)) {
        if (c.length === 0) {
          if (a.default === NO_VALUE) throw pyErrors.stopIteration();
          return a.default;
        }
        return c[c.length - 1];
      }
      let last = a.default;
      for (const t of iterate(c)) last = t;
      if (last === NO_VALUE) throw pyErrors.stopIteration();
      return last;
    }),
    define({ name: 'select_many', method: true, params: [collection, lambda('selector')] }, (a) =>
      pyGenerator('select_many', function* () {
        for (const item of iterate(a.collection)) {
          const inner = (a.selector as Fn)(item);
          if (isIterable(inner)) yield* iterate(inner);
          else yield inner;
        }
      }),
    ),
    define({ name: 'default_if_empty', method: true, params: [{ name: 'engine' }, collection, { name: 'default', type: T.iterable() }] }, (a) => {
      const c = a.collection;
      if (isSequence(c) || c instanceof PySet) return sizedLength(c) === 0 ? a.default : c;
      const m = memorize(c, a.engine as Engine);
      return iterate(m)[Symbol.iterator]().next().done ? a.default : m;
    }),
  ];
}

function ranges(): FunctionDef[] {
  const range = (start: number, stop: number, step: number): PyIterator => {
    if (step === 0) throw pyErrors.valueError('range() arg 3 must not be zero');
    return pyIterator('range_iterator', function* () {
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) yield i;
    });
  };
  return [
    define({ name: 'range_', params: [intParam('stop')] }, (a) => range(0, Number(a.stop), 1)),
    define({ name: 'range__', params: [intParam('start'), intParam('stop'), intParam('step', 1)] }, (a) =>
      range(Number(a.start), Number(a.stop), Number(a.step)),
    ),
    define({ name: 'sequence', params: [intParam('start', 0), intParam('step', 1)] }, (a) => {
      const step = Number(a.step);
      let next = Number(a.start);
      return new PyIterator(
        'itertools.count',
        (function* () {
          for (;;) {
            const v = next;
            next += step;
            yield v;
          }
        })(),
        undefined,
        () => (step === 1 ? `count(${next})` : `count(${next}, ${step})`),
      );
    }),
    define({ name: 'repeat', method: true, params: [{ name: 'value', type: T.any(true) }, intParam('times', -1)] }, (a) => {
      let left = Number(a.times);
      const infinite = left < 0;
      return new PyIterator(
        'itertools.repeat',
        (function* () {
          while (infinite || left > 0) {
            if (!infinite) left--;
            yield a.value;
          }
        })(),
        undefined,
        () => (infinite ? `repeat(${pyRepr(a.value)})` : `repeat(${pyRepr(a.value)}, ${left})`),
      );
    }),
    define({ name: 'cycle', method: true, params: [collection] }, (a) =>
      pyIterator('itertools.cycle', function* () {
        const saved: unknown[] = [];
        for (const t of iterate(a.collection)) {
          saved.push(t);
          yield t;
        }
        if (saved.length === 0) return;
        for (;;) yield* saved;
      }),
    ),
  ];
}

function ordering(): FunctionDef[] {
  const compare = [
    { name: 'operator_gt', type: T.delegate('#operator_>') },
    { name: 'operator_lt', type: T.delegate('#operator_<') },
  ];
  const orderBy = (name: string, ascending: boolean) =>
    define({ name, method: true, params: [collection, lambda('selector'), ...compare] }, (a) =>
      new OrderedIterable(a.collection, [{ key: a.selector as Fn, ascending }], a.operator_lt as Fn, a.operator_gt as Fn),
    );
  const thenBy = (name: string, ascending: boolean) =>
    define({ name, method: true, params: [{ name: 'collection', type: T.cls('OrderingIterable') }, lambda('selector'), { name: 'context' }] }, (a) => {
      const o = a.collection as OrderedIterable;
      o.order.push({ key: a.selector as Fn, ascending });
      return o;
    });
  return [orderBy('order_by', true), orderBy('order_by_descending', false), thenBy('then_by', true), thenBy('then_by_descending', false)];
}

/** queries.GroupAggregator, with the fallback to yaql 1.1.1's aggregator convention. */
function groupAggregator(aggregator: Fn | null): (item: PyTuple) => unknown {
  let allowFallback = true;
  let failure: unknown;
  return (item) => {
    if (aggregator === null) return item;
    const [key, values] = item as unknown as [unknown, unknown[]];
    if (failure === undefined) {
      try {
        const result = aggregator(values);
        if (!(values.length === 2 && isSequence(result) && typeof result !== 'string' && result.length === 2 && pyEq(result[0], values[0]))) {
          allowFallback = false;
        }
        return tuple([key, result]);
      } catch (e) {
        const fallbackable =
          e instanceof YaqlError && ['NoMatchingMethodException', 'NoMatchingFunctionException', 'IndexError'].includes(e.pythonType);
        if (!fallbackable) throw e;
        failure = e;
      }
    }
    if (allowFallback) {
      try {
        const result = aggregator(item);
        if (sizedLength(result) === 2) return result;
      } catch {
        // fall through to the first failure
      }
    }
    throw failure;
  };
}

function grouping(): FunctionDef[] {
  const groupBy = define(
    {
      name: 'group_by',
      method: true,
      params: [{ name: 'engine' }, collection, lambda('key_selector'), lambda('value_selector', null), lambda('aggregator', null)],
    },
    (a) => {
      const groups = new PyDict();
      const value = a.value_selector as Fn | null;
      for (const t of iterate(a.collection)) {
        const v = value === null ? t : value(t);
        const k = (a.key_selector as Fn)(t);
        let list: unknown[];
        try {
          list = groups.has(k) ? (groups.get(k) as unknown[]) : [];
          if (!groups.has(k)) groups.set(k, list);
        } catch (e) {
          throw asTypeError(e);
        }
        appendToList(list, v);
        (a.engine as Engine).limitValue(groups);
      }
      const aggregate = groupAggregator(a.aggregator as Fn | null);
      return pyIterator('map', function* () {
        for (const [k, v] of groups.items()) yield aggregate(tuple([k, v]));
      });
    },
  );
  const zip = define({ name: 'zip_', method: true, params: [{ name: 'collections', type: T.iterable(), kind: 'varargs' }] }, (a) =>
    pyIterator('zip', function* () {
      const its = (a.collections as unknown[]).map((c) => iterate(c)[Symbol.iterator]());
      if (its.length === 0) return;
      for (;;) {
        const row: unknown[] = [];
        for (const it of its) {
          const r = it.next();
          if (r.done) return;
          row.push(r.value);
        }
        yield tuple(row);
      }
    }),
  );
  const zipLongest = define(
    { name: 'zip_longest', method: true, params: [{ name: 'collections', type: T.iterable(), kind: 'varargs' }, { name: 'kwargs', kind: 'varkw' }] },
    (a) => {
      const kw = a.kwargs as Map<string, unknown>;
      const fill = kw.has('default') ? kw.get('default') : null;
      return pyIterator('itertools.zip_longest', function* () {
        const its = (a.collections as unknown[]).map((c) => iterate(c)[Symbol.iterator]());
        const done = its.map(() => false);
        for (;;) {
          const row = its.map((it, i) => {
            if (done[i]) return fill;
            const r = it.next();
            if (r.done) done[i] = true;
            return r.done ? fill : r.value;
          });
          if (done.every(Boolean)) return;
          yield tuple(row);
        }
      });
    },
  );
  const join = define(
    {
      name: 'join',
      method: true,
      params: [{ name: 'engine' }, { name: 'collection1', type: T.iterable() }, { name: 'collection2', type: T.iterable() }, lambda('predicate'), lambda('selector')],
    },
    (a) => {
      const other = memorize(a.collection2, a.engine as Engine);
      return pyGenerator('join', function* () {
        for (const x of iterate(a.collection1)) for (const y of iterate(other)) if (truthy((a.predicate as Fn)(x, y))) yield (a.selector as Fn)(x, y);
      });
    },
  );
  return [groupBy, zip, zipLongest, join];
}

function slicing(): FunctionDef[] {
  const toList = { name: 'to_list', type: T.delegate('to_list', { method: true }) };
  const whileFn = (name: string, kind: string, take: boolean) =>
    define({ name, method: true, params: [collection, lambda('predicate')] }, (a) =>
      pyIterator(kind, function* () {
        let dropping = true;
        for (const t of iterate(a.collection)) {
          if (take) {
            if (!truthy((a.predicate as Fn)(t))) return;
            yield t;
          } else {
            if (dropping && truthy((a.predicate as Fn)(t))) continue;
            dropping = false;
            yield t;
          }
        }
      }),
    );
  const indexOf = (name: string, last: boolean, byPredicate: boolean) =>
    define({ name, method: true, params: [collection, byPredicate ? lambda('predicate') : { name: 'item' }] }, (a) => {
      let found = -1;
      let i = 0;
      for (const t of iterate(a.collection)) {
        const hit = byPredicate ? truthy((a.predicate as Fn)(t)) : pyEq(t, a.item);
        if (hit) {
          found = i;
          if (!last) return found;
        }
        i++;
      }
      return found;
    });
  const sliced = (lst: unknown[], start: number, end: number): PyTuple => tuple(lst.slice(start, end));
  return [
    whileFn('take_while', 'itertools.takewhile', true),
    whileFn('skip_while', 'itertools.dropwhile', false),
    indexOf('index_of', false, false),
    indexOf('last_index_of', true, false),
    indexOf('index_where', false, true),
    indexOf('last_index_where', true, true),
    define({ name: 'slice_', method: true, params: [collection, intParam('length'), toList] }, (a) => {
      const length = Number(a.length);
      return pyGenerator('slice_', function* () {
        const it = iterate(a.collection)[Symbol.iterator]();
        if (length < 0) throw pyErrors.valueError('Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
        for (;;) {
          const part: unknown[] = [];
          for (let i = 0; i < length; i++) {
            const r = it.next();
            if (r.done) break;
            part.push(r.value);
          }
          const res = (a.to_list as Fn)(tuple(part)) as unknown[];
          if (res.length === 0) return;
          yield res;
        }
      });
    }),
    define({ name: 'split_where', method: true, params: [collection, lambda('predicate'), toList] }, (a) =>
      pyGenerator('split_where', function* () {
        const lst = (a.to_list as Fn)(a.collection) as unknown[];
        let start = 0;
        let end = 0;
        for (; end < lst.length; end++) {
          if (truthy((a.predicate as Fn)(lst[end]))) {
            yield sliced(lst, start, end);
            start = end + 1;
          }
        }
        if (start !== end) yield sliced(lst, start, end);
      }),
    ),
    define({ name: 'slice_where', method: true, params: [collection, lambda('predicate'), toList] }, (a) =>
      pyGenerator('slice_where', function* () {
        const lst = (a.to_list as Fn)(a.collection) as unknown[];
        let start = 0;
        let end = 0;
        let p1: unknown = NO_VALUE;
        for (; end < lst.length; end++) {
          const p2 = (a.predicate as Fn)(lst[end]);
          if (p1 !== NO_VALUE && !pyEq(p2, p1)) {
            yield sliced(lst, start, end);
            start = end;
          }
          p1 = p2;
        }
        if (start !== end) yield sliced(lst, start, end);
      }),
    ),
    define({ name: 'split_at', method: true, params: [collection, intParam('index'), toList] }, (a) => {
      const lst = (a.to_list as Fn)(a.collection) as unknown[];
      const n = lst.length;
      let i = Number(a.index);
      if (i < 0) i = Math.max(0, n + i);
      return pyList([sliced(lst, 0, i), sliced(lst, i, n)], 'exact');
    }),
    define({ name: 'reverse', method: true, params: [collection, toList] }, (a) => {
      const lst = (a.to_list as Fn)(a.collection) as unknown[];
      return pyIterator('reversed', function* () {
        for (let i = lst.length - 1; i >= 0; i--) yield lst[i];
      });
    }),
  ];
}

/** queries._merge_dicts */
function mergeDicts(d1: Mapping, d2: Mapping, listMerge: Fn, itemMerge: Fn, maxLevels: number): PyDict {
  const a = d1 instanceof PyDict ? d1 : d1.d;
  const b = d2 instanceof PyDict ? d2 : d2.d;
  const result = new PyDict();
  for (const [key, v1] of a.items()) {
    result.set(key, v1);
    if (!b.has(key)) continue;
    const v2 = b.get(key);
    if (maxLevels !== 1 && isMapping(v2)) {
      if (!isMapping(v1)) throw pyErrors.typeError(`Cannot merge ${pyClassRepr(v1)} with ${pyClassRepr(v2)}`);
      result.set(key, mergeDicts(v1, v2, listMerge, itemMerge, maxLevels === 0 ? 0 : maxLevels - 1));
    } else if (maxLevels !== 1 && isSequence(v2)) {
      if (!isSequence(v1)) throw pyErrors.typeError(`Cannot merge ${pyClassRepr(v1)} with ${pyClassRepr(v2)}`);
      result.set(key, listMerge(v1, v2));
    } else result.set(key, itemMerge(v1, v2));
  }
  for (const [k, v] of b.items()) if (!result.has(k)) result.set(k, v);
  return result;
}

/** str(type(v)), as _merge_dicts prints it. */
function pyClassRepr(v: unknown): string {
  const name = typeName(v);
  return `<class '${name === 'FrozenDict' ? 'yaql.language.utils.FrozenDict' : name}'>`;
}

function merging(): FunctionDef[] {
  return [
    define(
      {
        name: 'merge_with',
        method: true,
        params: [
          { name: 'engine' },
          { name: 'to_list', type: T.delegate('to_list', { method: true }) },
          { name: 'd', type: T.mapping(), alias: 'dict' },
          { name: 'another', type: T.mapping() },
          lambda('list_merger', null),
          lambda('item_merger', null),
          intParam('max_levels', 0),
        ],
      },
      (a) => {
        const engine = a.engine as Engine;
        const listMerge =
          (a.list_merger as Fn | null) ??
          ((l1: unknown, l2: unknown) => (a.to_list as Fn)(distinct(engine, concatSequences(l1 as unknown[], l2 as unknown[]), null)));
        const itemMerge = (a.item_merger as Fn | null) ?? ((_x: unknown, y: unknown) => y);
        return mergeDicts(a.d as Mapping, a.another as Mapping, listMerge, itemMerge, Number(a.max_levels));
      },
    ),
    define({ name: 'is_iterable', params: [{ name: 'value' }] }, (a) => isIterable(a.value)),
  ];
}

/** lst1 + lst2 for two sequences: Python concatenates two tuples or two lists, and refuses a mix. */
function concatSequences(l1: unknown[], l2: unknown[]): unknown[] {
  const t1 = l1 instanceof PyTuple;
  if (t1 !== l2 instanceof PyTuple) {
    throw pyErrors.typeError(`can only concatenate ${t1 ? 'tuple' : 'list'} (not "${t1 ? 'list' : 'tuple'}") to ${t1 ? 'tuple' : 'list'}`);
  }
  return t1 ? tuple([...l1, ...l2]) : pyList([...l1, ...l2], 'exact');
}

function generators(): FunctionDef[] {
  return [
    define(
      {
        name: 'generate',
        params: [{ name: 'engine' }, { name: 'initial' }, lambda('predicate'), lambda('producer'), lambda('selector', null), { name: 'decycle', type: T.bool(), default: false }],
      },
      (a) =>
        pyGenerator('generate', function* () {
          const past = a.decycle ? new PySet([], false) : null;
          let current = a.initial;
          while (truthy((a.predicate as Fn)(current))) {
            if (past) {
              if (past.has(current)) break;
              past.items.set(current, true);
              (a.engine as Engine).limitValue(past);
            }
            yield a.selector === null ? current : (a.selector as Fn)(current);
            current = (a.producer as Fn)(current);
          }
        }),
    ),
    define(
      {
        name: 'generate_many',
        params: [
          { name: 'engine' },
          { name: 'initial' },
          lambda('producer'),
          lambda('selector', null),
          { name: 'decycle', type: T.bool(), default: false },
          { name: 'depth_first', type: T.bool(), default: false },
        ],
      },
      (a) =>
        pyGenerator('generate_many', function* () {
          const past = a.decycle ? new PySet([], false) : null;
          const queue: unknown[] = [a.initial];
          while (queue.length) {
            const item = queue.shift();
            if (past) {
              if (past.has(item)) continue;
              past.items.set(item, true);
              (a.engine as Engine).limitValue(past);
            }
            yield a.selector === null ? item : (a.selector as Fn)(item);
            const produced = [...iterate((a.producer as Fn)(item))];
            if (a.depth_first) queue.unshift(...produced);
            else queue.push(...produced);
            (a.engine as Engine).limitValue(pyList([...queue], 'sized'));
          }
        }),
    ),
  ];
}

export function registerQueries(ctx: Context): void {
  for (const fd of [...filtering(), ...aggregates(), ...picking(), ...ranges(), ...ordering(), ...grouping(), ...slicing(), ...merging(), ...generators()]) {
    ctx.register(fd);
  }
}
