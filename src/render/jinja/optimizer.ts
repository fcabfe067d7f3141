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

/**
 * Run `fn`; any error makes the node Impossible (jinja2's `except Exception:
 * raise Impossible()`). Impossible itself is a returned value, not an
 * exception: most nodes of a template are not constant, and a throw per
 * node and per level was the optimizer's main cost.
 */
function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return IMPOSSIBLE;
  }
}

function foldContext(ec: ConstEvalContext): Context {
  return { evalCtx: { autoescape: ec.autoescape } } as unknown as Context;
}

/**
 * Nodes found to have no value at compile time, by evaluation context
 * (autoescape, volatile). The optimizer asks a node for its value, then its
 * parent asks again on the way to its own, and so on up: without this, a
 * chain of n lookups was asked n times over.
 */
const impossibleIn = [new WeakSet<N.Node>(), new WeakSet<N.Node>(), new WeakSet<N.Node>(), new WeakSet<N.Node>()] as const;

/** `node.as_const(eval_ctx)`: the value, or IMPOSSIBLE; throws a real error where jinja2 lets one through. */
export function asConst(node: N.Expr, ec: ConstEvalContext): unknown {
  const known = impossibleIn[(ec.autoescape ? 2 : 0) + (ec.volatile ? 1 : 0)];
  if (known.has(node)) return IMPOSSIBLE;
  const value = constValueOf(node, ec);
  // The answer depends only on the node's subtree and the context (folding a child in place keeps its value).
  if (value === IMPOSSIBLE) known.add(node);
  return value;
}

/** The constant values of `nodes`, in order, or IMPOSSIBLE at the first that has none (Python stops there too). */
function allConst(nodes: readonly N.Expr[], ec: ConstEvalContext): unknown[] | typeof IMPOSSIBLE {
  const values: unknown[] = [];
  for (const n of nodes) {
    const v = asConst(n, ec);
    if (v === IMPOSSIBLE) return IMPOSSIBLE;
    values.push(v);
  }
  return values;
}

function constValueOf(node: N.Expr, ec: ConstEvalContext): unknown {
  switch (node.kind) {
    case 'Const':
      return node.value;
    case 'TemplateData':
      if (ec.volatile) return IMPOSSIBLE;
      return ec.autoescape ? new Markup(node.data) : node.data;
    case 'Tuple': {
      const items = allConst(node.items, ec);
      return items === IMPOSSIBLE ? IMPOSSIBLE : tuple(items);
    }
    case 'List':
      return allConst(node.items, ec);
    case 'Dict': {
      const pairs: [unknown, unknown][] = [];
      for (const p of node.items) {
        const key = asConst(p.key, ec);
        if (key === IMPOSSIBLE) return IMPOSSIBLE;
        const value = asConst(p.value, ec);
        if (value === IMPOSSIBLE) return IMPOSSIBLE;
        pairs.push([key, value]);
      }
      try {
        return makeDict(pairs);
      } catch (e) {
        if (e instanceof UnhashableKeyError) throw typeError(e.message);
        throw e;
      }
    }
    case 'CondExpr': {
      const test = asConst(node.test, ec);
      if (test === IMPOSSIBLE) return IMPOSSIBLE;
      if (py.truthy(test)) return asConst(node.expr1, ec);
      return node.expr2 ? asConst(node.expr2, ec) : IMPOSSIBLE;
    }
    case 'Filter':
    case 'Test': {
      if (node.kind === 'Filter' && !node.node) return IMPOSSIBLE;
      if (ec.volatile) return IMPOSSIBLE;
      const func = node.kind === 'Filter' ? FILTERS.get(node.name) : TESTS.get(node.name);
      if (!func || (node.kind === 'Filter' && CONTEXT_FILTERS.has(node.name))) return IMPOSSIBLE;
      const args = allConst(node.args, ec);
      if (args === IMPOSSIBLE) return IMPOSSIBLE;
      const kwargs = new Map<string, unknown>();
      for (const k of node.kwargs) {
        const v = asConst(k.value, ec);
        if (v === IMPOSSIBLE) return IMPOSSIBLE;
        kwargs.set(k.key, v);
      }
      if (node.dynArgs) {
        const extra = attempt(() => {
          const v = asConst(node.dynArgs!, ec);
          return v === IMPOSSIBLE ? IMPOSSIBLE : py.toList(v);
        });
        if (extra === IMPOSSIBLE) return IMPOSSIBLE;
        args.push(...(extra as unknown[]));
      }
      if (node.dynKwargs) {
        const d = attempt(() => asConst(node.dynKwargs!, ec));
        if (!(d instanceof PyDict)) return IMPOSSIBLE;
        for (const [k, v] of d.items()) kwargs.set(String(k), v);
      }
      const value = asConst(node.node!, ec);
      if (value === IMPOSSIBLE) return IMPOSSIBLE;
      return attempt(() => func(foldContext(ec), value, args, kwargs.size ? kwargs : null));
    }
    case 'Getitem':
      return attempt(() => {
        const obj = asConst(node.node, ec);
        if (obj === IMPOSSIBLE) return IMPOSSIBLE;
        const arg = asConst(node.arg, ec);
        return arg === IMPOSSIBLE ? IMPOSSIBLE : getitem(obj, arg);
      });
    case 'Getattr':
      return attempt(() => {
        const obj = asConst(node.node, ec);
        return obj === IMPOSSIBLE ? IMPOSSIBLE : getattr(obj, node.attr);
      });
    case 'Slice': {
      const parts: unknown[] = [];
      for (const x of [node.start, node.stop, node.step]) {
        const v = x ? asConst(x, ec) : null;
        if (v === IMPOSSIBLE) return IMPOSSIBLE;
        parts.push(v);
      }
      return new PySlice(parts[0], parts[1], parts[2]);
    }
    case 'Concat': {
      const parts = allConst(node.nodes, ec);
      return parts === IMPOSSIBLE ? IMPOSSIBLE : strJoin(parts);
    }
    case 'Compare': {
      let value = asConst(node.expr, ec);
      if (value === IMPOSSIBLE) return IMPOSSIBLE;
      let result: unknown = value;
      return attempt(() => {
        for (const op of node.ops) {
          const next = asConst(op.expr, ec);
          if (next === IMPOSSIBLE) return IMPOSSIBLE;
          result = compareOp(op.op, value, next);
          if (!result) return false;
          value = next;
        }
        return result;
      });
    }
    case 'Binary': {
      if (node.op === 'and' || node.op === 'or') {
        const left = asConst(node.left, ec);
        if (left === IMPOSSIBLE) return IMPOSSIBLE;
        return py.truthy(left) === (node.op === 'and') ? asConst(node.right, ec) : left;
      }
      const op = BINARY[node.op as keyof typeof BINARY];
      return attempt(() => {
        const left = asConst(node.left, ec);
        if (left === IMPOSSIBLE) return IMPOSSIBLE;
        const right = asConst(node.right, ec);
        return right === IMPOSSIBLE ? IMPOSSIBLE : op(left, right);
      });
    }
    case 'Unary':
      return attempt(() => {
        const v = asConst(node.node, ec);
        if (v === IMPOSSIBLE) return IMPOSSIBLE;
        return node.op === 'not' ? !py.truthy(v) : node.op === 'neg' ? py.neg(v) : py.pos(v);
      });
    default:
      return IMPOSSIBLE;
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
  const value = asConst(n as N.Expr, ec);
  if (value !== IMPOSSIBLE && hasSafeRepr(value)) return { kind: 'Const', value, line: (n as N.Expr).line, column: (n as N.Expr).column };
  done?.add(n);
  return node;
}

