/**
 * Compiles a template tree to JavaScript, visitor for visitor as jinja2's
 * CodeGenerator (jinja2/compiler.py) compiles it to Python: the same frames
 * and identifier aliasing (so scoping is jinja2's), the same function
 * boundaries (root, blocks, macros, loop filters, recursive loops), and the
 * same line bookkeeping, so that a runtime error is reported at the line
 * jinja2's traceback would name. Every function appends to a string buffer
 * where jinja2's yields; the result is identical.
 */
import { PyDict, PyFloat, PyTuple } from '../../yaml/python.js';
import { TemplateSyntaxError } from './exceptions.js';
import { FILTER_NAMES, TEST_NAMES } from './builtins.js';
import type * as N from './nodes.js';
import { children, descendants } from './nodes.js';
import { Symbols } from './symbols.js';
import { asConst, FOLDED_KINDS, IMPOSSIBLE, optimize } from './optimizer.js';
import { PyException } from './exceptions.js';
import { pyStr } from './py.js';
import { escape } from './runtime.js';
import { Markup, PyRange } from './values.js';
import { PyComplex } from './complex.js';

interface EvalCtx {
  autoescape: boolean;
  volatile: boolean;
}

class Frame {
  symbols: Symbols;
  buffer: string | null;
  block: string | null;
  requireOutputCheck: boolean;
  toplevel = false;
  rootlevel = false;
  loopFrame = false;
  blockFrame = false;
  softFrame = false;

  constructor(
    public evalCtx: EvalCtx,
    readonly parent: Frame | null = null,
    level?: number,
  ) {
    if (parent) {
      this.symbols = new Symbols(parent.symbols, level);
      this.requireOutputCheck = parent.requireOutputCheck;
      this.buffer = parent.buffer;
      this.block = parent.block;
    } else {
      this.symbols = new Symbols(null, level);
      this.requireOutputCheck = false;
      this.buffer = null;
      this.block = null;
    }
  }

  copy(): Frame {
    const rv = Object.create(Frame.prototype) as Frame;
    Object.assign(rv, this);
    rv.symbols = this.symbols.copy();
    return rv;
  }

  inner(): Frame {
    return new Frame(this.evalCtx, this);
  }

  soft(): Frame {
    const rv = this.copy();
    rv.rootlevel = false;
    rv.softFrame = true;
    return rv;
  }
}

class CompilerExit extends Error {}

interface FunctionScope {
  lines: string[];
  locals: Set<string>;
  indent: number;
  /** The Python function jinja2 would generate: root, block_x, or a nested macro/loop (its __qualname__). */
  qualname: string;
  /**
   * jinja2 compiles `{% include ... without context %}` to `yield from`, even
   * inside a macro, which turns that macro into a generator function: calling
   * it returns a generator and runs nothing. Set when that happens here.
   */
  generator: boolean;
}

/** jinja2's `find_undeclared`: which of `names` are read before being assigned (not looking into blocks). */
function findUndeclared(nodes: N.Node[], names: string[]): Set<string> {
  const wanted = new Set(names);
  const undeclared = new Set<string>();
  const visit = (node: N.Node): boolean => {
    if (node.kind === 'Name') {
      if (node.ctx === 'load' && wanted.has(node.name)) {
        undeclared.add(node.name);
        if (undeclared.size === wanted.size) return false;
      } else wanted.delete(node.name);
      return true;
    }
    if (node.kind === 'Block') return true;
    for (const child of children(node)) if (!visit(child)) return false;
    return true;
  };
  for (const n of nodes) if (!visit(n)) break;
  return undeclared;
}


const js = (v: string) => JSON.stringify(v);

export class CodeGenerator {
  private readonly blocks = new Map<string, N.BlockNode>();
  private extendsSoFar = 0;
  private hasKnownExtends = false;
  /**
   * Whether the template has a scoped block, or a name `loop` assigned to:
   * the only nodes a for loop looks for among all those below it, so without
   * them no loop needs the list.
   */
  private loopLooksBelow = false;
  private lastIdentifier = 0;
  private readonly assignStack: Set<string>[] = [];
  private readonly paramDefBlock: Set<string>[] = [];
  private readonly functions: FunctionScope[] = [];
  /** Positions table: index -> [line, column]; `$p` in each function holds an index. */
  private readonly positions: [number, number][] = [[1, 1]];
  private readonly positionIndex = new Map<string, number>([['1:1', 0]]);
  private pending: [number, number] | null = null;
  private lastLine = 0;
  private current = 0;
  private readonly filtersUsed = new Map<string, string>();
  private readonly testsUsed = new Map<string, string>();

  constructor(
    /** jinja2's template name (None for the top template), which messages show. */
    private readonly name: string | undefined,
    /** The file, where errors are reported. */
    private readonly path: string,
  ) {}

  private fail(message: string, node: { line: number; column: number }): never {
    throw new TemplateSyntaxError(message, node.line, node.column, this.path, 'TemplateAssertionError');
  }

  private tmp(): string {
    return `t_${++this.lastIdentifier}`;
  }

  // -- writing

  private get fn(): FunctionScope {
    return this.functions[this.functions.length - 1]!;
  }

  /** jinja2's `newline(node)`: the next code line maps to this node's line. */
  private mark(node?: { line: number; column: number } | null): void {
    if (node && node.line !== this.lastLine) {
      this.pending = [node.line, node.column];
      this.lastLine = node.line;
    }
  }

  /** A new code line (a statement); it records where it is for error messages. */
  private line(code: string, node?: { line: number; column: number } | null): void {
    this.mark(node);
    if (this.pending) {
      const key = `${this.pending[0]}:${this.pending[1]}`;
      let index = this.positionIndex.get(key);
      if (index === undefined) {
        index = this.positions.length;
        this.positions.push(this.pending);
        this.positionIndex.set(key, index);
      }
      this.current = index;
      this.pending = null;
    }
    this.fn.lines.push(`${'  '.repeat(this.fn.indent)}$p=${this.current};${code}`);
  }

  /** A line with no position update (braces). */
  private raw(code: string): void {
    this.fn.lines.push(`${'  '.repeat(this.fn.indent)}${code}`);
  }

  private indent(): void {
    this.fn.indent++;
  }
  private outdent(n = 1): void {
    this.fn.indent -= n;
  }

  private local(id: string): string {
    this.fn.locals.add(id);
    return id;
  }

  private beginFunction(name: string): void {
    const qualname = this.functions.length ? `${this.fn.qualname}.<locals>.${name}` : name;
    this.functions.push({ lines: [], locals: new Set(), indent: 1, qualname, generator: false });
  }

  /** The body of the innermost function, wrapped so errors get this function's position. */
  private endFunction(header: string, params: string[] = []): string {
    const f = this.functions.pop()!;
    for (const p of params) f.locals.delete(p);
    const decls = f.locals.size ? `  let ${[...f.locals].join(', ')};\n` : '';
    return (
      `${header} {\n  let $p=0;\n${decls}  try {\n${f.lines.join('\n')}\n  } catch ($e) { throw rt.located($e, ${js(this.path)}, POS[$p][0], POS[$p][1]); }\n}`
    );
  }

  private get nameLiteral(): string {
    return this.name === undefined ? 'undefined' : js(this.name);
  }

  private write(frame: Frame, expr: string, node?: { line: number; column: number } | null): void {
    this.line(`${frame.buffer} += ${expr};`, node);
  }

  private buffer(frame: Frame): void {
    frame.buffer = this.local(this.tmp());
    this.line(`${frame.buffer} = '';`);
  }

  /** jinja2's `return concat(buffer)` of a macro or recursive loop, at the last line marked before it. */
  private returnBuffer(frame: Frame, forceUnescaped = false): void {
    const joined = `rt.joined(${frame.buffer})`;
    if (!forceUnescaped) {
      if (frame.evalCtx.volatile) {
        this.line(`return context.evalCtx.autoescape ? new rt.Markup(${joined}) : ${joined};`);
        return;
      }
      if (frame.evalCtx.autoescape) {
        this.line(`return new rt.Markup(${joined});`);
        return;
      }
    }
    this.line(`return ${joined};`);
  }

  private blockvisit(nodes: N.Stmt[], frame: Frame): void {
    try {
      for (const node of nodes) this.visitStmt(node, frame);
    } catch (e) {
      if (!(e instanceof CompilerExit)) throw e;
    }
  }

  private enterFrame(frame: Frame): void {
    const undefs: string[] = [];
    for (const [target, [action, param]] of frame.symbols.loads) {
      this.local(target);
      if (action === 'resolve') this.line(`${target} = context.resolveOrMissing(${js(param)});`);
      else if (action === 'alias') this.line(`${target} = ${param};`);
      else if (action === 'undefined') undefs.push(target);
    }
    if (undefs.length) this.line(`${undefs.join(' = ')} = M;`);
  }

  private leaveFrame(frame: Frame, withPythonScope = false): void {
    if (withPythonScope) return;
    const undefs = [...frame.symbols.loads.keys()];
    if (undefs.length) this.line(`${undefs.join(' = ')} = M;`);
  }

  private dumpLocalContext(frame: Frame): string {
    const items = [...frame.symbols.dumpStores()].map(([name, target]) => `[${js(name)}, ${target}]`);
    return items.length ? `new Map([${items.join(', ')}])` : 'null';
  }

  private deriveContext(frame: Frame): string {
    return `context.derived(${this.dumpLocalContext(frame)})`;
  }

  private position(node: { line: number }): string {
    return this.name === undefined ? `line ${node.line}` : `line ${node.line} in '${this.name}'`;
  }

  private pushAssignTracking(): void {
    this.assignStack.push(new Set());
  }

  private popAssignTracking(frame: Frame): void {
    const vars = this.assignStack.pop()!;
    if ((!frame.blockFrame && !frame.loopFrame && !frame.toplevel) || !vars.size) return;
    // Loop and block frames keep their sets out of the context (jinja2 passes them
    // only to context-taking callables, which this environment has none of).
    if (frame.loopFrame || frame.blockFrame) return;
    for (const name of [...vars].sort()) this.line(`context.vars.set(${js(name)}, ${frame.symbols.ref(name)});`);
    for (const name of [...vars].sort()) if (!name.startsWith('_')) this.line(`context.exportedVars.add(${js(name)});`);
  }

  // -- the template

  compile(template: N.Template): string {
    const evalCtx: EvalCtx = { autoescape: false, volatile: false };
    const all = descendants(template);
    const haveExtends = all.some((n) => n.kind === 'Extends');
    this.loopLooksBelow = all.some((n) => (n.kind === 'Block' && n.scoped) || (n.kind === 'Name' && n.ctx === 'store' && n.name === 'loop'));
    for (const node of all) {
      if (node.kind !== 'Block') continue;
      if (this.blocks.has(node.name)) this.fail(`block '${node.name}' defined twice`, node);
      this.blocks.set(node.name, node);
    }

    this.beginFunction('root');
    const frame = new Frame(evalCtx);
    frame.buffer = this.local('$out');
    this.line(`$out = '';`);
    this.line(`${this.local('environment')} = context.environment;`);
    if (findUndeclared(template.body, ['self']).has('self')) {
      const ref = this.local(frame.symbols.declareParameter('self'));
      this.line(`${ref} = new rt.TemplateReference(context);`);
    }
    frame.symbols.analyzeNode(template);
    frame.toplevel = frame.rootlevel = true;
    frame.requireOutputCheck = haveExtends && !this.hasKnownExtends;
    if (haveExtends) this.line(`${this.local('parent_template')} = null;`);
    this.enterFrame(frame);
    this.blockvisit(template.body, frame);
    if (haveExtends) {
      if (!this.hasKnownExtends) this.line('if (parent_template !== null) $out += rt.nested(() => parent_template.root(context));');
      else this.line('$out += rt.nested(() => parent_template.root(context));');
    }
    this.line('return $out;');
    const root = this.endFunction('function root(context)');

    const blockFns: string[] = [];
    for (const [name, block] of this.blocks) {
      this.beginFunction(`block_${name}`);
      this.mark(block);
      const blockFrame = new Frame(evalCtx);
      blockFrame.blockFrame = true;
      blockFrame.buffer = this.local('$out');
      this.line(`$out = '';`);
      this.line(`${this.local('environment')} = context.environment;`);
      const undeclared = findUndeclared(block.body, ['self', 'super']);
      if (undeclared.has('self')) this.line(`${this.local(blockFrame.symbols.declareParameter('self'))} = new rt.TemplateReference(context);`);
      if (undeclared.has('super')) this.line(`${this.local(blockFrame.symbols.declareParameter('super'))} = context.super(${js(name)}, block_${name});`);
      blockFrame.symbols.analyzeNode(block);
      blockFrame.block = name;
      this.enterFrame(blockFrame);
      this.blockvisit(block.body, blockFrame);
      this.line('return $out;');
      blockFns.push(this.endFunction(`function block_${name}(context)`));
    }

    const filters = [...this.filtersUsed].map(([name, id]) => `const ${id} = rt.filter(${js(name)});`);
    const tests = [...this.testsUsed].map(([name, id]) => `const ${id} = rt.test(${js(name)});`);
    return [
      `const M = rt.MISSING;`,
      `const POS = ${JSON.stringify(this.positions)};`,
      ...filters,
      ...tests,
      root,
      ...blockFns,
      `return { root, blocks: new Map([${[...this.blocks.keys()].map((n) => `[${js(n)}, block_${n}]`).join(', ')}]) };`,
    ].join('\n');
  }

  // -- statements

  private visitStmt(node: N.Stmt, frame: Frame): void {
    switch (node.kind) {
      case 'Output': return this.visitOutput(node, frame);
      case 'Extends': return this.visitExtends(node, frame);
      case 'For': return this.visitFor(node, frame);
      case 'If': return this.visitIf(node, frame);
      case 'Macro': return this.visitMacro(node, frame);
      case 'CallBlock': return this.visitCallBlock(node, frame);
      case 'FilterBlock': return this.visitFilterBlock(node, frame);
      case 'With': return this.visitWith(node, frame);
      case 'Block': return this.visitBlock(node, frame);
      case 'Include': return this.visitInclude(node, frame);
      case 'Import': return this.visitImport(node, frame);
      case 'FromImport': return this.visitFromImport(node, frame);
      case 'Assign': return this.visitAssign(node, frame);
      case 'AssignBlock': return this.visitAssignBlock(node, frame);
      case 'Scope': return this.visitScope(node, frame);
      case 'ScopedEvalContextModifier': return this.visitEvalContextModifier(node, frame);
    }
  }

  private visitBlock(node: N.BlockNode, frame: Frame): void {
    let level = 0;
    if (frame.toplevel) {
      if (this.hasKnownExtends) return;
      if (this.extendsSoFar > 0) {
        this.raw('if (parent_template === null) {');
        this.indent();
        level++;
      }
    }
    const context = node.scoped ? this.deriveContext(frame) : 'context';
    if (node.required) {
      this.line(`if (context.blocks.get(${js(node.name)}).length <= 1) throw rt.templateRuntimeError(${js(`Required block '${node.name}' not found`)});`, node);
    }
    this.write(frame, `context.blocks.get(${js(node.name)})[0](${context})`, node);
    for (; level > 0; level--) {
      this.outdent();
      this.raw('}');
    }
  }

  private visitExtends(node: Extract<N.Stmt, { kind: 'Extends' }>, frame: Frame): void {
    if (!frame.toplevel) this.fail('cannot use extend from a non top-level scope', node);
    if (this.extendsSoFar > 0) {
      if (!this.hasKnownExtends) {
        this.raw('if (parent_template !== null) {');
        this.indent();
      }
      this.line(`throw rt.templateRuntimeError("extended multiple times");`);
      if (this.hasKnownExtends) throw new CompilerExit();
      this.outdent();
      this.raw('}');
    }
    this.line(`parent_template = environment.getTemplate(${this.expr(node.template, frame)}, ${this.nameLiteral});`, node);
    this.line('for (const [name, block] of parent_template.blocks) rt.addBlock(context, name, block);');
    if (frame.rootlevel) this.hasKnownExtends = true;
    this.extendsSoFar++;
  }

  private visitInclude(node: Extract<N.Stmt, { kind: 'Include' }>, frame: Frame): void {
    let fn = 'getOrSelectTemplate';
    const t = node.template;
    if (t.kind === 'Const' && typeof t.value === 'string') fn = 'getTemplate';
    else if (t.kind === 'Tuple' || t.kind === 'List') fn = 'selectTemplate';
    const template = this.local(this.tmp());
    if (node.ignoreMissing) {
      this.line(`${template} = null;`);
      this.line(`try { ${template} = environment.${fn}(${this.expr(t, frame)}, ${this.nameLiteral}); } catch ($x) { if (!(rt.isTemplateNotFound($x))) throw $x; }`, node);
      this.raw(`if (${template} !== null) {`);
      this.indent();
    } else {
      this.line(`${template} = environment.${fn}(${this.expr(t, frame)}, ${this.nameLiteral});`, node);
    }
    if (node.withContext) {
      this.write(frame, `rt.nested(() => ${template}.root(${template}.newContext(context.getAll(), true, ${this.dumpLocalContext(frame)})))`);
    } else if (this.functions.length === 1) {
      // `yield from` goes to the root or block function's own output, past any filter or set block buffer.
      this.line(`$out += ${template}.defaultModule().body;`);
    } else {
      this.fn.generator = true;
    }
    if (node.ignoreMissing) {
      this.outdent();
      this.raw('}');
    }
  }

  private importCommon(node: { template: N.Expr; withContext: boolean }, frame: Frame): string {
    const template = `environment.getTemplate(${this.expr(node.template, frame)}, ${this.nameLiteral})`;
    if (node.withContext) return `${template}.makeModule(context.getAll(), true, ${this.dumpLocalContext(frame)})`;
    return `${template}.defaultModule()`;
  }

  private visitImport(node: Extract<N.Stmt, { kind: 'Import' }>, frame: Frame): void {
    const ref = this.local(frame.symbols.ref(node.target));
    const value = this.importCommon(node, frame);
    if (frame.toplevel) {
      this.line(`${ref} = ${value}; context.vars.set(${js(node.target)}, ${ref});`, node);
      if (!node.target.startsWith('_')) this.line(`context.exportedVars.delete(${js(node.target)});`);
    } else {
      this.line(`${ref} = ${value};`, node);
    }
  }

  private visitFromImport(node: Extract<N.Stmt, { kind: 'FromImport' }>, frame: Frame): void {
    const module = this.local(this.tmp());
    this.line(`${module} = ${this.importCommon(node, frame)};`, node);
    const varNames: string[] = [];
    const discarded: string[] = [];
    for (const [name, alias] of node.names) {
      const ref = this.local(frame.symbols.ref(alias));
      this.line(`${ref} = rt.importedName(${module}, ${js(name)}, ${js(this.position(node))});`);
      if (frame.toplevel) {
        varNames.push(alias);
        if (!alias.startsWith('_')) discarded.push(alias);
      }
    }
    for (const name of varNames) this.line(`context.vars.set(${js(name)}, ${frame.symbols.ref(name)});`);
    for (const name of discarded) this.line(`context.exportedVars.delete(${js(name)});`);
  }

  private assignTarget(target: N.Expr, frame: Frame, value: string): void {
    if (target.kind === 'Name') {
      this.trackStore(target, frame);
      this.line(`${this.local(frame.symbols.ref(target.name))} = ${value};`);
    } else if (target.kind === 'NSRef') {
      this.line(`rt.setNamespaceAttr(${frame.symbols.ref(target.name)}, ${js(target.attr)}, ${value});`);
    } else if (target.kind === 'Tuple') {
      const parts = this.local(this.tmp());
      this.line(`${parts} = rt.unpack(${value}, ${target.items.length});`);
      target.items.forEach((item, i) => this.assignTarget(item, frame, `${parts}[${i}]`));
    }
  }

  private trackStore(node: N.NameNode, frame: Frame): void {
    if (node.ctx === 'store' && (frame.toplevel || frame.loopFrame || frame.blockFrame) && this.assignStack.length) {
      this.assignStack[this.assignStack.length - 1]!.add(node.name);
    }
  }

  /** The value a loop target takes per item, for re-yielding from a loop filter. */
  private targetValue(target: N.Expr, frame: Frame): string {
    if (target.kind === 'Name') return frame.symbols.ref(target.name);
    if (target.kind === 'Tuple') return `rt.tuple([${target.items.map((t) => this.targetValue(t, frame)).join(', ')}])`;
    return 'undefined';
  }

  private visitFor(node: N.ForNode, frame: Frame): void {
    const loopFrame = frame.inner();
    loopFrame.loopFrame = true;
    const testFrame = frame.inner();
    const elseFrame = frame.inner();
    const below = this.loopLooksBelow ? descendants(node) : [];
    const extendedLoop = node.recursive || findUndeclared(node.body, ['loop']).has('loop') || below.some((n) => n.kind === 'Block' && n.scoped);
    let loopRef: string | null = null;
    if (extendedLoop) loopRef = loopFrame.symbols.declareParameter('loop');
    loopFrame.symbols.analyzeNode(node, 'body');
    if (node.else_.length) elseFrame.symbols.analyzeNode(node, 'else');

    let filterFunc: string | null = null;
    if (node.test) {
      filterFunc = this.local(this.tmp());
      testFrame.symbols.analyzeNode(node, 'test');
      this.mark(node.test);
      this.beginFunction(filterFunc);
      this.enterFrame(testFrame);
      const item = this.local('$item');
      this.raw(`for (${item} of rt.iterate(fiter)) {`);
      this.indent();
      this.assignLoopTarget(node.target, loopFrame, item);
      this.line(`if (rt.truthy(${this.expr(node.test, testFrame)})) yield ${this.targetValue(node.target, loopFrame)};`, node.test);
      this.outdent();
      this.raw('}');
      this.leaveFrame(testFrame, true);
      const body = this.endFunction('function* (fiter)', ['fiter']);
      this.line(`${filterFunc} = ${body};`);
    }

    let recursiveHeader = false;
    if (node.recursive) {
      this.mark(node);
      this.beginFunction('loop');
      recursiveHeader = true;
      this.buffer(loopFrame);
      elseFrame.buffer = loopFrame.buffer;
    }
    if (extendedLoop) this.line(`${this.local(loopRef!)} = M;`);
    for (const n of below) {
      if (n.kind === 'Name' && n.ctx === 'store' && n.name === 'loop') this.fail("Can't assign to special loop variable in for-loop target", n);
    }
    let indicator: string | null = null;
    if (node.else_.length) {
      indicator = this.local(this.tmp());
      this.line(`${indicator} = 1;`);
    }
    let source = node.recursive ? 'reciter' : this.expr(node.iter, frame);
    if (filterFunc) source = `new rt.PyIterator(${filterFunc}(${source}))`;
    const item = this.local(this.tmp());
    if (extendedLoop) {
      const loop = this.local(this.tmp());
      this.line(`${loop} = new rt.LoopContext(${source}, ${node.recursive ? 'loop_render_func, depth' : 'null, 0'});`, node);
      this.raw(`while ((${item} = ${loop}.next()) !== M) {`);
      this.indent();
      this.assignLoopTarget(node.target, loopFrame, item);
      this.line(`${loopRef} = ${loop};`);
    } else {
      this.line(`for (${item} of rt.iterate(${source})) {`, node);
      this.indent();
      this.assignLoopTarget(node.target, loopFrame, item);
    }
    this.line(`rt.step(${loopFrame.buffer}.length);`);
    this.enterFrame(loopFrame);
    this.blockvisit(node.body, loopFrame);
    if (indicator) this.line(`${indicator} = 0;`);
    this.outdent();
    this.raw('}');
    this.leaveFrame(loopFrame, node.recursive && !node.else_.length);
    if (indicator) {
      this.raw(`if (${indicator}) {`);
      this.indent();
      this.enterFrame(elseFrame);
      this.blockvisit(node.else_, elseFrame);
      this.leaveFrame(elseFrame);
      this.outdent();
      this.raw('}');
    }
    if (recursiveHeader) {
      this.returnBuffer(loopFrame);
      const generator = this.fn.generator ? this.fn.qualname : null;
      const fnCode = this.endFunction('function (reciter, loop_render_func, depth = 0)', ['reciter', 'loop_render_func', 'depth']);
      const loopFn = this.local(this.tmp());
      this.line(`${loopFn} = ${fnCode};`);
      if (generator) this.write(frame, `rt.yielded(rt.generatorOf(${this.expr(node.iter, frame)}, ${js(generator)}))`, node);
      else this.write(frame, `rt.yielded(rt.nested(() => ${loopFn}(${this.expr(node.iter, frame)}, ${loopFn}, 0)))`, node);
    }
    if (this.assignStack.length) {
      const top = this.assignStack[this.assignStack.length - 1]!;
      for (const s of loopFrame.symbols.stores) top.delete(s);
    }
  }

  private assignLoopTarget(target: N.Expr, loopFrame: Frame, item: string): void {
    if (target.kind === 'Name') {
      this.line(`${this.local(loopFrame.symbols.ref(target.name))} = ${item};`);
      return;
    }
    this.assignTarget(target, loopFrame, item);
  }

  private visitIf(node: N.IfNode, frame: Frame): void {
    const ifFrame = frame.soft();
    this.line(`if (rt.truthy(${this.expr(node.test, ifFrame)})) {`, node);
    this.indent();
    this.blockvisit(node.body, ifFrame);
    this.outdent();
    let closes = 0;
    for (const elif of node.elif) {
      this.raw('} else {');
      this.indent();
      closes++;
      this.line(`if (rt.truthy(${this.expr(elif.test, ifFrame)})) {`, elif);
      this.indent();
      this.blockvisit(elif.body, ifFrame);
      this.outdent();
    }
    if (node.else_.length) {
      this.raw('} else {');
      this.indent();
      this.blockvisit(node.else_, ifFrame);
      this.outdent();
    }
    this.raw('}');
    for (; closes > 0; closes--) {
      this.outdent();
      this.raw('}');
    }
  }

  /** A macro or call block's function; returns the `new rt.Macro(...)` expression. */
  private macroBody(node: N.MacroNode | N.CallBlockNode, outer: Frame): string {
    const frame = outer.inner();
    frame.symbols.analyzeNode(node);
    let explicitCaller: number | null = null;
    const skipSpecial = new Set<string>();
    const args: string[] = [];
    node.args.forEach((arg, idx) => {
      if (arg.name === 'caller') explicitCaller = idx;
      if (arg.name === 'kwargs' || arg.name === 'varargs') skipSpecial.add(arg.name);
      args.push(frame.symbols.ref(arg.name));
    });
    const undeclared = findUndeclared(node.body, ['caller', 'kwargs', 'varargs']);
    let accessesCaller = false;
    let accessesKwargs = false;
    let accessesVarargs = false;
    if (undeclared.has('caller')) {
      if (explicitCaller !== null) {
        if (node.defaults[explicitCaller - node.args.length + node.defaults.length] === undefined || explicitCaller - node.args.length + node.defaults.length < 0) {
          this.fail('When defining macros or call blocks the special "caller" argument must be omitted or be given a default.', node);
        }
      } else {
        args.push(frame.symbols.declareParameter('caller'));
      }
      accessesCaller = true;
    }
    if (undeclared.has('kwargs') && !skipSpecial.has('kwargs')) {
      args.push(frame.symbols.declareParameter('kwargs'));
      accessesKwargs = true;
    }
    if (undeclared.has('varargs') && !skipSpecial.has('varargs')) {
      args.push(frame.symbols.declareParameter('varargs'));
      accessesVarargs = true;
    }
    frame.requireOutputCheck = false;
    frame.symbols.analyzeNode(node);
    this.mark(node);
    this.beginFunction('macro');
    this.buffer(frame);
    this.enterFrame(frame);
    this.paramDefBlock.push(frame.symbols.dumpParamTargets());
    node.args.forEach((arg, idx) => {
      const ref = frame.symbols.ref(arg.name);
      const d = node.defaults[idx - node.args.length + node.defaults.length];
      const hasDefault = idx - node.args.length + node.defaults.length >= 0 && d !== undefined;
      const value = hasDefault ? this.expr(d!, frame) : `new rt.Undefined(${js(`parameter '${arg.name}' was not provided`)}, M, ${js(arg.name)})`;
      this.line(`if (${ref} === M) ${ref} = ${value};`);
      this.paramDefBlock[this.paramDefBlock.length - 1]!.delete(ref);
    });
    this.paramDefBlock.pop();
    this.blockvisit(node.body, frame);
    this.returnBuffer(frame, true);
    this.leaveFrame(frame, true);
    const generator = this.fn.generator ? js(this.fn.qualname) : 'null';
    const fnCode = this.endFunction(`function (${args.join(', ')})`, args);
    const name = node.kind === 'Macro' ? js(node.name) : 'null';
    return `new rt.Macro(${fnCode}, ${name}, [${node.args.map((a) => js(a.name)).join(', ')}], ${accessesKwargs}, ${accessesVarargs}, ${accessesCaller}, false, ${generator})`;
  }

  private visitMacro(node: N.MacroNode, frame: Frame): void {
    const macro = this.macroBody(node, frame);
    const ref = this.local(frame.symbols.ref(node.name));
    if (frame.toplevel) {
      if (!node.name.startsWith('_')) this.line(`context.exportedVars.add(${js(node.name)});`);
      this.line(`${ref} = ${macro}; context.vars.set(${js(node.name)}, ${ref});`);
    } else {
      this.line(`${ref} = ${macro};`);
    }
  }

  private visitCallBlock(node: N.CallBlockNode, frame: Frame): void {
    const caller = this.local(this.tmp());
    this.line(`${caller} = ${this.macroBody(node, frame)};`);
    this.write(frame, `rt.yielded(${this.callExpr(node.call, frame, caller)})`, node);
  }

  private visitFilterBlock(node: Extract<N.Stmt, { kind: 'FilterBlock' }>, frame: Frame): void {
    const filterFrame = frame.inner();
    filterFrame.symbols.analyzeNode(node);
    this.enterFrame(filterFrame);
    this.buffer(filterFrame);
    this.blockvisit(node.body, filterFrame);
    // The filter's result is yielded as it is: a non-str one fails when the output is joined.
    this.write(frame, `rt.yielded(${this.filterExpr(node.filter, filterFrame)})`, node);
    this.leaveFrame(filterFrame);
  }

  private visitWith(node: Extract<N.Stmt, { kind: 'With' }>, frame: Frame): void {
    const withFrame = frame.inner();
    withFrame.symbols.analyzeNode(node);
    this.enterFrame(withFrame);
    node.targets.forEach((target, i) => {
      this.mark(null);
      this.assignTarget(target, withFrame, this.expr(node.values[i]!, frame));
    });
    this.blockvisit(node.body, withFrame);
    this.leaveFrame(withFrame);
  }

  private finalize(frame: Frame, expr: string): string {
    if (frame.evalCtx.volatile) return `(context.evalCtx.autoescape ? rt.escapeOutput(${expr}) : rt.str(${expr}))`;
    if (frame.evalCtx.autoescape) return `rt.escapeOutput(${expr})`;
    return `rt.str(${expr})`;
  }

  private visitOutput(node: Extract<N.Stmt, { kind: 'Output' }>, frame: Frame): void {
    let closes = 0;
    if (frame.requireOutputCheck) {
      if (this.hasKnownExtends) return;
      this.raw('if (parent_template === null) {');
      this.indent();
      closes++;
    }
    let text = '';
    const flush = () => {
      if (text) this.raw(`${frame.buffer} += ${js(text)};`);
      text = '';
    };
    for (const child of node.nodes) {
      if (child.kind === 'TemplateData') {
        text += child.data;
        continue;
      }
      // jinja2 prints a constant expression at compile time, as its str() (escaped under autoescape).
      const constant = this.outputConstant(child, frame);
      if (constant !== null) {
        text += constant;
        continue;
      }
      flush();
      this.write(frame, this.finalize(frame, this.expr(child, frame)), child);
    }
    flush();
    for (; closes > 0; closes--) {
      this.outdent();
      this.raw('}');
    }
  }

  private outputConstant(child: N.Expr, frame: Frame): string | null {
    try {
      const value = asConst(child, frame.evalCtx);
      if (value === IMPOSSIBLE) return null;
      return pyStr(frame.evalCtx.autoescape ? escape(value) : value);
    } catch {
      // jinja2 prints at run time whatever fails here (a str() that raises, say).
      return null;
    }
  }

  private visitAssign(node: Extract<N.Stmt, { kind: 'Assign' }>, frame: Frame): void {
    this.pushAssignTracking();
    const seen = new Set<string>();
    for (const ref of [node.target, ...descendants(node.target)]) {
      if (ref.kind !== 'NSRef' || seen.has(ref.name)) continue;
      seen.add(ref.name);
      this.line(`rt.checkNamespace(${frame.symbols.ref(ref.name)});`);
    }
    this.mark(node);
    this.assignTarget(node.target, frame, this.expr(node.node, frame));
    this.popAssignTracking(frame);
  }

  private visitAssignBlock(node: Extract<N.Stmt, { kind: 'AssignBlock' }>, frame: Frame): void {
    this.pushAssignTracking();
    const blockFrame = frame.inner();
    blockFrame.requireOutputCheck = false;
    blockFrame.symbols.analyzeNode(node);
    this.enterFrame(blockFrame);
    this.buffer(blockFrame);
    this.blockvisit(node.body, blockFrame);
    this.mark(node);
    const content = node.filter ? this.filterExpr(node.filter, blockFrame) : `rt.joined(${blockFrame.buffer})`;
    const value = frame.evalCtx.volatile
      ? `(context.evalCtx.autoescape ? new rt.Markup(rt.str(${content})) : ${content})`
      : frame.evalCtx.autoescape
        ? `rt.markupOf(${content})`
        : content;
    this.assignTarget(node.target, frame, value);
    this.popAssignTracking(frame);
    this.leaveFrame(blockFrame);
  }

  private visitScope(node: Extract<N.Stmt, { kind: 'Scope' }>, frame: Frame): void {
    const scopeFrame = frame.inner();
    scopeFrame.symbols.analyzeNode(node);
    this.enterFrame(scopeFrame);
    this.blockvisit(node.body, scopeFrame);
    this.leaveFrame(scopeFrame);
  }

  private visitEvalContextModifier(node: Extract<N.Stmt, { kind: 'ScopedEvalContextModifier' }>, frame: Frame): void {
    const saved = this.local(this.tmp());
    const savedCtx = { ...frame.evalCtx };
    this.line(`${saved} = context.evalCtx;`);
    this.line(`context.evalCtx = { autoescape: ${this.expr(node.autoescape, frame)} };`);
    const constant = constValue(node.autoescape);
    if (constant === NOT_CONST) frame.evalCtx.volatile = true;
    else frame.evalCtx.autoescape = truthyConst(constant);
    for (const child of node.body) this.visitStmt(child, frame);
    frame.evalCtx.autoescape = savedCtx.autoescape;
    frame.evalCtx.volatile = savedCtx.volatile;
    this.line(`context.evalCtx = ${saved};`);
  }

  // -- expressions

  expr(original: N.Expr, frame: Frame): string {
    let node = original;
    if (FOLDED_KINDS.has(node.kind) && !frame.evalCtx.volatile) {
      try {
        node = optimize(node, frame.evalCtx) as N.Expr;
      } catch (e) {
        if (e instanceof PyException && !e.position) e.position = { template: this.path, line: original.line, column: original.column };
        throw e;
      }
    }
    switch (node.kind) {
      case 'Name': {
        this.trackStore(node, frame);
        const ref = frame.symbols.ref(node.name);
        const load = frame.symbols.findLoad(ref);
        const declaredParam = load && load[0] === 'param' && !(this.paramDefBlock.length && this.paramDefBlock[this.paramDefBlock.length - 1]!.has(ref));
        return declaredParam ? ref : `(${ref} === M ? rt.undef(${js(node.name)}) : ${ref})`;
      }
      case 'Const':
        return constLiteral(node.value);
      case 'TemplateData':
        return frame.evalCtx.autoescape ? `new rt.Markup(${js(node.data)})` : js(node.data);
      case 'Tuple':
        return `rt.tuple([${node.items.map((i) => this.expr(i, frame)).join(', ')}])`;
      case 'List':
        return `[${node.items.map((i) => this.expr(i, frame)).join(', ')}]`;
      case 'Dict':
        return `rt.dict([${node.items.map((p) => `[${this.expr(p.key, frame)}, ${this.expr(p.value, frame)}]`).join(', ')}])`;
      case 'Binary': {
        if (node.op === 'and' || node.op === 'or') {
          const t = this.local(this.tmp());
          const left = this.expr(node.left, frame);
          const right = this.expr(node.right, frame);
          return node.op === 'and' ? `(rt.truthy(${t} = ${left}) ? ${right} : ${t})` : `(rt.truthy(${t} = ${left}) ? ${t} : ${right})`;
        }
        const positive = node.op === 'pow' && node.left.kind === 'Const' ? negativeLiteral(node.left.value) : null;
        if (positive !== null) return `rt.neg(rt.pow(${constLiteral(positive)}, ${this.expr(node.right, frame)}))`;
        return `rt.${node.op}(${this.expr(node.left, frame)}, ${this.expr(node.right, frame)})`;
      }
      case 'Unary':
        if (node.op === 'not') return `!rt.truthy(${this.expr(node.node, frame)})`;
        return `rt.${node.op}(${this.expr(node.node, frame)})`;
      case 'Concat': {
        const items = `[${node.nodes.map((n) => this.expr(n, frame)).join(', ')}]`;
        if (frame.evalCtx.volatile) return `(context.evalCtx.autoescape ? rt.markupJoin(${items}) : rt.strJoin(${items}))`;
        return frame.evalCtx.autoescape ? `rt.markupJoin(${items})` : `rt.strJoin(${items})`;
      }
      case 'Compare':
        return this.compareExpr(node, frame);
      case 'Getattr':
        return `rt.getattr(${this.expr(node.node, frame)}, ${js(node.attr)})`;
      case 'Getitem':
        if (node.arg.kind === 'Slice') {
          const s = node.arg;
          const part = (x: N.Expr | null) => (x ? this.expr(x, frame) : 'null');
          return `rt.slice(${this.expr(node.node, frame)}, { start: ${part(s.start)}, stop: ${part(s.stop)}, step: ${part(s.step)} })`;
        }
        return `rt.getitem(${this.expr(node.node, frame)}, ${this.expr(node.arg, frame)})`;
      case 'Slice': {
        // Only inside a subscript tuple (`x[1:2, 3]`): a slice object.
        const part = (x: N.Expr | null) => (x ? this.expr(x, frame) : 'null');
        return `new rt.PySlice(${part(node.start)}, ${part(node.stop)}, ${part(node.step)})`;
      }
      case 'Filter':
        return this.filterExpr(node, frame);
      case 'Test':
        return this.testExpr(node, frame);
      case 'Call':
        return this.callExpr(node, frame, null);
      case 'CondExpr': {
        const soft = frame.soft();
        const otherwise = node.expr2
          ? this.expr(node.expr2, soft)
          : `rt.condUndefined(${js(`the inline if-expression on ${this.position(node)} evaluated to false and no else section was defined.`)})`;
        return `(rt.truthy(${this.expr(node.test, soft)}) ? ${this.expr(node.expr1, soft)} : ${otherwise})`;
      }
      case 'NSRef':
        return `rt.getattr(${frame.symbols.ref(node.name)}, ${js(node.attr)})`;
    }
  }

  private compareExpr(node: Extract<N.Expr, { kind: 'Compare' }>, frame: Frame): string {
    const op = (name: N.CompareOp, a: string, b: string): string => {
      switch (name) {
        case 'eq': return `rt.eq(${a}, ${b})`;
        case 'ne': return `!rt.eq(${a}, ${b})`;
        case 'lt': return `rt.compare('<', ${a}, ${b})`;
        case 'lteq': return `rt.compare('<=', ${a}, ${b})`;
        case 'gt': return `rt.compare('>', ${a}, ${b})`;
        case 'gteq': return `rt.compare('>=', ${a}, ${b})`;
        case 'in': return `rt.isIn(${a}, ${b})`;
        case 'notin': return `!rt.isIn(${a}, ${b})`;
      }
    };
    if (node.ops.length === 1) return op(node.ops[0]!.op, this.expr(node.expr, frame), this.expr(node.ops[0]!.expr, frame));
    let left = this.local(this.tmp());
    const parts = [`(${left} = ${this.expr(node.expr, frame)}, true)`];
    for (const operand of node.ops) {
      const right = this.local(this.tmp());
      parts.push(`(${right} = ${this.expr(operand.expr, frame)}, ${op(operand.op, left, right)})`);
      left = right;
    }
    return `(${parts.join(' && ')})`;
  }

  private signature(node: N.Invocation | N.CallNode, frame: Frame, extraKwargs: [string, string][] = []): { args: string; kwargs: string } {
    const positional = node.args.map((a) => this.expr(a, frame));
    if (node.dynArgs) positional.push(`...rt.starArgs(${this.expr(node.dynArgs, frame)})`);
    const kw = [...node.kwargs.map((k) => `[${js(k.key)}, ${this.expr(k.value, frame)}]`), ...extraKwargs.map(([k, v]) => `[${js(k)}, ${v}]`)];
    const duplicate = duplicateKeyword(node.kwargs.map((k) => k.key).concat(extraKwargs.map(([k]) => k)));
    if (duplicate) this.fail(`keyword argument repeated: ${duplicate}`, node.kwargs[0] ?? (node as unknown as { line: number; column: number }));
    const kwargs = node.dynKwargs ? `rt.kwargs([${kw.join(', ')}], ${this.expr(node.dynKwargs, frame)})` : kw.length ? `new Map([${kw.join(', ')}])` : 'null';
    return { args: `[${positional.join(', ')}]`, kwargs };
  }

  private callExpr(node: N.CallNode, frame: Frame, caller: string | null): string {
    const { args, kwargs } = this.signature(node, frame, caller ? [['caller', caller]] : []);
    return `rt.call(${this.expr(node.node, frame)}, ${args}, ${kwargs}, context)`;
  }

  private dependency(kind: 'filter' | 'test', name: string, node: { line: number; column: number }, frame: Frame): string {
    const known = kind === 'filter' ? FILTER_NAMES : TEST_NAMES;
    if (!known.has(name) && !frame.softFrame) this.fail(`No ${kind} named '${name}'.`, node);
    const used = kind === 'filter' ? this.filtersUsed : this.testsUsed;
    let id = used.get(name);
    if (!id) used.set(name, (id = `${kind === 'filter' ? 'f' : 'x'}_${used.size}`));
    return id;
  }

  private filterExpr(node: N.FilterNode, frame: Frame): string {
    const id = this.dependency('filter', node.name, node, frame);
    let value: string;
    if (node.node) value = this.expr(node.node, frame);
    else {
      // A filter block's or set block's body, joined as jinja2's concat() joins it.
      const body = `rt.joined(${frame.buffer})`;
      if (frame.evalCtx.volatile) value = `(context.evalCtx.autoescape ? new rt.Markup(${body}) : ${body})`;
      else if (frame.evalCtx.autoescape) value = `new rt.Markup(${body})`;
      else value = body;
    }
    const { args, kwargs } = this.signature(node, frame);
    return `${id}(context, ${value}, ${args}, ${kwargs})`;
  }

  private testExpr(node: Extract<N.Expr, { kind: 'Test' }>, frame: Frame): string {
    const id = this.dependency('test', node.name, node, frame);
    const { args, kwargs } = this.signature(node, frame);
    return `${id}(context, ${this.expr(node.node, frame)}, ${args}, ${kwargs})`;
  }
}

function duplicateKeyword(keys: string[]): string | undefined {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

const NOT_CONST = Symbol('not constant');
/** The value of a literal expression known at compile time (for `{% autoescape %}`). */
function constValue(node: N.Expr): unknown {
  if (node.kind === 'Const') return node.value;
  return NOT_CONST;
}
function truthyConst(v: unknown): boolean {
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  return Boolean(v);
}

/**
 * A folded constant as JavaScript. jinja2 writes a constant into the Python
 * it generates as its repr (str for a float) and Python reads that text back,
 * so the value a template computes with is the value of that text: `inf`
 * and `nan` are names Python does not know (a NameError when the expression
 * runs), and a complex number comes back through `+`/`-` of its parts (the
 * sign of a zero part can change). See also `negativeLiteral`.
 */
function constLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const items = value.map(constLiteral).join(', ');
    return value instanceof PyTuple ? `rt.tuple([${items}])` : `[${items}]`;
  }
  if (value instanceof PyDict) return `rt.dict([${[...value.items()].map(([k, v]) => `[${constLiteral(k)}, ${constLiteral(v)}]`).join(', ')}])`;
  if (value instanceof Markup) return `new rt.Markup(${js(value.value)})`;
  if (value instanceof PyRange) return `new rt.PyRange(${value.start}, ${value.stop}, ${value.step})`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return js(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Number.isFinite(value) ? numberLiteral(value) : unknownName(value);
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? `rt.pyFloat(${numberLiteral(value.value)})` : unknownName(value.value);
  if (value instanceof PyComplex) return complexLiteral(value);
  throw new Error(`unexpected constant ${String(value)}`);
}

const numberLiteral = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** `inf`, `-inf` and `nan` in Python source: names that are not defined. */
const unknownName = (x: number, suffix = ''): string => `rt.nameError(${js((Number.isNaN(x) ? 'nan' : 'inf') + suffix)})`;

/**
 * A complex constant as Python reads its repr back: `2j` or `-2j` (the
 * negation of `2j`, so its real part is -0.0), or `(re+imj)` / `(re-imj)`,
 * the sum or difference of a real number (`-0` is the int 0) and an
 * imaginary literal.
 */
function complexLiteral(c: PyComplex): string {
  const negativeIm = c.im < 0 || Object.is(c.im, -0);
  const abs = Math.abs(c.im);
  if (c.re === 0 && !Object.is(c.re, -0)) {
    if (!Number.isFinite(abs)) return unknownName(abs, 'j');
    return `new rt.PyComplex(${negativeIm ? '-0' : '0'}, ${numberLiteral(negativeIm ? -abs : abs)})`;
  }
  if (!Number.isFinite(c.re)) return unknownName(c.re);
  if (!Number.isFinite(abs)) return unknownName(abs, 'j');
  const re = c.re === 0 ? 0 : c.re;
  const im = negativeIm ? 0 - abs : 0 + abs;
  return `new rt.PyComplex(${numberLiteral(re)}, ${numberLiteral(im)})`;
}

/**
 * The constant without its leading '-' when its Python text has one
 * (`-2`, `-0.5`, `-2j`), else null. In jinja2's generated code `(-2 ** x)`
 * is `-(2 ** x)`: Python's `**` binds tighter than the minus of the literal.
 */
function negativeLiteral(value: unknown): unknown {
  if (typeof value === 'bigint') return value < 0n ? -value : null;
  if (typeof value === 'number') return value < 0 || Object.is(value, -0) ? -value : null;
  if (value instanceof PyFloat) return value.value < 0 || Object.is(value.value, -0) ? new PyFloat(-value.value) : null;
  if (value instanceof PyComplex && c0(value.re) && (value.im < 0 || Object.is(value.im, -0))) return new PyComplex(0, -value.im);
  return null;
}
const c0 = (x: number): boolean => x === 0 && !Object.is(x, -0);

/** Compile a template tree to the body of a module factory `(rt) => { root, blocks }`. */
export function generate(template: N.Template, name: string | undefined, path: string): string {
  return new CodeGenerator(name, path).compile(template);
}
