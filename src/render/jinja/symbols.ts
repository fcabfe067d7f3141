/**
 * jinja2's identifier tracking (jinja2/idtracking.py): which names each
 * frame stores, loads and aliases, so that the compiled code scopes
 * variables exactly as jinja2's does (a `set` inside a loop body lasts one
 * iteration, a name assigned in one `if` branch is resolved from the
 * context in the other, and so on).
 */
import type * as N from './nodes.js';

export type Load = ['param', null] | ['resolve', string] | ['alias', string] | ['undefined', null];

/** A JS-safe identifier for a template name at a frame level. */
function ident(level: number, name: string): string {
  return `l_${level}_${name.replace(/[^A-Za-z0-9_]/g, (c) => `$${c.codePointAt(0)!.toString(16)}$`)}`;
}

export class Symbols {
  readonly level: number;
  refs = new Map<string, string>();
  loads = new Map<string, Load>();
  stores = new Set<string>();

  constructor(
    readonly parent: Symbols | null = null,
    level?: number,
  ) {
    this.level = level ?? (parent ? parent.level + 1 : 0);
  }

  private defineRef(name: string, load?: Load): string {
    const id = ident(this.level, name);
    this.refs.set(name, id);
    if (load) this.loads.set(id, load);
    return id;
  }

  findLoad(target: string): Load | undefined {
    return this.loads.get(target) ?? this.parent?.findLoad(target);
  }

  findRef(name: string): string | undefined {
    return this.refs.get(name) ?? this.parent?.findRef(name);
  }

  ref(name: string): string {
    const rv = this.findRef(name);
    if (rv === undefined) throw new Error(`Tried to resolve a name to a reference that was unknown to the frame (${name})`);
    return rv;
  }

  copy(): Symbols {
    const rv = new Symbols(this.parent, this.level);
    rv.refs = new Map(this.refs);
    rv.loads = new Map(this.loads);
    rv.stores = new Set(this.stores);
    return rv;
  }

  store(name: string): void {
    this.stores.add(name);
    if (this.refs.has(name)) return;
    const outer = this.parent?.findRef(name);
    if (outer !== undefined) this.defineRef(name, ['alias', outer]);
    else this.defineRef(name, ['undefined', null]);
  }

  declareParameter(name: string): string {
    this.stores.add(name);
    return this.defineRef(name, ['param', null]);
  }

  load(name: string): void {
    if (this.findRef(name) === undefined) this.defineRef(name, ['resolve', name]);
  }

  branchUpdate(branches: Symbols[]): void {
    const stores = new Set<string>();
    for (const b of branches) for (const s of b.stores) stores.add(s);
    for (const s of this.stores) stores.delete(s);
    for (const b of branches) {
      for (const [k, v] of b.refs) this.refs.set(k, v);
      for (const [k, v] of b.loads) this.loads.set(k, v);
      for (const s of b.stores) this.stores.add(s);
    }
    for (const name of stores) {
      const target = this.findRef(name)!;
      const outer = this.parent?.findRef(name);
      if (outer !== undefined) this.loads.set(target, ['alias', outer]);
      else this.loads.set(target, ['resolve', name]);
    }
  }

  /** Every name stored in this frame or an outer one, with its identifier. */
  dumpStores(): Map<string, string> {
    const rv = new Map<string, string>();
    for (let node: Symbols | null = this; node; node = node.parent) {
      for (const name of [...node.stores].sort()) if (!rv.has(name)) rv.set(name, this.findRef(name)!);
    }
    return rv;
  }

  dumpParamTargets(): Set<string> {
    const rv = new Set<string>();
    for (let node: Symbols | null = this; node; node = node.parent) {
      for (const [target, [instr]] of this.loads) if (instr === 'param') rv.add(target);
    }
    return rv;
  }

  /** jinja2's `analyze_node` (RootVisitor). */
  analyzeNode(node: N.Node, forBranch: 'body' | 'else' | 'test' = 'body'): void {
    const v = new FrameSymbolVisitor(this);
    switch (node.kind) {
      case 'Template':
      case 'Block':
      case 'Scope':
      case 'If':
      case 'ScopedEvalContextModifier':
      case 'Macro':
      case 'FilterBlock':
        for (const child of childNodes(node)) v.visit(child);
        return;
      case 'AssignBlock':
        for (const child of node.body) v.visit(child);
        return;
      case 'CallBlock':
        for (const child of [...node.args, ...node.defaults, ...node.body]) v.visit(child);
        return;
      case 'For':
        if (forBranch === 'body') {
          v.visit(node.target, true);
          for (const item of node.body) v.visit(item);
        } else if (forBranch === 'else') {
          for (const item of node.else_) v.visit(item);
        } else {
          v.visit(node.target, true);
          if (node.test) v.visit(node.test);
        }
        return;
      case 'With':
        for (const t of node.targets) v.visit(t);
        for (const child of node.body) v.visit(child);
        return;
      default:
        throw new Error(`Cannot find symbols for ${node.kind}`);
    }
  }
}

/** iter_child_nodes for the root visitor. */
function childNodes(node: N.Node): N.Node[] {
  switch (node.kind) {
    case 'Template': case 'Block': case 'Scope': return node.body;
    case 'If': return [node.test, ...node.body, ...node.elif, ...node.else_];
    case 'ScopedEvalContextModifier': return [node.autoescape, ...node.body];
    case 'Macro': return [...node.args, ...node.defaults, ...node.body];
    case 'FilterBlock': return [...node.body, node.filter];
    default: return [];
  }
}

class FrameSymbolVisitor {
  constructor(public symbols: Symbols) {}

  visit(node: N.Node, storeAsParam = false): void {
    const s = this.symbols;
    switch (node.kind) {
      case 'Name':
        if (storeAsParam || node.ctx === 'param') s.declareParameter(node.name);
        else if (node.ctx === 'store') s.store(node.name);
        else s.load(node.name);
        return;
      case 'NSRef':
        s.load(node.name);
        return;
      case 'If': {
        this.visit(node.test);
        const original = this.symbols;
        const inner = (nodes: N.Node[]) => {
          const rv = original.copy();
          this.symbols = rv;
          for (const n of nodes) this.visit(n);
          this.symbols = original;
          return rv;
        };
        const body = inner(node.body);
        const elif = inner(node.elif);
        const else_ = inner(node.else_);
        this.symbols.branchUpdate([body, elif, else_]);
        return;
      }
      case 'Macro':
        s.store(node.name);
        return;
      case 'Import':
        this.visit(node.template);
        s.store(node.target);
        return;
      case 'FromImport':
        this.visit(node.template);
        for (const [, alias] of node.names) s.store(alias);
        return;
      case 'Assign':
        this.visit(node.node);
        this.visit(node.target);
        return;
      case 'For':
        this.visit(node.iter);
        return;
      case 'CallBlock':
        this.visit(node.call);
        return;
      case 'FilterBlock':
        this.visit(node.filter);
        return;
      case 'With':
        for (const v of node.values) this.visit(v);
        return;
      case 'AssignBlock':
        this.visit(node.target);
        return;
      case 'Scope':
      case 'Block':
        return;
      default:
        for (const child of genericChildren(node)) this.visit(child, storeAsParam);
    }
  }
}

/** NodeVisitor.generic_visit's children: every field, in order. */
function genericChildren(node: N.Node): N.Node[] {
  switch (node.kind) {
    case 'Output': return node.nodes;
    case 'Extends': return [node.template];
    case 'Include': return [node.template];
    case 'ScopedEvalContextModifier': return [node.autoescape, ...node.body];
    case 'Tuple': case 'List': return node.items;
    case 'Dict': return node.items;
    case 'Pair': return [node.key, node.value];
    case 'Keyword': return [node.value];
    case 'CondExpr': return [node.test, node.expr1, ...(node.expr2 ? [node.expr2] : [])];
    case 'Filter': case 'Test': case 'Call':
      return [...(node.node ? [node.node] : []), ...node.args, ...node.kwargs, ...(node.dynArgs ? [node.dynArgs] : []), ...(node.dynKwargs ? [node.dynKwargs] : [])];
    case 'Getitem': return [node.node, node.arg];
    case 'Getattr': return [node.node];
    case 'Slice': return [node.start, node.stop, node.step].filter((x): x is N.Expr => x !== null);
    case 'Concat': return node.nodes;
    case 'Compare': return [node.expr, ...node.ops.map((o) => o.expr)];
    case 'Binary': return [node.left, node.right];
    case 'Unary': return [node.node];
    default: return [];
  }
}
