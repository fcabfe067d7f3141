/** yaql/standard_library/collections.py: lists, dicts and sets. */
import { PyDict, PyTuple, tuple } from '../../../yaml/python.js';
import { YaqlError, pyErrors } from '../errors.js';
import { asSet, asTypeError, dictOf, isIterator, isIterable, isMapping, isSequence, isSet, iterate, pyContains, pyEq, pyRepr, sizedLength } from '../pyops.js';
import { HARD_LIMITS, type Args, type Context, type Engine, T, define, type FunctionDef } from '../runtime.js';
import { DictView, FrozenDict, MappingRule, PySet, pyGenerator, pyList, type Mapping } from '../values.js';
import { chain } from './queries.js';

const notSet = (v: unknown): boolean => !isSet(v);

/** Yield the items of SEQ, expanding iterators, lazily (list()/set() arguments). */
function* expandIterators(seq: Iterable<unknown>): Generator<unknown> {
  for (const t of seq) {
    if (isIterator(t)) yield* expandIterators(t);
    else yield t;
  }
}

/** dict[key], with Python's KeyError (repr of the key) and TypeError for an unhashable key. */
export function getItem(d: Mapping, key: unknown): unknown {
  const m = dictOf(d);
  let has: boolean;
  try {
    has = m.has(key);
  } catch (e) {
    throw asTypeError(e);
  }
  if (!has) throw pyErrors.keyError(pyRepr(key));
  return m.get(key);
}

export function getOr(d: Mapping, key: unknown, dflt: unknown): unknown {
  const m = dictOf(d);
  try {
    return m.has(key) ? m.get(key) : dflt;
  } catch (e) {
    throw asTypeError(e);
  }
}

/** dict(pairs) / FrozenDict(pairs): later keys win, the first key object stays (Python's dict). */
export function dictFrom(pairs: Iterable<readonly [unknown, unknown]>): PyDict {
  const d = new PyDict();
  try {
    for (const [k, v] of pairs) d.set(k, v);
  } catch (e) {
    throw asTypeError(e);
  }
  return d;
}

const items = (m: Mapping): Array<[unknown, unknown]> => [...dictOf(m).items()];

/** seq[index] for a tuple or list, with Python's negative indexes and IndexError. */
export function indexSequence(seq: unknown[], index: number | bigint | boolean): unknown {
  const n = seq.length;
  let i = Number(index);
  if (i < 0) i += n;
  if (i < 0 || i >= n || !Number.isFinite(i)) throw pyErrors.indexError(`${seq instanceof PyTuple ? 'tuple' : 'list'} index out of range`);
  return seq[i];
}

/** tuple(x) */
export const toTuple = (x: unknown): PyTuple => (x instanceof PyTuple ? x : tuple(iterate(x)));

function repeatSequence(seq: unknown[], times: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < times; i++) out.push(...seq);
  return seq instanceof PyTuple ? tuple(out) : pyList(out, 'exact');
}

function listBuiltins(): FunctionDef[] {
  const toList = define({ name: 'to_list', method: true, params: [{ name: 'collection', type: T.iterable() }] }, (a) =>
    toTuple(a.collection),
  );
  const list = define(
    {
      name: 'list_',
      params: [
        { name: 'delegate', type: T.delegate('to_list', { method: true }) },
        { name: 'args', type: T.any(true), kind: 'varargs' },
      ],
    },
    (a) => (a.delegate as (r: unknown) => unknown)(pyGenerator('list_.<locals>.rec', () => expandIterators(a.args as unknown[]))),
  );
  const buildList = define(
    { name: '#list', params: [{ name: 'engine' }, { name: 'args', type: T.any(true), kind: 'varargs' }] },
    (a) => {
      const args = a.args as unknown[];
      (a.engine as Engine).limitMemory(...args.map((t) => [1, t] as [number, unknown]));
      return tuple(args);
    },
  );
  const flatten = define({ name: 'flatten', method: true, params: [{ name: 'collection', type: T.iterable() }] }, (a) =>
    pyGenerator('flatten', () => flat(a.collection)),
  );
  const listIndexer = define(
    { name: '#indexer', params: [{ name: 'lst', type: T.sequence(), alias: 'list' }, { name: 'index', type: T.int() }] },
    (a) => indexSequence(a.lst as unknown[], a.index as number),
  );
  const sequenceLen = define({ name: 'len', method: 'extension', params: [{ name: 'sequence', type: T.sequence() }] }, (a) =>
    (a.sequence as unknown[]).length,
  );
  const isListFn = define({ name: 'is_list', params: [{ name: 'arg' }] }, (a) => isSequence(a.arg));
  const combineLists = define(
    { name: '#operator_+', params: [{ name: 'left', type: T.iterable() }, { name: 'right', type: T.iterable() }, { name: 'engine' }] },
    (a) => {
      const { left, right } = a;
      const engine = a.engine as Engine;
      if (left instanceof PyTuple && right instanceof PyTuple) {
        engine.limitMemory([1, left], [1, right]);
        return tuple([...left, ...right]);
      }
      if (left instanceof PySet && left.frozen && right instanceof PySet && right.frozen) {
        engine.limitMemory([1, left], [1, right]);
        return new PySet([...left, ...right], true);
      }
      return chain([left, right]);
    },
  );
  const listByInt = define(
    { name: '#operator_*', params: [{ name: 'left', type: T.sequence() }, { name: 'right', type: T.int() }, { name: 'engine' }] },
    (a) => multiplySequence(a.left as unknown[], a.right as number, a.engine as Engine),
  );
  const intByList = define(
    { name: '#operator_*', params: [{ name: 'left', type: T.int() }, { name: 'right', type: T.sequence() }, { name: 'engine' }] },
    (a) => multiplySequence(a.right as unknown[], a.left as number, a.engine as Engine),
  );
  return [toList, list, buildList, flatten, listIndexer, sequenceLen, isListFn, combineLists, listByInt, intByList];
}

function multiplySequence(seq: unknown[], times: number | bigint | boolean, engine: Engine): unknown[] {
  const n = Number(times);
  // yaql's estimate: it lets `[1] * 10**9` through (a one-item tuple is smaller than an empty list).
  engine.limitMemory([-n + 1, []], [n, seq]);
  if (n * seq.length > HARD_LIMITS.items) throw new YaqlError('ThtEvaluationBound', `a list would have more than ${HARD_LIMITS.items} items`);
  return repeatSequence(seq, Math.max(0, n));
}

function* flat(collection: unknown): Generator<unknown> {
  for (const t of iterate(collection)) {
    if (isIterable(t)) yield* flat(t);
    else yield t;
  }
}

function dictBuiltins(): FunctionDef[] {
  const rule = T.py('object', false, [(v) => v instanceof MappingRule]);
  const dictOfRules = (a: Args): unknown => {
    const rules = a.args as MappingRule[];
    (a.engine as Engine).limitMemory(...rules.map((t) => [1, t] as [number, unknown]));
    return new FrozenDict(dictFrom(rules.map((t) => [t.source, t.destination] as const)));
  };
  const spec = (name: string) => ({
    name,
    noKwargs: true,
    params: [{ name: 'engine' }, { name: 'args', type: rule, kind: 'varargs' as const }],
  });
  const dictFromItems = define({ name: 'dict__', noKwargs: true, params: [{ name: 'items', type: T.iterable() }, { name: 'engine' }] }, (a) => {
    const result = new PyDict();
    for (const t of iterate(a.items)) {
      const it = iterate(t)[Symbol.iterator]();
      const k = it.next();
      if (k.done) throw pyErrors.stopIteration();
      const v = it.next();
      if (v.done) throw pyErrors.stopIteration();
      try {
        result.set(k.value, v.value);
      } catch (e) {
        throw asTypeError(e);
      }
      (a.engine as Engine).limitValue(result);
    }
    return new FrozenDict(result);
  });
  const toDict = define(
    {
      name: 'to_dict',
      method: true,
      params: [
        { name: 'collection', type: T.iterable() },
        { name: 'engine' },
        { name: 'key_selector', type: T.lambda() },
        { name: 'value_selector', type: T.lambda(), default: null },
      ],
    },
    (a) => {
      const result = new PyDict();
      const key = a.key_selector as (v: unknown) => unknown;
      const value = a.value_selector as ((v: unknown) => unknown) | null;
      for (const t of iterate(a.collection)) {
        const k = key(t);
        const v = value === null ? t : value(t);
        try {
          result.set(k, v);
        } catch (e) {
          throw asTypeError(e);
        }
        (a.engine as Engine).limitValue(result);
      }
      return result;
    },
  );
  const d = { name: 'd', type: T.mapping(), alias: 'dict' };
  const keywordAccess = define({ name: '#operator_.', params: [d, { name: 'key', type: T.keyword() }] }, (a) =>
    getItem(a.d as Mapping, a.key),
  );
  const indexer = define({ name: '#indexer', params: [d, { name: 'key' }] }, (a) => getItem(a.d as Mapping, a.key));
  const indexerDefault = define({ name: '#indexer', params: [d, { name: 'key' }, { name: 'default' }] }, (a) =>
    getOr(a.d as Mapping, a.key, a.default),
  );
  const get = define({ name: 'get', method: true, params: [d, { name: 'key' }, { name: 'default', default: null }] }, (a) =>
    getOr(a.d as Mapping, a.key, a.default),
  );
  const setOne = define(
    { name: 'set', method: true, noKwargs: true, params: [{ name: 'engine' }, d, { name: 'key' }, { name: 'value' }] },
    (a) => {
      (a.engine as Engine).limitMemory([1, a.d], [1, a.key], [1, a.value]);
      return new FrozenDict(dictFrom([...items(a.d as Mapping), [a.key, a.value]]));
    },
  );
  const setMany = define(
    { name: 'set', method: true, noKwargs: true, params: [{ name: 'engine' }, d, { name: 'replacements', type: T.mapping() }] },
    (a) => {
      (a.engine as Engine).limitMemory([1, a.d], [1, a.replacements]);
      return new FrozenDict(dictFrom([...items(a.d as Mapping), ...items(a.replacements as Mapping)]));
    },
  );
  const setManyInline = define(
    { name: 'set', method: true, noKwargs: true, params: [{ name: 'engine' }, d, { name: 'args', type: rule, kind: 'varargs' }] },
    (a) => {
      const rules = a.args as MappingRule[];
      (a.engine as Engine).limitMemory([1, a.d], ...rules.map((t) => [1, t] as [number, unknown]));
      return new FrozenDict(dictFrom([...items(a.d as Mapping), ...rules.map((t) => [t.source, t.destination] as [unknown, unknown])]));
    },
  );
  const view = (kind: DictView['kind']) =>
    define({ name: kind, method: true, params: [d] }, (a) => new DictView(kind, a.d as Mapping));
  const containsKey = define({ name: 'contains_key', method: true, params: [d, { name: 'key', type: T.any(true) }] }, (a) =>
    pyContains(a.d, a.key),
  );
  const containsValue = define({ name: 'contains_value', method: true, params: [d, { name: 'value', type: T.any(true) }] }, (a) =>
    [...dictOf(a.d as Mapping).values()].some((v) => v === a.value || pyEq(v, a.value)),
  );
  const combineDicts = define(
    { name: '#operator_+', params: [{ name: 'left', type: T.mapping() }, { name: 'right', type: T.mapping() }, { name: 'engine' }] },
    (a) => {
      (a.engine as Engine).limitMemory([1, a.left], [1, a.right]);
      return new FrozenDict(dictFrom([...items(a.left as Mapping), ...items(a.right as Mapping)]));
    },
  );
  const isDict = define({ name: 'is_dict', params: [{ name: 'arg' }] }, (a) => isMapping(a.arg));
  const dictLen = define({ name: 'len', method: 'extension', params: [d] }, (a) => (a.d as Mapping).size);
  const deleteKeysSeq = (m: Mapping, keys: Iterable<unknown>): PyDict => {
    const copy = dictFrom(items(m));
    for (const k of keys) {
      // dict.pop on an empty dict returns the default before hashing the key.
      if (copy.size === 0) continue;
      try {
        copy.delete(k);
      } catch (e) {
        throw asTypeError(e);
      }
    }
    return copy;
  };
  const deleteKeys = define({ name: 'delete', method: true, params: [d, { name: 'keys', type: T.any(true), kind: 'varargs' }] }, (a) =>
    deleteKeysSeq(a.d as Mapping, a.keys as unknown[]),
  );
  const deleteAll = define({ name: 'deleteAll', method: true, params: [d, { name: 'keys', type: T.iterable() }] }, (a) =>
    deleteKeysSeq(a.d as Mapping, iterate(a.keys)),
  );
  return [
    define(spec('dict_'), dictOfRules),
    define(spec('#map'), dictOfRules),
    dictFromItems,
    toDict,
    keywordAccess,
    indexer,
    indexerDefault,
    get,
    setOne,
    setMany,
    setManyInline,
    view('keys'),
    view('values'),
    view('items'),
    containsKey,
    containsValue,
    combineDicts,
    isDict,
    dictLen,
    deleteKeys,
    deleteAll,
  ];
}

function sequenceEditing(): FunctionDef[] {
  const collection = { name: 'collection', type: T.iterable() };
  const position = { name: 'position', type: T.int() };
  const inRange = (i: number, position: number, count: number): boolean =>
    count >= 0 ? position <= i && i < position + count : i >= position;
  const del = define(
    { name: 'delete', method: true, params: [collection, position, { name: 'count', type: T.int(), default: 1 }] },
    (a) =>
      pyGenerator('delete', function* () {
        let i = 0;
        const [p, c] = [Number(a.position), Number(a.count)];
        for (const t of iterate(a.collection)) {
          if (!inRange(i, p, c)) yield t;
          i++;
        }
      }),
  );
  const replaceWith = (qualname: string, values: (a: Args) => Iterable<unknown>) => (a: Args) =>
    pyGenerator(qualname, function* () {
      let yielded = false;
      let i = 0;
      const [p, c] = [Number(a.position), Number(a.count)];
      for (const t of iterate(a.collection)) {
        if (inRange(i, p, c)) {
          if (!yielded) {
            yielded = true;
            yield* values(a);
          }
        } else yield t;
        i++;
      }
    });
  const replace = define(
    { name: 'replace', method: true, params: [collection, position, { name: 'value' }, { name: 'count', type: T.int(), default: 1 }] },
    replaceWith('replace', (a) => [a.value]),
  );
  const replaceMany = define(
    {
      name: 'replace_many',
      method: true,
      params: [collection, position, { name: 'values', type: T.iterable() }, { name: 'count', type: T.int(), default: 1 }],
    },
    replaceWith('replace_many', (a) => iterate(a.values)),
  );
  const iterInsert = define(
    {
      name: 'insert',
      method: true,
      params: [{ name: 'collection', type: T.iterable([notSet]) }, position, { name: 'value', type: T.any(true) }],
    },
    (a) =>
      pyGenerator('iter_insert', function* () {
        let i = -1;
        const p = Number(a.position);
        for (const t of iterate(a.collection)) {
          i++;
          if (i === p) yield a.value;
          yield t;
        }
        if (p > i) yield a.value;
      }),
  );
  const listInsert = define(
    { name: 'insert', method: true, params: [{ name: 'collection', type: T.sequence() }, position, { name: 'value', type: T.any(true) }] },
    (a) => {
      const copy = [...(a.collection as unknown[])];
      let p = Number(a.position);
      if (p < 0) p = Math.max(0, copy.length + p);
      copy.splice(Math.min(p, copy.length), 0, a.value);
      return pyList(copy, 'appended');
    },
  );
  const insertMany = define(
    { name: 'insert_many', method: true, params: [collection, position, { name: 'values', type: T.iterable() }] },
    (a) =>
      pyGenerator('insert_many', function* () {
        let i = -1;
        const p = Number(a.position);
        const values = a.values;
        if (p < 0) yield* iterate(values);
        for (const t of iterate(a.collection)) {
          i++;
          if (i === p) yield* iterate(values);
          yield t;
        }
        if (p > i) yield* iterate(values);
      }),
  );
  const contains = define(
    { name: 'contains', method: true, params: [collection, { name: 'value', type: T.any(true) }] },
    (a) => pyContains(a.collection, a.value),
  );
  const inOp = define(
    { name: '#operator_in', params: [{ name: 'value', type: T.any(true) }, collection] },
    (a) => pyContains(a.collection, a.value),
  );
  return [del, replace, replaceMany, iterInsert, listInsert, insertMany, contains, inOp];
}

function setBuiltins(): FunctionDef[] {
  const s = { name: 's', type: T.set(), alias: 'set' };
  const two = [
    { name: 'left', type: T.set() },
    { name: 'right', type: T.set() },
  ];
  const subset = (l: PySet, r: PySet): boolean => [...l].every((x) => r.has(x));
  // A comparison works on any set-like value; the methods are set's and frozenset's (a dict view has none).
  const compare = (name: string, fn: (l: PySet, r: PySet) => boolean) =>
    define({ name, params: two }, (a) => fn(asSet(a.left), asSet(a.right)));
  const own = (v: unknown, method: string): PySet => {
    if (v instanceof PySet) return v;
    throw new YaqlError('AttributeError', `'dict_${(v as DictView).kind}' object has no attribute '${method}'`);
  };
  const setMethod = (name: string, pyMethod: string, fn: (l: PySet, r: PySet) => unknown[], operator = false) =>
    define({ name, method: !operator, params: two }, (a) => {
      const l = own(a.left, pyMethod);
      return new PySet(fn(l, asSet(a.right)), l.frozen);
    });
  const union = (l: PySet, r: PySet): unknown[] => [...l, ...r];
  const difference = (l: PySet, r: PySet): unknown[] => [...l].filter((x) => !r.has(x));
  return [
    define({ name: 'is_set', params: [{ name: 'arg' }] }, (a) => isSet(a.arg)),
    define(
      {
        name: 'set_',
        params: [
          { name: 'delegate', type: T.delegate('to_set', { method: true }) },
          { name: 'args', type: T.any(true), kind: 'varargs' },
        ],
      },
      (a) => (a.delegate as (r: unknown) => unknown)(pyGenerator('set_.<locals>.rec', () => expandIterators(a.args as unknown[]))),
    ),
    define({ name: 'to_set', method: true, params: [{ name: 'collection', type: T.iterable() }] }, (a) => {
      try {
        return new PySet(iterate(a.collection), true);
      } catch (e) {
        throw asTypeError(e);
      }
    }),
    define({ name: 'len', method: 'extension', params: [s] }, (a) => sizedLength(a.s)),
    compare('#operator_<', (l, r) => l.size < r.size && subset(l, r)),
    compare('#operator_<=', (l, r) => subset(l, r)),
    compare('#operator_>=', (l, r) => subset(r, l)),
    compare('#operator_>', (l, r) => r.size < l.size && subset(r, l)),
    setMethod('union', 'union', union),
    setMethod('intersect', 'intersection', (l, r) => [...l].filter((x) => r.has(x))),
    setMethod('difference', 'difference', difference),
    setMethod('#operator_-', 'difference', difference, true),
    setMethod('symmetric_difference', 'symmetric_difference', (l, r) => [...difference(l, r), ...[...r].filter((x) => !l.has(x))]),
    define({ name: 'add', method: true, params: [s, { name: 'values', kind: 'varargs' }] }, (a) => {
      const l = own(a.s, 'union');
      return new PySet([...l, ...(a.values as unknown[])], l.frozen);
    }),
    define({ name: 'remove', method: true, params: [s, { name: 'values', kind: 'varargs' }] }, (a) => {
      const l = own(a.s, 'difference');
      const drop = new PySet(a.values as unknown[], true);
      return new PySet([...l].filter((x) => !drop.has(x)), l.frozen);
    }),
  ];
}

export function registerCollections(ctx: Context): void {
  for (const fd of [...listBuiltins(), ...dictBuiltins(), ...sequenceEditing(), ...setBuiltins()]) ctx.register(fd);
}

