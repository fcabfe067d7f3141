/**
 * The one object compiled templates see as `rt`: every helper the generated
 * code calls, gathered from the runtime, the Python value model, the
 * built-ins and the bounds.
 */
import { PyFloat, tuple } from '../../yaml/python.js';
import { FILTERS, setAttributeLookup, setTestHelpers, TESTS, type FilterFn } from './builtins.js';
import { attributeError, nameError, templateRuntimeError, TemplateNotFound, typeError, valueError } from './exceptions.js';
import { PyComplex } from './complex.js';
import { setPythonGetattr } from './format.js';
import { step } from './limits.js';
import { attributeOf, setCaller } from './methods.js';
import * as py from './py.js';
import {
  call, Context, escapeOutput, getattr, getitem, kwargsOf, LoopContext, Macro, makeDict, markupJoin, Namespace, nested, setNamespaceAttr,
  starArgs, strJoin, TemplateModule, TemplateReference, located, yielded, joined, type BlockFn,
} from './runtime.js';
import { strMethods } from './strings.js';
import { Markup, MISSING, PyIterator, PyRange, PySlice, Undefined } from './values.js';

/** `for a, b in x` / `{% set a, b = x %}`: exactly `count` items, as Python unpacks. */
function unpack(value: unknown, count: number): unknown[] {
  let items: unknown[];
  try {
    items = py.toList(value);
  } catch {
    throw typeError(`cannot unpack non-iterable ${py.typeName(value)} object`);
  }
  if (items.length < count) throw valueError(`not enough values to unpack (expected ${count}, got ${items.length})`);
  if (items.length > count) throw valueError(`too many values to unpack (expected ${count})`);
  return items;
}

function missingCallable(kind: 'filter' | 'test', name: string): FilterFn {
  return () => {
    throw templateRuntimeError(`No ${kind} named '${name}' found.`);
  };
}


setCaller((fn, args) => call(fn, args, null));
setPythonGetattr((obj, name) => {
  const v = attributeOf(obj, name);
  if (v === py.MISSING_ITEM) throw attributeError(`'${py.typeName(obj)}' object has no attribute '${name}'`);
  return v;
});
setAttributeLookup(attributeOf);
setTestHelpers(py.mod, (v, name) => Boolean(strMethods(py.pyStr(v), name)!([], null)));

export const RT = {
  MISSING,
  Markup,
  PyIterator,
  PyRange,
  PySlice,
  Undefined,
  TemplateReference,
  LoopContext,
  Macro,
  located,
  nested,
  step,
  unpack,
  tuple: (items: unknown[]) => tuple(items),
  dict: makeDict,
  pyFloat: (n: number) => new PyFloat(n),
  PyComplex,
  /** A name jinja2's generated Python reads but does not define: `inf` and `nan` of a folded float (see codegen's constLiteral). */
  nameError: (name: string): never => {
    throw nameError(`name '${name}' is not defined`);
  },
  undef: (name: string) => new Undefined(undefined, MISSING, name),
  condUndefined: (hint: string) => new Undefined(hint),
  str: py.pyStr,
  yielded,
  joined,
  /** A recursive loop whose function jinja2 made a generator: the loop call returns a generator. */
  generatorOf: (_iterable: unknown, qualname: string) => new PyIterator([][Symbol.iterator](), 'generator', qualname),
  escapeOutput,
  markupJoin,
  strJoin,
  markupOf: (v: unknown) => (v instanceof Markup ? v : new Markup(py.pyStr(v))),
  pyRepr: py.pyRepr,
  truthy: py.truthy,
  iterate: py.iterate,
  eq: py.eq,
  compare: py.compare,
  isIn: (item: unknown, container: unknown) => py.contains(container, item),
  add: py.add,
  sub: py.sub,
  mul: py.mul,
  div: py.truediv,
  floordiv: py.floordiv,
  mod: py.mod,
  pow: py.pow,
  neg: py.neg,
  pos: py.pos,
  slice: py.slice,
  getattr,
  getitem,
  call: (fn: unknown, args: unknown[], kwargs: Map<string, unknown> | null, context: Context) => call(fn, args, kwargs, context),
  starArgs,
  kwargs: kwargsOf,
  filter: (name: string): FilterFn => FILTERS.get(name) ?? missingCallable('filter', name),
  test: (name: string): FilterFn => TESTS.get(name) ?? missingCallable('test', name),
  setNamespaceAttr,
  checkNamespace: (v: unknown) => {
    if (!(v instanceof Namespace)) throw templateRuntimeError('cannot assign attribute on non-namespace object');
  },
  addBlock: (context: Context, name: string, block: BlockFn) => {
    const list = context.blocks.get(name);
    if (list) list.push(block);
    else context.blocks.set(name, [block]);
  },
  /** `{% from t import name %}`: the exported name, or Undefined saying the template does not export it. */
  importedName: (module: TemplateModule, name: string, position: string): unknown =>
    module.exports.has(name)
      ? module.exports.get(name)
      : new Undefined(
          `the template ${module.name === undefined ? 'None' : py.pyRepr(module.name)} (imported on ${position}) does not export the requested name '${name}'`,
          MISSING,
          name,
        ),
  isTemplateNotFound: (e: unknown) => e instanceof TemplateNotFound,
  templateRuntimeError,
};
