/**
 * Heat's `yaql` intrinsic function, offline: evaluate a yaql expression on
 * the data a template gives it, as heat/engine/hot/functions.py Yaql does
 * with Python yaql 2.0:
 *
 *   - the expression sees `$.data`: Heat evaluates it on {'data': <data>};
 *   - the engine is yaql.YaqlFactory().create() with the options
 *     yaql.limitIterators and yaql.memoryQuota (Heat's defaults: 200 and
 *     10000; TripleO's undercloud sets 10000 and 200000);
 *   - the context is yaql.create_context() (the standard library, no
 *     delegates), a fresh child context per evaluation.
 *
 * The input is converted as yaql converts it (lists to tuples, mappings to
 * FrozenDicts), and the result as yaql's finalizer does: tuples and
 * iterators become lists (Arrays), mappings PyDicts, sets PySets; every
 * collection on the way is held to limitIterators. Errors are YaqlErrors
 * named as Python names them. yaql's date/time functions are not provided
 * (their names raise a NotSupportedByTht error), and no expression can run
 * longer or bigger than HARD_LIMITS, where Python would hang.
 */
import { PyDict, UnhashableKeyError, isPlainMapping, tuple } from '../../yaml/python.js';
import { YaqlError, pyErrors } from './errors.js';
import { parse, type Expr } from './parser.js';
import { Context, Engine, callFunction, type EngineOptions } from './runtime.js';
import { registerCollections } from './stdlib/collections.js';
import { registerCore, registerYaqlized } from './stdlib/core.js';
import { registerQueries } from './stdlib/queries.js';
import { registerStrings } from './stdlib/strings.js';
import { FrozenDict, PySet, iteratorStep } from './values.js';

export { YaqlError };
export { PySet } from './values.js';
export { HARD_LIMITS } from './runtime.js';

export type YaqlOptions = Partial<EngineOptions>;

/** Heat's [yaql] limit_iterators and memory_quota defaults (heat/engine/hot/functions.py). */
export const HEAT_YAQL_DEFAULTS: EngineOptions = { limitIterators: 200, memoryQuota: 10000 };

let standard: Context | undefined;

/**
 * Each expression parsed once, as Heat parses a yaql function's expression
 * once per template: a role's templates evaluate the same few expressions
 * for every stack that uses them. The trees are never changed by evaluation.
 */
const parsed = new Map<string, Expr>();

function parseOnce(expression: string): Expr {
  let statement = parsed.get(expression);
  if (statement === undefined) parsed.set(expression, (statement = parse(expression)));
  return statement;
}

/** yaql.create_context(): the finalizer and fallbacks, the standard library above, the yaqlized layer on top. */
function standardContext(): Context {
  if (!standard) {
    const base = new Context();
    const std = base.createChild();
    registerCore(base, std);
    registerStrings(std);
    registerCollections(std);
    registerQueries(std);
    const top = std.createChild();
    registerYaqlized(top);
    standard = top;
  }
  return standard;
}

/** utils.convert_input_data: sequences to tuples, mappings to FrozenDicts, sets to frozensets. */
export function convertInput(v: unknown): unknown {
  if (typeof v === 'string' || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return tuple(v.map(convertInput));
  if (v instanceof PyDict || v instanceof FrozenDict) {
    const d = v instanceof FrozenDict ? v.d : v;
    return new FrozenDict(new PyDict([...d.items()].map(([k, x]) => [convertInput(k), convertInput(x)] as const)));
  }
  if (v instanceof PySet) return new PySet([...v].map(convertInput), true);
  if (isPlainMapping(v)) {
    return new FrozenDict(new PyDict(Object.entries(v).map(([k, x]) => [k, convertInput(x)] as const)));
  }
  return v;
}

/** Evaluate EXPRESSION on DATA as Heat's yaql function does; throws a YaqlError. */
export function evaluateYaql(expression: string, data: unknown, options: YaqlOptions = {}): unknown {
  const engine = new Engine({ ...HEAT_YAQL_DEFAULTS, ...options });
  const statement = parseOnce(expression);
  const ctx = standardContext().createChild();
  ctx.set('$', convertInput({ data }));
  const previous = iteratorStep.count;
  iteratorStep.count = () => engine.step();
  try {
    return callFunction('#finalize', ctx, [statement], new Map(), engine);
  } catch (e) {
    // The shared model raises Python's "unhashable type" as a JS TypeError; it is Python's TypeError.
    if (e instanceof UnhashableKeyError) throw pyErrors.typeError(e.message);
    if (e instanceof RangeError) throw new YaqlError('ThtEvaluationBound', `a value grew beyond what tht evaluates: ${e.message}`);
    throw e;
  } finally {
    iteratorStep.count = previous;
  }
}
