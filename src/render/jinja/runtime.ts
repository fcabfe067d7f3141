/**
 * The helpers generated code reaches as `env.py.*` (see compiler.ts), and the
 * filters whose Jinja2 behaviour differs from nunjucks'.
 */
import { lookup } from './members.js';
import { runtime as njRuntime, type NjFrame } from './nunjucks-internals.js';
import { add, contains, eq, iterate, JinjaRuntimeError, pyStr, truthy } from './python.js';

interface NjContext {
  blocks: Record<string, unknown[]>;
  getBlock(name: string): (env: unknown, ctx: NjContext, frame: NjFrame, rt: unknown, cb: (err: unknown, out?: string) => void) => void;
}

/** `for a, b in items`: each item must hold exactly as many values as names. */
function unpack(item: unknown, count: number): unknown[] {
  const values = Array.isArray(item) ? item : typeof item === 'string' ? [...item] : null;
  if (values === null) throw new JinjaRuntimeError(`cannot unpack a non-sequence into ${count} names`);
  if (values.length !== count) {
    throw new JinjaRuntimeError(
      values.length > count ? `too many values to unpack (expected ${count})` : `not enough values to unpack (expected ${count}, got ${values.length})`,
    );
  }
  return values;
}

/** `self.<block>()` renders that block again, as Jinja2's TemplateReference does. */
function selfRef(env: unknown, context: NjContext, rt: unknown): Record<string, () => unknown> {
  const ref: Record<string, () => unknown> = {};
  for (const name of Object.keys(context.blocks)) {
    ref[name] = () => {
      let out = '';
      context.getBlock(name)(env, context, new njRuntime.Frame(), rt, (err, res) => {
        if (err) throw err;
        out = res ?? '';
      });
      return out;
    };
  }
  return ref;
}

export const pyRuntime = {
  str: pyStr,
  truthy,
  eq,
  contains,
  iterate,
  add,
  lookup,
  unpack,
  selfRef,
  or: (left: unknown, right: () => unknown) => (truthy(left) ? left : right()),
  and: (left: unknown, right: () => unknown) => (truthy(left) ? right() : left),
};

/** Filters with Jinja2 semantics where nunjucks' differ in a visible way. */
export const pyFilters: Record<string, (...args: unknown[]) => unknown> = {
  /** Replaces only Undefined, unless `boolean` asks to replace any falsy value. */
  default: (value, fallback = '', boolean = false) => {
    if (boolean === true ? !truthy(value) : value === undefined) return fallback;
    return value;
  },
  lower: (value) => pyStr(value).toLowerCase(),
};
