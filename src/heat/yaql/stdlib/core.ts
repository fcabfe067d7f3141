/**
 * yaql/standard_library system.py, common.py, boolean.py, branching.py and
 * math.py: context data, `.` and `->`, let, comparisons, and/or/not,
 * switch/coalesce, arithmetic.
 */
import { PyDict, PyFloat, float, int, isFloat, isInt, toNumber } from '../../../yaml/python.js';
import { floatFromText, intFromText, tooManyDigitsMessage } from '../../../yaml/python-numbers.js';
import { pyErrors } from '../errors.js';
import { arith, compareNum, isIterable, isNumber, iterate, negate, pyEq, strRepr, truthy, typeName } from '../pyops.js';
import { type Context, type Engine, T, define, type FunctionDef } from '../runtime.js';
import { DictView, MappingRule, PySet, isMapping, pyGenerator, pyList } from '../values.js';

type Fn = (...args: unknown[]) => unknown;

function system(): FunctionDef[] {
  return [
    define({ name: '#get_context_data', params: [{ name: 'name', type: T.stringConstant() }, { name: 'context' }] }, (a) =>
      (a.context as Context).get(a.name as string),
    ),
    define({ name: '#operator_.', params: [{ name: 'receiver' }, { name: 'expr', type: T.lambda(false, true) }] }, (a) =>
      (a.expr as Fn)(a.receiver),
    ),
    define(
      { name: '#operator_?.', params: [{ name: 'operator', type: T.delegate('#operator_.') }, { name: 'receiver' }, { name: 'expr', type: T.expression() }] },
      (a) => (a.receiver === null ? null : (a.operator as Fn)(a.receiver, a.expr)),
    ),
    define({ name: 'unpack', method: true, params: [{ name: 'sequence', type: T.iterable() }, { name: 'context' }, { name: 'args', type: T.str(), kind: 'varargs' }] }, (a) => {
      const names = a.args as string[];
      const ctx = a.context as Context;
      const it = [...takeN(a.sequence, names.length + 1)];
      if (names.length > 0 && names.length !== it.length) throw pyErrors.valueError(`Cannot unpack ${it.length} elements into ${names.length}`);
      if (names.length > 0) it.forEach((v, i) => ctx.set(names[i]!, v));
      else {
        // Python walks the rest of the sequence here (what islice left).
        let i = 1;
        for (const v of it) ctx.set(String(i++), v);
        for (const v of a.sequence as Iterable<unknown>) ctx.set(String(i++), v);
      }
      return ctx;
    }),
    define({ name: 'with_', params: [{ name: 'context' }, { name: 'args', kind: 'varargs' }] }, (a) => {
      const ctx = a.context as Context;
      (a.args as unknown[]).forEach((v, i) => ctx.set(String(i + 1), v));
      return ctx;
    }),
    define({ name: 'let', params: [{ name: '__context__', type: T.context() }, { name: 'args', kind: 'varargs' }, { name: 'kwargs', kind: 'varkw' }] }, (a) => {
      const ctx = a.__context__ as Context;
      (a.args as unknown[]).forEach((v, i) => ctx.set(String(i + 1), v));
      for (const [k, v] of a.kwargs as Map<string, unknown>) ctx.set(k, v);
      return ctx;
    }),
    define({ name: '#operator_->', params: [{ name: 'left', type: T.cls('Context') }, { name: 'right', type: T.lambda(true) }] }, (a) =>
      (a.right as Fn)(a.left),
    ),
    define(
      { name: 'assert__', method: true, params: [{ name: 'engine' }, { name: 'obj' }, { name: 'condition', type: T.lambda() }, { name: 'message', type: T.str(), default: 'Assertion failed' }] },
      (a) => {
        if (!truthy((a.condition as Fn)(a.obj))) throw pyErrors.assertion(a.message as string);
        return a.obj;
      },
    ),
  ];
}

/** The first N items of an iterable (itertools.islice), leaving an iterator positioned after them. */
function* takeN(source: unknown, n: number): Generator<unknown> {
  if (n <= 0) return;
  let i = 0;
  const it = (source as Iterable<unknown>)[Symbol.iterator]();
  while (i < n) {
    const r = it.next();
    if (r.done) return;
    yield r.value;
    i++;
  }
}

/** get_property, registered in the outermost context: `$x.name` when nothing else matches. */
function fallbacks(): FunctionDef[] {
  return [
    define({ name: '#operator_.', params: [{ name: 'func', type: T.delegate(undefined, { useConvention: false }) }, { name: 'obj' }, { name: 'name', type: T.keyword() }] }, (a) =>
      (a.func as Fn)(`#property#${a.name as string}`, a.obj),
    ),
  ];
}

function comparisons(): FunctionDef[] {
  // Comparisons with null, as yaql defines them: null is less than anything else.
  const nullable = T.py('NoneType', true);
  const other = T.any(false);
  const cmp = (name: string, left: typeof other, right: typeof other, result: boolean) =>
    define({ name, params: [{ name: 'left', type: left }, { name: 'right', type: right }] }, () => result);
  return [
    define({ name: '*equal', params: [{ name: 'left' }, { name: 'right' }] }, (a) => pyEq(a.left, a.right)),
    define({ name: '*not_equal', params: [{ name: 'left' }, { name: 'right' }] }, (a) => !pyEq(a.left, a.right)),
    cmp('#operator_<', other, nullable, false),
    cmp('#operator_<=', other, nullable, false),
    cmp('#operator_>', other, nullable, true),
    cmp('#operator_>=', other, nullable, true),
    cmp('#operator_<', nullable, other, true),
    cmp('#operator_<=', nullable, other, true),
    cmp('#operator_>', nullable, other, false),
    cmp('#operator_>=', nullable, other, false),
    cmp('#operator_<', nullable, nullable, false),
    cmp('#operator_<=', nullable, nullable, true),
    cmp('#operator_>', nullable, nullable, false),
    cmp('#operator_>=', nullable, nullable, true),
  ];
}

function boolean(): FunctionDef[] {
  return [
    define({ name: '#operator_and', params: [{ name: 'left', type: T.lambda() }, { name: 'right', type: T.lambda() }] }, (a) => {
      const l = (a.left as Fn)();
      return truthy(l) ? (a.right as Fn)() : l;
    }),
    define({ name: '#operator_or', params: [{ name: 'left', type: T.lambda() }, { name: 'right', type: T.lambda() }] }, (a) => {
      const l = (a.left as Fn)();
      return truthy(l) ? l : (a.right as Fn)();
    }),
    define({ name: '#unary_operator_not', params: [{ name: 'arg' }] }, (a) => !truthy(a.arg)),
    define({ name: 'bool_', params: [{ name: 'value' }] }, (a) => truthy(a.value)),
    define({ name: 'is_boolean', params: [{ name: 'value' }] }, (a) => typeof a.value === 'boolean'),
  ];
}

function branching(): FunctionDef[] {
  return [
    define({ name: 'switch', noKwargs: true, params: [{ name: 'args', type: T.rule(), kind: 'varargs' }] }, (a) => {
      for (const rule of a.args as MappingRule[]) if (truthy((rule.source as Fn)())) return (rule.destination as Fn)();
      return null;
    }),
    define({ name: 'select_case', params: [{ name: 'args', type: T.lambda(), kind: 'varargs' }] }, (a) => {
      const fs = a.args as Fn[];
      for (let i = 0; i < fs.length; i++) if (truthy(fs[i]!())) return i;
      return fs.length;
    }),
    define({ name: 'select_all_cases', params: [{ name: 'args', type: T.lambda(), kind: 'varargs' }] }, (a) =>
      pyGenerator('select_all_cases', function* () {
        const fs = a.args as Fn[];
        for (let i = 0; i < fs.length; i++) if (truthy(fs[i]!())) yield i;
      }),
    ),
    define({ name: 'examine', params: [{ name: 'args', type: T.lambda(), kind: 'varargs' }] }, (a) =>
      pyGenerator('examine', function* () {
        for (const f of a.args as Fn[]) yield truthy(f());
      }),
    ),
    define({ name: 'switch_case', method: true, params: [{ name: 'case', type: T.int() }, { name: 'args', type: T.lambda(), kind: 'varargs' }] }, (a) => {
      const fs = a.args as Fn[];
      const c = Number(a.case);
      if (c >= 0 && c < fs.length) return fs[c]!();
      return fs.length === 0 ? null : fs[fs.length - 1]!();
    }),
    define({ name: 'coalesce', params: [{ name: 'args', type: T.lambda(), kind: 'varargs' }] }, (a) => {
      for (const f of a.args as Fn[]) {
        const r = f();
        if (r !== null) return r;
      }
      return null;
    }),
  ];
}

type Num = number | bigint | PyFloat;

function math(): FunctionDef[] {
  const two = [
    { name: 'left', type: T.number() },
    { name: 'right', type: T.number() },
  ];
  const binary = (name: string, fn: (l: Num, r: Num) => unknown) => define({ name, params: two }, (a) => fn(a.left as Num, a.right as Num));
  const compare = (name: string, test: (c: number) => boolean) =>
    binary(name, (l, r) => test(compareNum(toBigOrNum(l), toBigOrNum(r))));
  const ints = (name: string, fn: (l: bigint, r: bigint) => bigint) =>
    define({ name, params: [{ name: 'left', type: T.int() }, { name: 'right', type: T.int() }] }, (a) => int(fn(big(a.left), big(a.right))));
  return [
    binary('#operator_+', (l, r) => arith('+', l, r)),
    binary('#operator_-', (l, r) => arith('-', l, r)),
    binary('#operator_*', (l, r) => arith('*', l, r)),
    binary('#operator_/', (l, r) => arith(isInt(l) && isInt(r) ? '//' : '/', l, r)),
    binary('#operator_mod', (l, r) => arith('%', l, r)),
    define({ name: '#unary_operator_+', params: [{ name: 'op', type: T.number() }] }, (a) => a.op),
    define({ name: '#unary_operator_-', params: [{ name: 'op', type: T.number() }] }, (a) => negate(a.op as Num)),
    compare('#operator_>', (c) => c > 0),
    compare('#operator_>=', (c) => c >= 0),
    compare('#operator_<', (c) => c < 0),
    compare('#operator_<=', (c) => c <= 0),
    define({ name: 'abs_', params: [{ name: 'op', type: T.number() }] }, (a) => (isFloat(a.op) ? float(Math.abs(toNumber(a.op as Num))) : int(absBig(big(a.op))))),
    define({ name: 'int_', params: [{ name: 'value' }] }, (a) => toInt(a.value)),
    define({ name: 'float_', params: [{ name: 'value' }] }, (a) => toFloat(a.value)),
    ints('bitwise_and', (l, r) => l & r),
    ints('bitwise_or', (l, r) => l | r),
    ints('bitwise_xor', (l, r) => l ^ r),
    define({ name: 'bitwise_not', params: [{ name: 'arg', type: T.int() }] }, (a) => int(~big(a.arg))),
    define({ name: 'shift_bits_right', params: [{ name: 'value', type: T.int() }, { name: 'bits_number', type: T.int() }] }, (a) => {
      if (big(a.bits_number) < 0n) throw pyErrors.valueError('negative shift count');
      return int(big(a.value) >> big(a.bits_number));
    }),
    define({ name: 'shift_bits_left', params: [{ name: 'value', type: T.int() }, { name: 'bits_number', type: T.int() }] }, (a) => {
      if (big(a.bits_number) < 0n) throw pyErrors.valueError('negative shift count');
      if (big(a.bits_number) > 100000n) throw pyErrors.overflow('too many digits in integer');
      return int(big(a.value) << big(a.bits_number));
    }),
    define({ name: 'max_', params: [{ name: 'a', type: T.any(true) }, { name: 'b', type: T.any(true) }, { name: 'operator', type: T.delegate('#operator_>') }] }, (a) =>
      truthy((a.operator as Fn)(a.b, a.a)) ? a.b : a.a,
    ),
    define({ name: 'min_', params: [{ name: 'a' }, { name: 'b' }, { name: 'operator', type: T.delegate('#operator_>') }] }, (a) =>
      truthy((a.operator as Fn)(a.b, a.a)) ? a.a : a.b,
    ),
    define({ name: 'pow_', params: [{ name: 'a', type: T.number() }, { name: 'b', type: T.number() }, { name: 'c', type: T.number(true), default: null }] }, (a) =>
      power(a.a as Num, a.b as Num, a.c as Num | null),
    ),
    define({ name: 'sign', params: [{ name: 'num', type: T.number() }] }, (a) => {
      const n = toBigOrNum(a.num as Num);
      return compareNum(n, 0) > 0 ? 1 : compareNum(n, 0) < 0 ? -1 : 0;
    }),
    define({ name: 'round_', params: [{ name: 'number', type: T.number() }, { name: 'ndigits', type: T.int(), default: 0 }] }, (a) =>
      round(a.number as Num, Number(a.ndigits)),
    ),
    define({ name: 'is_integer', params: [{ name: 'value' }] }, (a) => isInt(a.value)),
    define({ name: 'is_number', params: [{ name: 'value' }] }, (a) => isNumber(a.value)),
  ];
}

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(Number(v)));
const absBig = (v: bigint): bigint => (v < 0n ? -v : v);
const toBigOrNum = (v: Num | boolean): number | bigint => (v instanceof PyFloat ? v.value : typeof v === 'boolean' ? Number(v) : v);

/** Python's int(x): None is 0 (yaql's own rule), str parsed as Python parses it, floats truncated. */
function toInt(v: unknown): number | bigint {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isInt(v)) return v;
  if (isFloat(v)) {
    const n = toNumber(v);
    if (Number.isNaN(n)) throw pyErrors.valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(n)) throw pyErrors.overflow('cannot convert float infinity to integer');
    return int(BigInt(Math.trunc(n)));
  }
  if (typeof v === 'string') {
    const n = intFromText(v, 10);
    if (n === undefined) throw pyErrors.valueError(`invalid literal for int() with base 10: ${strRepr(v)}`);
    if (typeof n !== 'bigint') throw pyErrors.valueError(tooManyDigitsMessage(n));
    return int(n);
  }
  throw pyErrors.typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function toFloat(v: unknown): number | PyFloat {
  if (v === null) return float(0);
  if (typeof v === 'boolean') return float(v ? 1 : 0);
  if (isInt(v) || isFloat(v)) return float(toNumber(v as Num));
  if (typeof v === 'string') {
    const x = floatFromText(v);
    if (x === undefined) throw pyErrors.valueError(`could not convert string to float: ${strRepr(v)}`);
    return float(x);
  }
  throw pyErrors.typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}


function power(a: Num, b: Num, c: Num | null): Num {
  if (c !== null) {
    if (!isInt(a) || !isInt(b) || !isInt(c)) throw pyErrors.typeError('pow() 3rd argument not allowed unless all arguments are integers');
    let [base, exp, mod] = [big(a), big(b), big(c)];
    if (mod === 0n) throw pyErrors.valueError('pow() 3rd argument cannot be 0');
    if (exp < 0n) throw pyErrors.valueError('base is not invertible for the given modulus');
    let r = 1n;
    base = ((base % mod) + mod) % mod;
    while (exp > 0n) {
      if (exp & 1n) r = (r * base) % mod;
      base = (base * base) % mod;
      exp >>= 1n;
    }
    return int(mod < 0n && r > 0n ? r + mod : r);
  }
  if (isInt(a) && isInt(b) && big(b) >= 0n) {
    if (big(b) > 100000n) throw pyErrors.overflow('exponent too large for tht');
    return int(big(a) ** big(b));
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === 0 && y < 0) throw pyErrors.zeroDivision('0.0 cannot be raised to a negative power');
  return float(x ** y);
}

/** Python's round(number, ndigits): half to even, an int stays an int. */
function round(n: Num, ndigits: number): Num {
  if (isInt(n)) {
    if (ndigits >= 0) return n;
    const f = 10n ** BigInt(-ndigits);
    const x = big(n);
    let q = x / f;
    const r = x - q * f;
    if (r * 2n > f || (r * 2n === f && q % 2n !== 0n)) q += 1n;
    if (-r * 2n > f || (-r * 2n === f && q % 2n !== 0n)) q -= 1n;
    return int(q * f);
  }
  const x = toNumber(n);
  if (!Number.isFinite(x)) return float(x);
  const p = 10 ** ndigits;
  const y = x * p;
  let r = Math.round(y);
  if (Math.abs(y - Math.trunc(y)) === 0.5) r = 2 * Math.round(y / 2);
  return float(r / p);
}

/** The yaqlized layer: its functions fit no value tht has, but take part in overload resolution. */
function yaqlized(): FunctionDef[] {
  return [
    define({ name: '#operator_.', params: [{ name: 'receiver', type: T.yaqlized() }, { name: 'expr', type: T.expression(true) }, { name: 'context' }, { name: 'engine' }] }, () => null),
    define({ name: '#operator_.', params: [{ name: 'obj', type: T.yaqlized() }, { name: 'attr', type: T.keyword() }] }, () => null),
    define({ name: '#indexer', params: [{ name: 'obj', type: T.yaqlized() }, { name: 'key' }] }, () => null),
  ];
}

/** The finalizer of yaql.create_context: each collection of the result limited, tuples and iterators made lists. */
export function finalizers(): FunctionDef[] {
  return [
    define({ name: '#iter', params: [{ name: 'iterator', type: T.iterable() }] }, (a) => a.iterator),
    define({ name: '#finalize', params: [{ name: 'obj' }, { name: 'limiter', type: T.delegate('#iter') }, { name: 'engine' }] }, (a) =>
      convertOutput(a.obj, a.limiter as Fn, a.engine as Engine),
    ),
  ];
}

/** utils.convert_output_data */
function convertOutput(obj: unknown, limit: Fn, engine: Engine): unknown {
  const rec = (v: unknown): unknown => convertOutput(v, limit, engine);
  if (isMapping(obj)) {
    const result = new PyDict();
    for (const pair of iterate(limit(new DictView('items', obj)))) {
      const [k, v] = pair as [unknown, unknown];
      // `result[rec(key)] = rec(value)`: Python evaluates the value first.
      const value = rec(v);
      result.set(rec(k), value);
    }
    return result;
  }
  if (obj instanceof PySet || (obj instanceof DictView && obj.kind !== 'values')) {
    // set(generator): each item is converted, then added (hashed), before the next is taken.
    const result = new PySet([], false);
    for (const t of iterate(limit(obj))) result.items.set(rec(t), true);
    return result;
  }
  if (Array.isArray(obj) || isIterable(obj)) {
    const out: unknown[] = [];
    for (const t of iterate(limit(obj))) out.push(rec(t));
    return pyList(out, 'hinted');
  }
  return obj;
}

export function registerCore(base: Context, std: Context): void {
  for (const fd of [...finalizers(), ...fallbacks()]) base.register(fd);
  for (const fd of [...system(), ...comparisons(), ...boolean(), ...branching(), ...math()]) std.register(fd);
}

export function registerYaqlized(ctx: Context): void {
  for (const fd of yaqlized()) ctx.register(fd);
}
