/**
 * jinja2's constant folding (nodes.py `as_const` and optimizer.py), which
 * the default Environment applies while compiling. It is not only an
 * optimisation: a constant lookup folds leniently (`1e3[::-1] is lower` is
 * False at compile time, a TypeError at run time), a constant dict with an
 * unhashable key fails to compile, and `{{ expr }}` of a constant is printed
 * at compile time. So tht folds exactly where and how jinja2 does.
 */
import { PyDict, PyFloat, tuple, UnhashableKeyError } from '../../yaml/python.js';
import { FILTERS, TESTS } from './builtins.js';
import { typeError } from './exceptions.js';
import type * as N from './nodes.js';
import * as py from './py.js';
import { getattr, getitem, makeDict, strJoin, type Context } from './runtime.js';
import { Markup, PyRange, PySlice } from './values.js';
import { PyComplex } from './complex.js';

export interface ConstEvalContext {
  autoescape: boolean;
  volatile: boolean;
}

/** jinja2's `Impossible`: the expression has no value at compile time. */
export const IMPOSSIBLE = Symbol('impossible');

/** Filters jinja2 marks pass_context: never folded. */
const CONTEXT_FILTERS = new Set(['map', 'select', 'reject', 'selectattr', 'rejectattr', 'random']);

const impossible = (): never => {
  throw IMPOSSIBLE;
};

/** Run `fn`; any error (Impossible included) makes the node Impossible. */
function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch {
    throw IMPOSSIBLE;
  }
}

function foldContext(ec: ConstEvalContext): Context {
  return { evalCtx: { autoescape: ec.autoescape } } as unknown as Context;
}

/**
 * Nodes found to have no value at compile time, by evaluation context
 * (autoescape, volatile). The optimizer asks a node for its value, then its
 * parent asks again on the way to its own, and so on up: without this, a
 * chain of n lookups was asked n times over, each answer a throw.
 */
const impossibleIn = [new WeakSet<N.Node>(), new WeakSet<N.Node>(), new WeakSet<N.Node>(), new WeakSet<N.Node>()] as const;

/** `node.as_const(eval_ctx)`: the value, or throws IMPOSSIBLE (or a real error where jinja2 lets one through). */
export function asConst(node: N.Expr, ec: ConstEvalContext): unknown {
  const known = impossibleIn[(ec.autoescape ? 2 : 0) + (ec.volatile ? 1 : 0)];
  if (known.has(node)) throw IMPOSSIBLE;
  try {
    return constValueOf(node, ec);
  } catch (e) {
    // The answer depends only on the node's subtree and the context (folding a child in place keeps its value).
    if (e === IMPOSSIBLE) known.add(node);
    throw e;
  }
}

function constValueOf(node: N.Expr, ec: ConstEvalContext): unknown {
  switch (node.kind) {
    case 'Const':
      return node.value;
    case 'TemplateData':
      if (ec.volatile) impossible();
      return ec.autoescape ? new Markup(node.data) : node.data;
    case 'Tuple':
      return tuple(node.items.map((i) => asConst(i, ec)));
    case 'List':
      return node.items.map((i) => asConst(i, ec));
    case 'Dict': {
      const pairs = node.items.map((p) => [asConst(p.key, ec), asConst(p.value, ec)] as [unknown, unknown]);
      try {
        return makeDict(pairs);
      } catch (e) {
        if (e instanceof UnhashableKeyError) throw typeError(e.message);
        throw e;
      }
    }
    case 'CondExpr':
      if (py.truthy(asConst(node.test, ec))) return asConst(node.expr1, ec);
      if (!node.expr2) impossible();
      return asConst(node.expr2!, ec);
    case 'Filter':
    case 'Test': {
      if (node.kind === 'Filter' && !node.node) impossible();
      if (ec.volatile) impossible();
      const func = node.kind === 'Filter' ? FILTERS.get(node.name) : TESTS.get(node.name);
      if (!func || (node.kind === 'Filter' && CONTEXT_FILTERS.has(node.name))) impossible();
      const args = node.args.map((a) => asConst(a, ec));
      const kwargs = new Map(node.kwargs.map((k) => [k.key, asConst(k.value, ec)] as [string, unknown]));
      if (node.dynArgs) args.push(...attempt(() => py.toList(asConst(node.dynArgs!, ec))));
      if (node.dynKwargs) {
        const d = attempt(() => asConst(node.dynKwargs!, ec));
        if (!(d instanceof PyDict)) impossible();
        for (const [k, v] of (d as PyDict).items()) kwargs.set(String(k), v);
      }
      const value = asConst(node.node!, ec);
      return attempt(() => func!(foldContext(ec), value, args, kwargs.size ? kwargs : null));
    }
    case 'Getitem':
      return attempt(() => getitem(asConst(node.node, ec), asConst(node.arg, ec)));
    case 'Getattr':
      return attempt(() => getattr(asConst(node.node, ec), node.attr));
    case 'Slice': {
      const part = (x: N.Expr | null) => (x ? asConst(x, ec) : null);
      return new PySlice(part(node.start), part(node.stop), part(node.step));
    }
    case 'Concat':
      return strJoin(node.nodes.map((n) => asConst(n, ec)));
    case 'Compare': {
      let value = asConst(node.expr, ec);
      let result: unknown = value;
      return attempt(() => {
        for (const op of node.ops) {
          const next = asConst(op.expr, ec);
          result = compareOp(op.op, value, next);
          if (!result) return false;
          value = next;
        }
        return result;
      });
    }
    case 'Binary':
      if (node.op === 'and') {
        const left = asConst(node.left, ec);
        return py.truthy(left) ? asConst(node.right, ec) : left;
      }
      if (node.op === 'or') {
        const left = asConst(node.left, ec);
        return py.truthy(left) ? left : asConst(node.right, ec);
      }
      return attempt(() => BINARY[node.op as keyof typeof BINARY](asConst(node.left, ec), asConst(node.right, ec)));
    case 'Unary':
      return attempt(() => {
        const v = asConst(node.node, ec);
        return node.op === 'not' ? !py.truthy(v) : node.op === 'neg' ? py.neg(v) : py.pos(v);
      });
    default:
      return impossible();
  }
}

const BINARY = { add: py.add, sub: py.sub, mul: py.mul, div: py.truediv, floordiv: py.floordiv, mod: py.mod, pow: py.pow };

function compareOp(op: N.CompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'eq': return py.eq(a, b);
    case 'ne': return !py.eq(a, b);
    case 'lt': return py.compare('<', a, b);
    case 'lteq': return py.compare('<=', a, b);
    case 'gt': return py.compare('>', a, b);
    case 'gteq': return py.compare('>=', a, b);
    case 'in': return py.contains(b, a);
    case 'notin': return !py.contains(b, a);
  }
}

/** jinja2's has_safe_repr: values a folded constant may hold. */
export function hasSafeRepr(v: unknown): boolean {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint' || typeof v === 'number') return true;
  if (v instanceof PyFloat || v instanceof PyComplex || v instanceof Markup || v instanceof PyRange) return true;
  if (Array.isArray(v)) return !(v as { fields?: unknown }).fields && v.every(hasSafeRepr);
  if (v instanceof PyDict) return [...v.items()].every(([k, x]) => hasSafeRepr(k) && hasSafeRepr(x));
  return false;
}

/** Nodes whose compilation runs the optimizer (jinja2's @optimizeconst visitors). */
export const FOLDED_KINDS = new Set(['Binary', 'Unary', 'Concat', 'Compare', 'Getattr', 'Getitem', 'Filter', 'Test', 'CondExpr', 'Call']);

/**
 * Nodes the optimizer has visited and left as they are, by autoescape (false,
 * true). Their children are folded in place already, so visiting them again
 * (the compiler optimizes each folded node it meets, jinja2's @optimizeconst,
 * and so every subexpression once per enclosing one) would change nothing.
 */
const settled = [new WeakSet<N.Node>(), new WeakSet<N.Node>()] as const;

/** The optimizer's visit: fold the children in place, then the node itself if it is constant. */
export function optimize<T extends N.Node>(node: T, ec: ConstEvalContext): T | N.Expr {
  const n = node as N.Node;
  const done = ec.volatile ? undefined : settled[ec.autoescape ? 1 : 0];
  if (done?.has(n)) return node;
  const fold = (child: N.Expr | null): N.Expr | null => (child ? (optimize(child, ec) as N.Expr) : null);
  const foldAll = (items: N.Expr[]) => items.map((i) => optimize(i, ec) as N.Expr);
  switch (n.kind) {
    case 'Tuple': case 'List': n.items = foldAll(n.items); break;
    case 'Dict': for (const p of n.items) { p.key = fold(p.key)!; p.value = fold(p.value)!; } break;
    case 'CondExpr': n.test = fold(n.test)!; n.expr1 = fold(n.expr1)!; n.expr2 = fold(n.expr2); break;
    case 'Filter': case 'Test': case 'Call':
      n.node = fold(n.node)!;
      n.args = foldAll(n.args);
      for (const k of n.kwargs) k.value = fold(k.value)!;
      n.dynArgs = fold(n.dynArgs);
      n.dynKwargs = fold(n.dynKwargs);
      break;
    case 'Getitem': n.node = fold(n.node)!; n.arg = fold(n.arg)!; break;
    case 'Getattr': n.node = fold(n.node)!; break;
    case 'Slice': n.start = fold(n.start); n.stop = fold(n.stop); n.step = fold(n.step); break;
    case 'Concat': n.nodes = foldAll(n.nodes); break;
    case 'Compare': n.expr = fold(n.expr)!; for (const op of n.ops) op.expr = fold(op.expr)!; break;
    case 'Binary': n.left = fold(n.left)!; n.right = fold(n.right)!; break;
    case 'Unary': n.node = fold(n.node)!; break;
    default: break;
  }
  if (n.kind === 'Pair' || n.kind === 'Keyword' || n.kind === 'Const' || n.kind === 'Name' || n.kind === 'NSRef') return node;
  try {
    const value = asConst(n as N.Expr, ec);
    if (hasSafeRepr(value)) return { kind: 'Const', value, line: (n as N.Expr).line, column: (n as N.Expr).column };
  } catch (e) {
    if (e !== IMPOSSIBLE) throw e;
  }
  done?.add(n);
  return node;
}

