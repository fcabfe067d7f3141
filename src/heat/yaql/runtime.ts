/**
 * yaql's evaluation machinery: contexts (data and function layers), function
 * definitions with typed parameters, and the overload resolution of
 * yaql/language/runner.py and specs.py, which decides which of a name's
 * functions a call runs, which arguments are evaluated first and which are
 * passed as lambdas, and which error a call that fits none raises.
 */
import { PyDict, PyFloat, PyTuple, isFloat, isInt } from '../../yaml/python.js';
import { YaqlError, unsupported, yaqlErrors } from './errors.js';
import type { Expr, FunctionExpr } from './parser.js';
import {
  OrderedIterable,
  isIterable,
  isIterator,
  isMapping,
  isSequence,
  isSet,
  iterate,
  pyRepr,
  pyStr,
  sizeOf,
  sizedLength,
  typeName,
} from './pyops.js';
import { DictView, FrozenDict, Identified, MappingRule, NO_VALUE, PyIterator, PySet, YaqlRegex, pyGenerator, type NoValue } from './values.js';

// ---- engine ---------------------------------------------------------------

export interface EngineOptions {
  /** yaql.limitIterators: the most items a collection may have where a function takes one (-1: no limit). */
  limitIterators: number;
  /** yaql.memoryQuota: the most bytes (sys.getsizeof) one value may take (-1 or 0: no limit). */
  memoryQuota: number;
}

/**
 * Bounds of tht's own, so that no expression hangs or exhausts memory even
 * with the limits off (where Python yaql itself would hang, for example
 * `1.repeat().len()`): an evaluation may take this many steps (calls and
 * iterator items), and build no list of more items or value of more bytes.
 */
export const HARD_LIMITS = { steps: 1_000_000, items: 10_000_000, bytes: 256 * 1024 * 1024 };

export class Engine {
  steps = 0;
  constructor(readonly options: EngineOptions) {}

  /** One unit of work (an item produced, a call made); throws past tht's bound. */
  step(n = 1): void {
    this.steps += n;
    if (this.steps > HARD_LIMITS.steps) {
      throw new YaqlError('ThtEvaluationBound', `evaluation took more than ${HARD_LIMITS.steps} steps`);
    }
  }

  /**
   * utils.limit_memory_usage: the weighted sizes of VALUES, in order, must stay
   * within the quota (and within tht's own bound when the quota is off).
   */
  limitMemory(...values: Array<[number, unknown]>): void {
    let total = 0;
    for (const [count, v] of values) total = this.withinMemory(total + count * sizeOf(v));
  }

  /** limitMemory of one value (every call's result and argument: no arrays built for it). */
  limitValue(v: unknown): void {
    this.withinMemory(sizeOf(v));
  }

  private withinMemory(total: number): number {
    const quota = this.options.memoryQuota;
    if (quota > 0 && total > quota) throw yaqlErrors.memoryQuota();
    if (total > HARD_LIMITS.bytes) throw new YaqlError('ThtEvaluationBound', `a value would take more than ${HARD_LIMITS.bytes} bytes`);
    return total;
  }

  /**
   * utils.limit_iterable: a sequence, mapping or set is checked at once; any
   * other iterable (an iterator, a dict's values view) is wrapped in a
   * generator that fails when it yields one item too many.
   */
  limitIterable(v: unknown): unknown {
    const max = this.options.limitIterators;
    const n = v instanceof DictView && v.kind === 'values' ? undefined : sizedLength(v);
    if (n !== undefined) {
      if (max >= 0 && max < n) throw yaqlErrors.collectionTooLarge(max);
      return v;
    }
    const source = v;
    return pyGenerator('limit_iterable.<locals>.limiting_iterator', function* limiting() {
      let i = 0;
      for (const t of iterate(source)) {
        if (max >= 0 && max <= i) throw yaqlErrors.collectionTooLarge(max);
        i++;
        yield t;
      }
    });
  }
}

// ---- contexts ---------------------------------------------------------------

/** yaql's Context: data ($name) and functions, looked up through the parents. */
export class Context extends Identified {
  private readonly data = new Map<string, unknown>();
  /** Only the standard library's layers register functions: the contexts of calls have none. */
  private functions?: Map<string, Set<FunctionDef>>;
  /** This layer's functions of a name that are methods (`m`) or plain functions (`f`), as collect filters them: calls look up a few names thousands of times. */
  private layers?: Map<string, FunctionDef[]>;
  constructor(readonly parent?: Context) {
    super();
  }

  createChild(): Context {
    return new Context(this);
  }

  static normalize(name: string): string {
    const n = name.startsWith('$') ? name : `$${name}`;
    return n === '$' ? '$1' : n;
  }

  set(name: string, value: unknown): void {
    this.data.set(Context.normalize(name), value);
  }

  /** Context.get_data: a value a parent holds counts only if it is not NO_VALUE (so a stored NO_VALUE reads as None there). */
  get(name: string): unknown {
    const key = Context.normalize(name);
    if (this.data.has(key)) return this.data.get(key);
    for (let c = this.parent; c; c = c.parent) {
      const v = c.data.get(key);
      if (c.data.has(key) && v !== NO_VALUE) return v;
    }
    return null;
  }

  register(fd: FunctionDef): void {
    const functions = (this.functions ??= new Map());
    let set = functions.get(fd.name);
    if (!set) functions.set(fd.name, (set = new Set()));
    set.add(fd);
    this.layers = new Map();
  }

  /** Context.collect_functions: one list of overloads per context layer that has any (methods, or plain functions). */
  collect(name: string, methods: boolean, useConvention: boolean): FunctionDef[][] {
    const key = useConvention ? conventionName(name) : plainName(name);
    const layers: FunctionDef[][] = [];
    for (let c: Context | undefined = this; c; c = c.parent) {
      const layer = c.functions && c.layer(key, methods);
      if (layer?.length) layers.push(layer);
    }
    return layers;
  }

  /** This layer's overloads of a name (one that registers functions). */
  private layer(key: string, methods: boolean): FunctionDef[] {
    const id = (methods ? 'm' : 'f') + key;
    let layer = this.layers!.get(id);
    if (!layer) this.layers!.set(id, (layer = [...(this.functions!.get(key) ?? [])].filter((fd) => (methods ? fd.isMethod : fd.isFunction))));
    return layer;
  }
}

/** CamelCaseConvention: `to_upper` -> `toUpper` (a leading underscore stays). */
export function camelCase(name: string): string {
  return name.replace(/(?!^)_(\w)/gu, (_, c: string) => c.toUpperCase());
}

/** The names calls look functions up by, converted once each (an evaluation makes thousands of calls to a few names). */
const conventionNames = new Map<string, string>();
const plainNames = new Map<string, string>();

/** A called name as the functions are registered: trailing underscores dropped, then camelCase. */
function conventionName(name: string): string {
  let key = conventionNames.get(name);
  if (key === undefined) conventionNames.set(name, (key = camelCase(plainName(name))));
  return key;
}

/** A called name without the convention: trailing underscores dropped. */
function plainName(name: string): string {
  let key = plainNames.get(name);
  if (key === undefined) plainNames.set(name, (key = name.replace(/_+$/, '')));
  return key;
}

// ---- parameter types (yaql/language/yaqltypes.py) --------------------------

/** Python classes the parameter types test for, with their bases (for issubclass). */
const PY_BASES: Record<string, string[]> = {
  object: [],
  Iterable: ['object'],
  Iterator: ['Iterable'],
  Sequence: ['Iterable'],
  Mapping: ['Iterable'],
  Set: ['Iterable'],
  tuple: ['Sequence'],
  list: ['Sequence'],
  str: ['Sequence'],
  dict: ['Mapping'],
  int: ['object'],
  bool: ['int'],
  float: ['object'],
  NoneType: ['object'],
  Context: ['object'],
  OrderingIterable: ['Iterable'],
  Pattern: ['object'],
  // (int, float): a tuple of classes, never a specialization.
  number: ['object'],
};

function issubclass(a: string, b: string): boolean {
  if (a === b) return true;
  return (PY_BASES[a] ?? []).some((p) => issubclass(p, b));
}

/** isinstance(v, cls) for the classes in PY_BASES. */
export function isInstance(v: unknown, cls: string): boolean {
  switch (cls) {
    case 'object':
      return true;
    case 'Iterable':
      return typeof v === 'string' || isMapping(v) || isIterable(v);
    case 'Iterator':
      return isIterator(v);
    case 'Sequence':
      return typeof v === 'string' || isSequence(v);
    case 'Mapping':
      return isMapping(v);
    case 'Set':
      return isSet(v);
    case 'tuple':
      return v instanceof PyTuple;
    case 'list':
      return Array.isArray(v) && !(v instanceof PyTuple);
    case 'str':
      return typeof v === 'string';
    case 'dict':
      return v instanceof PyDict;
    case 'int':
      return isInt(v) || typeof v === 'boolean';
    case 'bool':
      return typeof v === 'boolean';
    case 'float':
      return isFloat(v);
    case 'number':
      return isInt(v) || typeof v === 'boolean' || isFloat(v);
    case 'NoneType':
      return v === null;
    case 'Context':
      return v instanceof Context;
    case 'OrderingIterable':
      return v instanceof OrderedIterable;
    case 'Pattern':
      return v instanceof YaqlRegex;
    default:
      throw new Error(`unknown class ${cls}`);
  }
}

/** What a parameter type sees: an unevaluated expression, or a value (a constant stays an expression). */
export type Arg = unknown;

/** Expression nodes are the parser's plain objects; no runtime value is a plain object (mappings are FrozenDict/PyDict). */
const isExpr = (v: unknown): v is Expr =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && EXPR_KINDS.has((v as Expr).kind);
const EXPR_KINDS = new Set(['constant', 'wrap', 'mapping', 'function']);
export const isConstantExpr = (v: unknown): v is Extract<Expr, { kind: 'constant' }> => isExpr(v) && v.kind === 'constant';

export interface ConvertEnv {
  receiver: unknown;
  context: Context;
  engine: Engine;
  fd: FunctionDef;
}

export abstract class YType {
  /** Lazy parameters get the expression (as a lambda) instead of its value. */
  lazy = false;
  /** Hidden parameters are injected (context, engine, delegates), not passed. */
  hidden = false;
  constructor(readonly nullable: boolean) {}
  check(value: Arg, _ctx: Context, _engine: Engine): boolean {
    return !(value === null && !this.nullable);
  }
  convert(value: Arg, env: ConvertEnv): unknown {
    if (!this.check(value, env.context, env.engine)) throw new ArgumentValueError();
    env.engine.limitValue(value);
    return value;
  }
  isSpecializationOf(_other: YType): boolean {
    return false;
  }
}

/** yaql's ArgumentValueException (a conversion that fails after the checks passed). */
class ArgumentValueError extends Error {}

/** PythonType: isinstance of a class plus validators; an expression passes the check (it is not evaluated yet). */
export class PyType extends YType {
  constructor(
    readonly cls: string,
    nullable: boolean,
    readonly validators: Array<(v: unknown) => boolean> = [],
  ) {
    super(nullable);
  }
  override check(value: Arg, ctx: Context, engine: Engine): boolean {
    const v = isConstantExpr(value) ? value.value : value;
    if (!super.check(v, ctx, engine)) return false;
    if (v === null || isExpr(v)) return true;
    if (!isInstance(v, this.cls)) return false;
    for (const f of this.validators) if (!f(v)) return false;
    return true;
  }
  override convert(value: Arg, env: ConvertEnv): unknown {
    const v = isConstantExpr(value) ? value.value : value;
    return super.convert(v, env);
  }
  override isSpecializationOf(other: YType): boolean {
    if (!(other instanceof PyType) || this.cls === 'number' || other.cls === 'number') return false;
    return issubclass(this.cls, other.cls) && !issubclass(other.cls, this.cls);
  }
}

const notStrOrMapping = (v: unknown): boolean => typeof v !== 'string' && !isMapping(v);

/** yaqltypes.Iterable: any iterable but str and mappings, limited by limitIterators once converted. */
export class IterableType extends PyType {
  constructor(validators: Array<(v: unknown) => boolean> = [], nullable = false) {
    super('Iterable', nullable, [notStrOrMapping, ...validators]);
  }
  override convert(value: Arg, env: ConvertEnv): unknown {
    const v = super.convert(value, env);
    return v === null ? null : env.engine.limitIterable(v);
  }
}

/** yaqltypes.Lambda: the argument's expression, evaluated each time the function calls it. */
export class LambdaType extends YType {
  override lazy = true;
  constructor(
    readonly withContext = false,
    readonly method = false,
  ) {
    super(true);
  }
  override check(value: Arg, ctx: Context, engine: Engine): boolean {
    if (this.method && isExpr(value) && !(value.kind === 'function' && value.usesReceiver)) return false;
    return super.check(value, ctx, engine);
  }
  override convert(value: Arg, env: ConvertEnv): unknown {
    super.convert(value, env);
    if (value === null) return null;
    const { withContext, method } = this;
    const { context, engine } = env;
    return (...args: unknown[]): unknown => {
      let receiver: unknown = NO_VALUE;
      let ctx: Context;
      if (method && withContext) [receiver, ctx] = [args[0], args[1] as Context];
      else if (method) [receiver, ctx] = [args[0], context.createChild()];
      else if (withContext) ctx = args[0] as Context;
      else ctx = context.createChild();
      const rest = args.slice((method ? 1 : 0) + (withContext ? 1 : 0));
      rest.forEach((a, i) => ctx.set(`$${i + 1}`, a));
      return isExpr(value) ? evaluate(value, receiver, ctx, engine) : typeof value === 'function' ? (value as (...a: unknown[]) => unknown)(...rest) : value;
    };
  }
}

/** yaqltypes.MappingRule: a `source => destination` argument, both sides lazy. */
export class MappingRuleType extends YType {
  override lazy = true;
  constructor() {
    super(false);
  }
  override check(value: Arg): boolean {
    return isExpr(value) && value.kind === 'mapping';
  }
  override convert(value: Arg, env: ConvertEnv): unknown {
    super.convert(value, env);
    const rule = value as Extract<Expr, { kind: 'mapping' }>;
    const { receiver, context, engine } = env;
    return new MappingRule(
      () => evaluate(rule.source, receiver, context, engine),
      () => evaluate(rule.destination, receiver, context, engine),
    );
  }
}

/** yaqltypes.Constant and its kinds: the argument must be written as a literal (or a bare word for Keyword). */
export class ConstantType extends YType {
  constructor(
    nullable: boolean,
    readonly kindOf: 'any' | 'string' | 'keyword' | 'boolean' | 'number',
    readonly expand = true,
  ) {
    super(nullable);
  }
  override check(value: Arg, ctx: Context, engine: Engine): boolean {
    if (this.kindOf === 'keyword') return isConstantExpr(value) && value.keyword;
    if (!super.check(value, ctx, engine)) return false;
    if (value === null) return true;
    if (!isConstantExpr(value)) return false;
    const v = value.value;
    if (this.kindOf === 'string') return typeof v === 'string';
    if (this.kindOf === 'boolean') return typeof v === 'boolean';
    if (this.kindOf === 'number') return (isInt(v) || isFloat(v)) && typeof v !== 'boolean';
    return true;
  }
  override convert(value: Arg, env: ConvertEnv): unknown {
    super.convert(value, env);
    return this.expand ? (value as { value: unknown }).value : value;
  }
}

/** yaqltypes.YaqlExpression: the expression itself (lazy), optionally of one kind. */
export class ExpressionType extends YType {
  override lazy = true;
  constructor(readonly functionOnly = false) {
    super(false);
  }
  override check(value: Arg): boolean {
    return isExpr(value) && (!this.functionOnly || value.kind === 'function');
  }
}

/** Injected parameters: the call's context, the engine, a delegate to another function. */
export class HiddenType extends YType {
  override hidden = true;
  constructor(
    readonly what: 'context' | 'engine' | 'delegate' | 'receiver',
    readonly delegate?: { name?: string; method?: boolean; withContext?: boolean; useConvention?: boolean },
  ) {
    super(false);
  }
  override check(): boolean {
    return true;
  }
  override convert(_value: Arg, env: ConvertEnv): unknown {
    if (this.what === 'context') return env.context;
    if (this.what === 'engine') return env.engine;
    if (this.what === 'receiver') return env.receiver;
    const { name, method = false, withContext = false, useConvention = true } = this.delegate!;
    const { context, engine } = env;
    return (...args: unknown[]): unknown => {
      let rest = args;
      let fname = name;
      if (!fname) [fname, rest] = [rest[0] as string, rest.slice(1)];
      let receiver: unknown = NO_VALUE;
      if (method) [receiver, rest] = [rest[0], rest.slice(1)];
      let ctx: Context;
      if (withContext) [ctx, rest] = [rest[0] as Context, rest.slice(1)];
      else ctx = context.createChild();
      return callFunction(fname!, ctx, rest, new Map(), engine, receiver, ctx, useConvention);
    };
  }
}

/** A never-matching stand-in for yaql's Yaqlized type (tht has no yaqlized Python objects). */
export class YaqlizedType extends PyType {
  constructor() {
    super('object', false, [() => false]);
  }
}

// ---- function definitions -------------------------------------------------

export const NO_DEFAULT: unique symbol = Symbol('NoDefault');

export interface ParamDef {
  /** Python name (as the payload receives it). */
  name: string;
  /** The name a keyword argument uses (camelCase of the Python name, or an explicit alias). */
  alias: string;
  /** Position among the visible positional parameters, or null for keyword-only / ** parameters. */
  position: number | null;
  kind: 'positional' | 'varargs' | 'keyword' | 'varkw';
  type: YType;
  default: unknown;
}

/** The converted arguments a payload gets, by Python parameter name (`*args` as an array, `**kw` as a Map). */
export type Args = Record<string, unknown>;

export class FunctionDef {
  /** The visible positional parameters, in order. */
  private readonly positional: ParamDef[];
  private readonly varargs?: ParamDef;
  private readonly varkw?: ParamDef;
  /** Some parameter takes its argument unevaluated (the overloads of a call must agree on which). */
  readonly hasLazy: boolean;

  constructor(
    readonly name: string,
    readonly params: ParamDef[],
    readonly payload: (a: Args) => unknown,
    readonly isFunction: boolean,
    readonly isMethod: boolean,
    readonly noKwargs: boolean,
  ) {
    this.positional = params.filter((p) => p.kind === 'positional' && !p.type.hidden);
    this.varargs = params.find((p) => p.kind === 'varargs');
    this.varkw = params.find((p) => p.kind === 'varkw');
    this.hasLazy = params.some((p) => p.type.lazy);
  }

  /** specs.FunctionDefinition.map_args: does the call fit, and which parameter takes which argument? */
  mapArgs(args: Arg[], kwargs: ReadonlyMap<string, Arg>, ctx: Context, engine: Engine): Mapping | undefined {
    const kw = new Map(kwargs);
    const varargs = this.varargs;
    const positional: Array<ParamDef | undefined> = args.map(() => varargs);
    const keyword = new Map<string, ParamDef>();
    for (const p of this.params) {
      if (p.type.hidden || p.kind === 'varargs' || p.kind === 'varkw') continue;
      if (p.kind === 'positional') {
        const at = p.position!;
        if (at < args.length && args[at] !== NO_VALUE) {
          if (kw.has(p.alias)) return undefined;
          positional[at] = p;
        } else if (kw.has(p.alias)) {
          keyword.set(p.alias, p);
          kw.delete(p.alias);
        } else if (p.default === NO_DEFAULT) return undefined;
        else if (at < args.length) positional[at] = p;
      } else if (kw.has(p.alias)) {
        keyword.set(p.alias, p);
        kw.delete(p.alias);
      } else if (p.default === NO_DEFAULT) return undefined;
    }
    if (kw.size > 0) {
      if (!this.varkw) return undefined;
      for (const k of kw.keys()) keyword.set(k, this.varkw);
    }
    for (let i = 0; i < positional.length; i++) {
      const p = positional[i];
      if (p === undefined) return undefined;
      const value = args[i] === NO_VALUE ? p.default : args[i];
      if (!p.type.check(value, ctx, engine)) return undefined;
    }
    // As in yaql, only the ** arguments are checked here; named ones are checked when the delegate is built.
    for (const [k, v] of kw) if (!keyword.get(k)!.type.check(v, ctx, engine)) return undefined;
    return { positional: positional as ParamDef[], keyword };
  }

  /**
   * get_delegate: the call, when every argument passes its parameter's
   * check; undefined when one does not (yaql raises ArgumentException there,
   * which choose_overload takes as "this overload does not fit": a return,
   * since a throw per overload tried costs more than the rest of the call).
   */
  delegate(receiver: unknown, engine: Engine, ctx: Context, args: Arg[], kwargs: ReadonlyMap<string, Arg>): (() => unknown) | undefined {
    const kw = new Map(kwargs);
    // The parameters in order with the argument each takes, checked now, converted when the call runs.
    const named: ParamDef[] = [];
    const values: Arg[] = [];
    for (const p of this.params) {
      if (p.kind === 'varargs' || p.kind === 'varkw') continue;
      let value: Arg;
      if (p.type.hidden) value = null;
      else if (p.kind === 'positional' && p.position! < args.length && args[p.position!] !== NO_VALUE) {
        if (kw.has(p.alias)) return undefined;
        value = args[p.position!];
      } else if (kw.has(p.alias)) {
        value = kw.get(p.alias);
        kw.delete(p.alias);
      } else if (p.default !== NO_DEFAULT) value = p.default;
      else return undefined;
      if (!p.type.check(value, ctx, engine)) return undefined;
      named.push(p);
      values.push(value);
    }
    const { varargs, varkw } = this;
    const extra = args.slice(this.positional.length);
    if (extra.length > 0 && (!varargs || !extra.every((a) => varargs.type.check(a, ctx, engine)))) return undefined;
    if (kw.size > 0 && (!varkw || ![...kw.values()].every((v) => varkw.type.check(v, ctx, engine)))) return undefined;
    return () => {
      const env: ConvertEnv = { receiver, context: ctx.createChild(), engine, fd: this };
      const a: Args = {};
      for (let i = 0; i < named.length; i++) a[named[i]!.name] = convertArgument(named[i]!, values[i], env);
      if (varargs) a[varargs.name] = extra.map((v) => convertArgument(varargs, v, env));
      if (varkw) a[varkw.name] = new Map([...kw].map(([k, v]) => [k, convertArgument(varkw, v, env)]));
      return this.payload(a);
    };
  }
}

/** A parameter's argument converted for the call; a conversion that fails after the checks passed is yaql's ArgumentException. */
function convertArgument(p: ParamDef, value: Arg, env: ConvertEnv): unknown {
  try {
    return p.type.convert(value, env);
  } catch (e) {
    if (e instanceof ArgumentValueError) throw new YaqlError('ArgumentException', `Invalid argument ${p.name}`);
    throw e;
  }
}

interface Mapping {
  positional: ParamDef[];
  keyword: Map<string, ParamDef>;
}

/** runner._is_specialization_of */
function isSpecialization(m1: Mapping, m2: Mapping): boolean {
  let res = false;
  for (let i = 0; i < Math.min(m1.positional.length, m2.positional.length); i++) {
    const a1 = m1.positional[i]!.type;
    const a2 = m2.positional[i]!.type;
    if (a2.isSpecializationOf(a1)) return false;
    if (a1.isSpecializationOf(a2)) res = true;
  }
  for (const [k, p1] of m1.keyword) {
    const a2 = m2.keyword.get(k)!.type;
    if (a2.isSpecializationOf(p1.type)) return false;
    if (p1.type.isSpecializationOf(a2)) res = true;
  }
  return res;
}

// ---- calls ----------------------------------------------------------------

/** How a receiver prints in an error message (Python's str of it). */
const receiverText = (r: unknown): string => pyStr(r);

/** runner.call */
export function callFunction(
  name: string,
  ctx: Context,
  args: Arg[],
  kwargs: ReadonlyMap<string, Arg>,
  engine: Engine,
  receiver: unknown = NO_VALUE,
  dataContext: Context = ctx,
  useConvention = false,
): unknown {
  engine.step();
  const asMethod = receiver !== NO_VALUE;
  const layers = ctx.collect(name, asMethod, useConvention);
  if (layers.length === 0) {
    if (UNSUPPORTED_FUNCTIONS.has(name)) throw unsupported(`yaql's ${name}()`);
    throw asMethod ? yaqlErrors.noMethod(name, receiverText(receiver)) : yaqlErrors.noFunction(name);
  }
  const delegate = chooseOverload(name, layers, engine, receiver, dataContext, args, kwargs);
  const result = delegate();
  engine.limitValue(result);
  return result;
}

/** runner.choose_overload */
function chooseOverload(
  name: string,
  layers: FunctionDef[][],
  engine: Engine,
  receiver: unknown,
  ctx: Context,
  rawArgs: Arg[],
  rawKwargs: ReadonlyMap<string, Arg>,
): () => unknown {
  const asMethod = receiver !== NO_VALUE;
  const ambiguous = (): never => {
    throw asMethod ? yaqlErrors.ambiguousMethod(name, receiverText(receiver)) : yaqlErrors.ambiguousFunction(name);
  };
  const notFound = (): never => {
    throw asMethod ? yaqlErrors.noMatchingMethod(name, receiverText(receiver)) : yaqlErrors.noMatchingFunction(name);
  };
  let args: Arg[] = asMethod ? [receiver, ...rawArgs] : rawArgs;
  let kwargs = rawKwargs;
  let noKwargs: boolean | undefined;
  let lazy: ReadonlySet<number | string> | undefined;
  const fitting: Array<Array<[FunctionDef, Mapping]>> = [];
  for (const layer of layers) {
    const level: Array<[FunctionDef, Mapping]> = [];
    for (const fd of layer) {
      if (noKwargs === undefined) {
        noKwargs = fd.noKwargs;
        [args, kwargs] = translateArgs(noKwargs, args, kwargs);
      } else if (noKwargs !== fd.noKwargs) ambiguous();
      const mapping = fd.mapArgs(args, kwargs, ctx, engine);
      if (!mapping) continue;
      const lz = fd.hasLazy ? lazyArguments(mapping) : NONE_LAZY;
      if (lazy === undefined) lazy = lz;
      else if (!sameSet(lazy, lz)) ambiguous();
      level.push([fd, mapping]);
    }
    if (level.length) fitting.push(level);
  }
  if (fitting.length === 0) notFound();
  const evalArg = (key: number | string, a: Arg): Arg =>
    !lazy!.has(key) && isEvaluable(a) ? evaluate(a as Expr, NO_VALUE, ctx, engine) : a;
  const values = args.map((a, i) => evalArg(i, a));
  const kwValues = kwargs.size === 0 ? NO_KWARGS : new Map([...kwargs].map(([k, a]) => [k, evalArg(k, a)]));
  let winner: { call: () => unknown; mapping: Mapping } | undefined;
  for (const level of fitting) {
    for (const [fd, mapping] of level) {
      const call = fd.delegate(receiver, engine, ctx, values, kwValues);
      if (!call) continue;
      if (winner) {
        if (isSpecialization(winner.mapping, mapping)) continue;
        if (!isSpecialization(mapping, winner.mapping)) ambiguous();
      }
      winner = { call, mapping };
    }
    if (winner) break;
  }
  if (!winner) notFound();
  return winner!.call;
}

const sameSet = (a: ReadonlySet<unknown>, b: ReadonlySet<unknown>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

/** The arguments (positions and keywords) a mapping passes unevaluated. */
function lazyArguments(mapping: Mapping): Set<number | string> {
  const lz = new Set<number | string>();
  mapping.positional.forEach((p, i) => p.type.lazy && lz.add(i));
  for (const [k, p] of mapping.keyword) if (p.type.lazy) lz.add(k);
  return lz;
}
const NONE_LAZY: ReadonlySet<number | string> = new Set();

/** The keyword arguments of a call that has none (never changed: every reader copies before it deletes). */
const NO_KWARGS: ReadonlyMap<string, Arg> = new Map();

/** A non-constant expression is evaluated before the call; constants and NO_VALUE stay as they are. */
const isEvaluable = (a: Arg): boolean => isExpr(a) && a.kind !== 'constant';

/** runner.translate_args: `name => value` arguments become keyword arguments, unless the functions take none. */
function translateArgs(noKwargs: boolean, args: Arg[], kwargs: ReadonlyMap<string, Arg>): [Arg[], ReadonlyMap<string, Arg>] {
  if (noKwargs) {
    if (kwargs.size > 0) throw new YaqlError('ArgumentException', `Invalid argument ${[...kwargs.keys()][0]}`);
    return [args, NO_KWARGS];
  }
  const positional: Arg[] = [];
  const kw = new Map<string, Arg>();
  for (const a of args) {
    if (isExpr(a) && a.kind === 'mapping') {
      if (!(isConstantExpr(a.source) && a.source.keyword)) throw yaqlErrors.mappingTranslation();
      kw.set(a.source.value as string, a.destination);
    } else positional.push(a);
  }
  for (const [k, v] of kwargs) {
    if (kw.has(k)) throw yaqlErrors.mappingTranslation();
    kw.set(k, v);
  }
  return [positional, kw];
}

/** Evaluate an expression node (Function.__call__, Constant, Wrap, MappingRuleExpression). */
export function evaluate(e: Expr, receiver: unknown, ctx: Context, engine: Engine): unknown {
  switch (e.kind) {
    case 'constant':
      return e.value;
    case 'wrap':
      return evaluate(e.expr, receiver, ctx, engine);
    case 'mapping':
      return new MappingRule(evaluate(e.source, receiver, ctx, engine), evaluate(e.destination, receiver, ctx, engine));
    case 'function':
      return callExpr(e, receiver, ctx, engine);
  }
}

function callExpr(e: FunctionExpr, receiver: unknown, ctx: Context, engine: Engine): unknown {
  // Operators and the other generated calls never take the receiver of a `.`.
  return callFunction(e.name, ctx, e.args, NO_KWARGS, engine, e.usesReceiver ? receiver : NO_VALUE, ctx);
}

/** Python yaql functions tht does not implement: named in the error instead of "Unknown function". */
const UNSUPPORTED_FUNCTIONS = new Set([
  'now', 'localtz', 'utctz', 'datetime', 'timespan', 'isDatetime', 'isTimespan', 'isTimezone', 'time',
  'random', 'def', 'call', 'lambda',
]);

// ---- helpers for definitions ------------------------------------------------

export const T = {
  any: (nullable = true) => new PyType('object', nullable),
  py: (cls: string, nullable = false, validators: Array<(v: unknown) => boolean> = []) => new PyType(cls, nullable, validators),
  str: (nullable = false) => new StringType(nullable),
  int: (nullable = false) => new PyType('int', nullable),
  integer: (nullable = false) => new PyType('int', nullable, [(v) => typeof v !== 'boolean']),
  number: (nullable = false) => new PyType('number', nullable, [(v) => typeof v !== 'boolean']),
  bool: (nullable = false) => new PyType('bool', nullable),
  iterable: (validators: Array<(v: unknown) => boolean> = [], nullable = false) => new IterableType(validators, nullable),
  iterator: () => new IterableType([isIterator]),
  sequence: (nullable = false) => new PyType('Sequence', nullable, [(v) => typeof v !== 'string' && !(v instanceof PyDict)]),
  mapping: (nullable = false) => new PyType('Mapping', nullable),
  set: () => new PyType('Set', false),
  lambda: (withContext = false, method = false) => new LambdaType(withContext, method),
  rule: () => new MappingRuleType(),
  keyword: (expand = true) => new ConstantType(false, 'keyword', expand),
  stringConstant: () => new ConstantType(false, 'string'),
  expression: (functionOnly = false) => new ExpressionType(functionOnly),
  context: () => new HiddenType('context'),
  engine: () => new HiddenType('engine'),
  receiver: () => new HiddenType('receiver'),
  delegate: (name?: string, opts: { method?: boolean; withContext?: boolean; useConvention?: boolean } = {}) =>
    new HiddenType('delegate', { name, ...opts }),
  yaqlized: () => new YaqlizedType(),
  cls: (cls: string) => new PyType(cls, false),
};

/** yaqltypes.String: a str (converted with str()). */
class StringType extends PyType {
  constructor(nullable: boolean) {
    super('str', nullable);
  }
}

export interface ParamSpec {
  name: string;
  type?: YType;
  default?: unknown;
  alias?: string;
  kind?: ParamDef['kind'];
}

export interface FunctionSpec {
  /** The Python function's name (converted to camelCase) or a `#`/`*` system name (kept). */
  name: string;
  /** Python's parameters in order, hidden ones included. */
  params: ParamSpec[];
  /** @specs.method (method only), extension (both), or a plain function (the default). */
  method?: boolean | 'extension';
  noKwargs?: boolean;
}

/**
 * A function definition from a spec written the way the Python source
 * declares it (`specs.get_function_definition` with the camelCase convention):
 * an undeclared parameter takes anything, or the type of its default.
 */
export function define(spec: FunctionSpec, payload: (a: Args) => unknown): FunctionDef {
  let position = 0;
  const params: ParamDef[] = spec.params.map((p) => {
    const kind = p.kind ?? 'positional';
    const dflt = 'default' in p ? p.default : NO_DEFAULT;
    let type = p.type;
    if (!type) {
      if (p.name === 'context') type = T.context();
      else if (p.name === 'engine') type = T.engine();
      else type = inferType(dflt);
    }
    const visible = kind === 'positional' && !type.hidden;
    return {
      name: p.name,
      alias: p.alias ?? camelCase(p.name.replace(/_+$/, '')),
      position: visible ? position++ : kind === 'positional' ? -1 : null,
      kind,
      type,
      default: dflt,
    };
  });
  const name = /^[#*]/.test(spec.name) ? spec.name : camelCase(spec.name.replace(/_+$/, ''));
  const isMethod = spec.method === true || spec.method === 'extension';
  const isFunction = spec.method !== true;
  return new FunctionDef(name, params, payload, isFunction, isMethod, spec.noKwargs ?? false);
}

/** An undeclared parameter: nullable, of the class of its default (object when it has none or None). */
function inferType(dflt: unknown): YType {
  if (dflt === NO_DEFAULT || dflt === null || dflt === NO_VALUE) return T.any(true);
  if (typeof dflt === 'boolean') return new PyType('bool', true);
  if (isInt(dflt)) return new PyType('int', true);
  if (isFloat(dflt) || dflt instanceof PyFloat) return new PyType('float', true);
  if (typeof dflt === 'string') return new PyType('str', true);
  return T.any(true);
}

export { NO_VALUE, type NoValue, FrozenDict, PySet, DictView, PyIterator, pyRepr, typeName };
