/**
 * What compiled templates run on (jinja2/runtime.py): the Context that holds
 * a render's variables and blocks, loops, macros, `self`/`super()`, imported
 * template modules, and jinja2's attribute and item lookup
 * (Environment.getattr/getitem) over the Python values of py.ts.
 */
import { PyDict, PyTuple, tuple, UnhashableKeyError } from '../../yaml/python.js';
import { PyException, templateRuntimeError, typeError } from './exceptions.js';
import { enter, fromStackOverflow, leave, step } from './limits.js';
import { attributeOf } from './methods.js';
import { eq, escapeHtml, getItem, iterate, len, MISSING_ITEM, pyRepr, pyStr, toList, truthy, typeName } from './py.js';
import { Markup, MISSING, PyCallable, PyIterator, Undefined, type Kwargs } from './values.js';
import type { RenderEnvironment } from './environment.js';

export type BlockFn = (context: Context) => string;

export interface EvalContext {
  autoescape: boolean;
}

/** jinja2's Context: `vars` set by the template, `parent` what it was given (globals included). */
export class Context {
  readonly vars = new Map<string, unknown>();
  readonly exportedVars = new Set<string>();
  readonly blocks = new Map<string, BlockFn[]>();
  evalCtx: EvalContext = { autoescape: false };
  constructor(
    readonly environment: RenderEnvironment,
    readonly parent: Map<string, unknown>,
    readonly name: string | undefined,
    blocks: Map<string, BlockFn>,
  ) {
    for (const [k, v] of blocks) this.blocks.set(k, [v]);
  }

  resolveOrMissing(key: string): unknown {
    const v = this.vars.get(key);
    if (v !== undefined || this.vars.has(key)) return v;
    const p = this.parent.get(key);
    if (p !== undefined || this.parent.has(key)) return p;
    return MISSING;
  }

  resolve(key: string): unknown {
    const v = this.resolveOrMissing(key);
    return v === MISSING ? new Undefined(undefined, MISSING, key) : v;
  }

  getAll(): Map<string, unknown> {
    if (!this.vars.size) return this.parent;
    if (!this.parent.size) return this.vars;
    const all = new Map(this.parent);
    for (const [k, v] of this.vars) all.set(k, v);
    return all;
  }

  getExported(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const k of this.exportedVars) out.set(k, this.vars.get(k));
    return out;
  }

  derived(locals: Map<string, unknown> | null): Context {
    const context = newContext(this.environment, this.name, new Map(), this.getAll(), true, null, locals);
    context.evalCtx = this.evalCtx;
    for (const [k, v] of this.blocks) context.blocks.set(k, [...v]);
    return context;
  }

  super(name: string, current: BlockFn): unknown {
    const blocks = this.blocks.get(name);
    const index = blocks ? blocks.indexOf(current) + 1 : 0;
    if (!blocks || index === 0 || index >= blocks.length) {
      return new Undefined(`there is no parent block called '${name}'.`, MISSING, 'super');
    }
    return new BlockReference(name, this, blocks, index);
  }
}

export function newContext(
  environment: RenderEnvironment,
  name: string | undefined,
  blocks: Map<string, BlockFn>,
  vars: Map<string, unknown> | null,
  shared: boolean,
  globals: Map<string, unknown> | null,
  locals: Map<string, unknown> | null,
): Context {
  const given = vars ?? new Map<string, unknown>();
  let parent: Map<string, unknown>;
  if (shared) parent = given;
  else {
    parent = new Map(globals ?? []);
    for (const [k, v] of given) parent.set(k, v);
  }
  if (locals && locals.size) {
    if (shared) parent = new Map(parent);
    for (const [k, v] of locals) if (v !== MISSING) parent.set(k, v);
  }
  return new Context(environment, parent, name, blocks);
}

/** `self` in a template. */
export class TemplateReference {
  readonly pyTypeName = 'TemplateReference';
  readonly pyModule = 'jinja2.runtime';
  constructor(private readonly context: Context) {}
  item(name: unknown): unknown {
    const blocks = typeof name === 'string' ? this.context.blocks.get(name) : undefined;
    return blocks ? new BlockReference(name as string, this.context, blocks, 0) : MISSING_ITEM;
  }
  get repr(): string {
    return `<TemplateReference ${this.context.name === undefined ? 'None' : pyRepr(this.context.name)}>`;
  }
}

/** One block of `self`, or `super()`: calling it renders the block. */
export class BlockReference extends PyCallable {
  readonly pyTypeName = 'BlockReference';
  readonly pyModule = 'jinja2.runtime';
  constructor(
    readonly name: string,
    private readonly context: Context,
    private readonly stack: BlockFn[],
    private readonly depth: number,
  ) {
    super();
  }
  get super(): unknown {
    if (this.depth + 1 >= this.stack.length) return new Undefined(`there is no parent block called '${this.name}'.`, MISSING, 'super');
    return new BlockReference(this.name, this.context, this.stack, this.depth + 1);
  }
  call(): unknown {
    const rv = joined(nested(() => this.stack[this.depth]!(this.context)));
    return this.context.evalCtx.autoescape ? new Markup(rv) : rv;
  }
  get repr(): string {
    return `<jinja2.runtime.BlockReference object at 0x7f0000000000>`;
  }
}

/** Run a nested render (macro, block, include) inside the depth bound. */
export function nested<T>(fn: () => T): T {
  enter();
  try {
    return fn();
  } catch (e) {
    throw fromStackOverflow(e);
  } finally {
    leave();
  }
}

type LoopRender = (iterable: unknown, render: LoopRender, depth: number) => string;

/** The `loop` variable: jinja2's LoopContext, lazy like it (`loop.last` peeks one item ahead). */
export class LoopContext extends PyCallable {
  readonly pyTypeName = 'LoopContext';
  readonly pyModule = 'jinja2.runtime';
  index0 = -1;
  private lengthCache: number | undefined;
  private after: unknown = MISSING;
  private currentItem: unknown = MISSING;
  private before: unknown = MISSING;
  private lastChanged: unknown = MISSING;
  private iterator: Iterator<unknown>;

  constructor(
    private readonly iterable: unknown,
    private readonly recurse: LoopRender | null = null,
    readonly depth0 = 0,
  ) {
    super();
    this.iterator = iterate(iterable)[Symbol.iterator]();
  }

  get length(): number {
    if (this.lengthCache !== undefined) return this.lengthCache;
    try {
      this.lengthCache = len(this.iterable);
    } catch {
      const rest: unknown[] = [];
      for (let r = this.iterator.next(); !r.done; r = this.iterator.next()) rest.push(r.value);
      this.iterator = rest[Symbol.iterator]();
      this.lengthCache = rest.length + this.index + (this.after !== MISSING ? 1 : 0);
    }
    return this.lengthCache;
  }
  get depth(): number {
    return this.depth0 + 1;
  }
  get index(): number {
    return this.index0 + 1;
  }
  get revindex0(): number {
    return this.length - this.index;
  }
  get revindex(): number {
    return this.length - this.index0;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  private peekNext(): unknown {
    if (this.after !== MISSING) return this.after;
    const r = this.iterator.next();
    this.after = r.done ? MISSING : r.value;
    return this.after;
  }
  get last(): boolean {
    return this.peekNext() === MISSING;
  }
  get previtem(): unknown {
    return this.first ? new Undefined('there is no previous item') : this.before;
  }
  get nextitem(): unknown {
    const rv = this.peekNext();
    return rv === MISSING ? new Undefined('there is no next item') : rv;
  }
  cycle(args: unknown[]): unknown {
    if (!args.length) throw typeError('no items for cycling given');
    return args[this.index0 % args.length];
  }
  changed(args: unknown[]): boolean {
    const value = tuple(args);
    if (this.lastChanged === MISSING || !eq(this.lastChanged, value)) {
      this.lastChanged = value;
      return true;
    }
    return false;
  }
  /** The next item, or MISSING at the end. */
  next(): unknown {
    let rv: unknown;
    if (this.after !== MISSING) {
      rv = this.after;
      this.after = MISSING;
    } else {
      const r = this.iterator.next();
      if (r.done) return MISSING;
      rv = r.value;
    }
    this.index0++;
    this.before = this.currentItem;
    this.currentItem = rv;
    return rv;
  }
  call(args: unknown[]): unknown {
    if (!this.recurse) throw typeError("The loop must have the 'recursive' marker to be called recursively.");
    if (args.length !== 1) throw typeError(`LoopContext.__call__() takes 2 positional arguments but ${args.length + 1} were given`);
    return this.recurse(args[0], this.recurse, this.depth);
  }
  get repr(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}

/** A macro or call block: Python-style arguments bound to the compiled function. */
export class Macro extends PyCallable {
  readonly pyTypeName = 'Macro';
  readonly pyModule = 'jinja2.runtime';
  readonly explicitCaller: boolean;
  constructor(
    private readonly fn: (...args: unknown[]) => string,
    readonly name: string | null,
    readonly argNames: string[],
    readonly catchKwargs: boolean,
    readonly catchVarargs: boolean,
    readonly caller: boolean,
    /** Autoescaping where the macro was defined, for calls that do not come from a template. */
    private readonly autoescape = false,
    /** The function's qualname when jinja2 made it a generator function (see codegen.ts): a call returns a generator. */
    private readonly generator: string | null = null,
  ) {
    super();
    this.explicitCaller = argNames.includes('caller');
  }

  call(args: unknown[], kwargs: Kwargs | null, context?: Context): unknown {
    const rest = kwargs ? new Map(kwargs) : new Map<string, unknown>();
    const count = this.argNames.length;
    const values = args.slice(0, count);
    let foundCaller = false;
    if (values.length !== count) {
      for (const name of this.argNames.slice(values.length)) {
        const v = rest.has(name) ? rest.get(name) : MISSING;
        rest.delete(name);
        if (name === 'caller') foundCaller = true;
        values.push(v);
      }
    } else {
      foundCaller = this.explicitCaller;
    }
    if (this.caller && !foundCaller) {
      const caller = rest.get('caller');
      rest.delete('caller');
      values.push(caller === undefined || caller === null ? new Undefined('No caller defined', MISSING, 'caller') : caller);
    }
    if (this.catchKwargs) values.push(new PyDict(rest));
    else if (rest.size) {
      if (rest.has('caller')) throw typeError(`macro '${this.name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
      throw typeError(`macro '${this.name}' takes no keyword argument '${rest.keys().next().value}'`);
    }
    if (this.catchVarargs) values.push(tuple(args.slice(count)));
    else if (args.length > count) throw typeError(`macro '${this.name}' takes not more than ${count} argument(s)`);
    step(0);
    if (this.generator !== null) return new PyIterator([][Symbol.iterator](), 'generator', this.generator);
    const rv = nested(() => this.fn(...values));
    return truthy(context ? context.evalCtx.autoescape : this.autoescape) ? new Markup(rv) : rv;
  }

  get repr(): string {
    return `<Macro ${this.name === null ? 'anonymous' : pyRepr(this.name)}>`;
  }
}

/** An imported template: its exported names as attributes, its output as its str(). */
export class TemplateModule {
  readonly pyTypeName = 'TemplateModule';
  readonly pyModule = 'jinja2.environment';
  readonly exports: Map<string, unknown>;
  readonly body: string;
  constructor(
    readonly name: string | undefined,
    context: Context,
    root: (context: Context) => string,
  ) {
    this.body = nested(() => root(context));
    this.exports = context.getExported();
  }
  /** Its str(): the body joined (the body itself is what `include ... without context` streams on). */
  get str(): string {
    return joined(this.body);
  }
  get repr(): string {
    return `<TemplateModule ${this.name === undefined ? 'memory:7f0000000000' : pyRepr(this.name)}>`;
  }
}

/** `namespace()`: attributes set with `{% set ns.x = ... %}`. */
export class Namespace {
  readonly pyTypeName = 'Namespace';
  readonly pyModule = 'jinja2.utils';
  readonly attrs: PyDict;
  constructor(attrs: PyDict) {
    this.attrs = attrs;
  }
  get repr(): string {
    return `<Namespace ${pyRepr(this.attrs)}>`;
  }
}

/** Assign `ns.attr = value`: only a Namespace accepts it. */
export function setNamespaceAttr(ns: unknown, attr: string, value: unknown): void {
  if (!(ns instanceof Namespace)) throw templateRuntimeError('cannot assign attribute on non-namespace object');
  ns.attrs.set(attr, value);
}

/** `cycler(*items)`. */
export class Cycler {
  readonly pyTypeName = 'Cycler';
  readonly pyModule = 'jinja2.utils';
  pos = 0;
  constructor(readonly items: unknown[]) {
    if (!items.length) throw new PyException('RuntimeError', 'at least one item has to be provided');
  }
  get current(): unknown {
    return this.items[this.pos];
  }
  next(): unknown {
    const rv = this.current;
    this.pos = (this.pos + 1) % this.items.length;
    return rv;
  }
}

/** `joiner(sep)`: '' the first time it is called, `sep` after. */
export class Joiner extends PyCallable {
  readonly pyTypeName = 'Joiner';
  readonly pyModule = 'jinja2.utils';
  used = false;
  constructor(readonly sep: unknown) {
    super();
  }
  call(): unknown {
    if (!this.used) {
      this.used = true;
      return '';
    }
    return this.sep;
  }
  get repr(): string {
    return '<jinja2.utils.Joiner object at 0x7f0000000000>';
  }
}

// ------------------------------------------------------------------ lookups

/** jinja2's Environment.getattr: the attribute first, then the item. */
export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) obj.fail();
  const attr = attributeOf(obj, name);
  if (attr !== MISSING_ITEM) return attr;
  const item = itemOf(obj, name);
  return item !== MISSING_ITEM ? item : new Undefined(undefined, obj, name);
}

/** jinja2's Environment.getitem: the item first, then (for a string key) the attribute. */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) obj.fail();
  let item: unknown = MISSING_ITEM;
  try {
    item = itemOf(obj, key);
  } catch (e) {
    if (!(e instanceof PyException) || (e.pyType !== 'TypeError' && e.pyType !== 'KeyError' && e.pyType !== 'IndexError')) throw e;
  }
  if (item !== MISSING_ITEM) return item;
  if (typeof key === 'string') {
    const attr = attributeOf(obj, key);
    if (attr !== MISSING_ITEM) return attr;
  }
  return new Undefined(undefined, obj, key);
}

/** `obj[key]`, MISSING_ITEM where Python raises a lookup or type error. */
function itemOf(obj: unknown, key: unknown): unknown {
  if (obj instanceof TemplateReference) return obj.item(key);
  if (obj instanceof PyDict) {
    try {
      return getItem(obj, key);
    } catch {
      return MISSING_ITEM;
    }
  }
  try {
    return getItem(obj, key);
  } catch {
    return MISSING_ITEM;
  }
}

/** `context.call(obj, *args, **kwargs)`. */
export function call(obj: unknown, args: unknown[], kwargs: Kwargs | null, context?: Context): unknown {
  if (obj instanceof PyCallable) return obj.call(args, kwargs, context);
  if (obj instanceof Undefined) obj.fail();
  throw typeError(`'${typeName(obj)}' object is not callable`);
}

/** `f(*x)`: the items of any iterable. */
export function starArgs(v: unknown): unknown[] {
  if (v instanceof Undefined) return [];
  return toList(v);
}

/** `f(**x)`: a mapping with string keys, merged after the explicit keywords. */
export function kwargsOf(explicit: [string, unknown][], dyn: unknown): Kwargs | null {
  if (!explicit.length && dyn === undefined) return null;
  const out = new Map<string, unknown>(explicit);
  if (dyn !== undefined && !(dyn instanceof Undefined)) {
    if (!(dyn instanceof PyDict)) throw typeError(`argument after ** must be a mapping, not ${typeName(dyn)}`);
    for (const [k, v] of dyn.items()) {
      if (typeof k !== 'string') throw typeError('keywords must be strings');
      if (out.has(k)) throw typeError(`got multiple values for keyword argument '${k}'`);
      out.set(k, v);
    }
  }
  return out;
}

/** The value of a dict literal. */
export function makeDict(pairs: [unknown, unknown][]): PyDict {
  const d = new PyDict();
  for (const [k, v] of pairs) d.set(k, v);
  return d;
}

/** `concat` for `~` without autoescape: str() of each. */
export function strJoin(items: unknown[]): string {
  let out = '';
  for (const x of items) out += pyStr(x);
  return out;
}

/** `~` with autoescape: Markup as soon as one operand is Markup. */
export function markupJoin(items: unknown[]): string | Markup {
  if (!items.some((x) => x instanceof Markup)) return strJoin(items);
  let out = '';
  for (const x of items) out += x instanceof Markup ? x.value : escapeHtml(pyStr(x));
  return new Markup(out);
}

/** markupsafe.escape(): the HTML-safe Markup of a value. */
export function escape(v: unknown): Markup {
  if (v instanceof Markup) return v;
  return new Markup(escapeHtml(pyStr(v)));
}


/**
 * jinja2 yields a call block's, filter block's or recursive loop's value into
 * the output as it is, and the output is joined (`''.join`) only when the
 * template, macro, `self` block, set block or filter block holding it is
 * done: a value that is not a str fails there, after the rest of that output
 * has run, so an error raised later in it wins. tht appends to strings, so
 * such a value leaves a marker in the buffer and its error waits in
 * `unjoinable` until a join (`joined`) finds the marker.
 */
const JOIN_MARK = `\u0000tht-unjoinable-${Math.random().toString(36).slice(2)}:`;
let unjoinable: PyException[] = [];

/** A value yielded into the output as it is (not through str()). */
export function yielded(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Markup) return v.value;
  // Python's message numbers the item; tht's string buffers do not keep jinja2's item boundaries.
  unjoinable.push(typeError(`sequence item: expected str instance, ${typeName(v)} found`));
  return `${JOIN_MARK}${unjoinable.length - 1}\u0000`;
}

/** jinja2's concat() of an output: the buffer, or the error of the first value in it that is not a str. */
export function joined(buffer: string): string {
  if (unjoinable.length === 0) return buffer;
  const at = buffer.indexOf(JOIN_MARK);
  if (at < 0) return buffer;
  throw unjoinable[parseInt(buffer.slice(at + JOIN_MARK.length), 10)]!;
}

/** A top-level render: the whole output joined, with no value of an earlier render waiting. */
export function joinedRender(render: () => string): string {
  unjoinable = [];
  try {
    return joined(render());
  } finally {
    unjoinable = [];
  }
}

/** Where an error happened: set once by the innermost template function it passes through. */
export function located(e: unknown, template: string | undefined, line: number, column: number): unknown {
  const error = e instanceof UnhashableKeyError ? typeError(e.message) : fromStackOverflow(e);
  if (error instanceof PyException && !error.position) error.position = { template, line, column };
  return error;
}

/** Output of `{{ x }}` when autoescape is on. */
export function escapeOutput(v: unknown): string {
  return escape(v).value;
}


/** The positional items a macro's varargs or a tuple give (for PyTuple checks in filters). */
export const isTuple = (v: unknown): v is PyTuple => v instanceof PyTuple;
