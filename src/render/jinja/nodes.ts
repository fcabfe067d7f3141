/**
 * The template syntax tree, node for node jinja2's (jinja2/nodes.py), with
 * the line and column of the token each node starts at.
 */

interface At {
  line: number;
  column: number;
}

export type Ctx = 'load' | 'store' | 'param';

export type Expr =
  | ({ kind: 'Name'; name: string; ctx: Ctx } & At)
  | ({ kind: 'NSRef'; name: string; attr: string } & At)
  | ({ kind: 'Const'; value: unknown } & At)
  | ({ kind: 'TemplateData'; data: string } & At)
  | ({ kind: 'Tuple'; items: Expr[]; ctx: Ctx } & At)
  | ({ kind: 'List'; items: Expr[] } & At)
  | ({ kind: 'Dict'; items: Pair[] } & At)
  | ({ kind: 'CondExpr'; test: Expr; expr1: Expr; expr2: Expr | null } & At)
  | ({ kind: 'Filter'; node: Expr | null } & Invocation & At)
  | ({ kind: 'Test'; node: Expr } & Invocation & At)
  | ({ kind: 'Call'; node: Expr; args: Expr[]; kwargs: Keyword[]; dynArgs: Expr | null; dynKwargs: Expr | null } & At)
  | ({ kind: 'Getitem'; node: Expr; arg: Expr } & At)
  | ({ kind: 'Getattr'; node: Expr; attr: string } & At)
  | ({ kind: 'Slice'; start: Expr | null; stop: Expr | null; step: Expr | null } & At)
  | ({ kind: 'Concat'; nodes: Expr[] } & At)
  | ({ kind: 'Compare'; expr: Expr; ops: Operand[] } & At)
  | ({ kind: 'Binary'; op: BinaryOp; left: Expr; right: Expr } & At)
  | ({ kind: 'Unary'; op: 'not' | 'neg' | 'pos'; node: Expr } & At);

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'floordiv' | 'mod' | 'pow' | 'and' | 'or';
export type CompareOp = 'eq' | 'ne' | 'gt' | 'gteq' | 'lt' | 'lteq' | 'in' | 'notin';

export interface Invocation {
  name: string;
  args: Expr[];
  kwargs: Keyword[];
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
}

export interface Pair extends At {
  kind: 'Pair';
  key: Expr;
  value: Expr;
}
export interface Keyword extends At {
  kind: 'Keyword';
  key: string;
  value: Expr;
}
export interface Operand {
  op: CompareOp;
  expr: Expr;
}

export type FilterNode = Extract<Expr, { kind: 'Filter' }>;
export type CallNode = Extract<Expr, { kind: 'Call' }>;
export type NameNode = Extract<Expr, { kind: 'Name' }>;

export interface MacroSignature {
  args: NameNode[];
  defaults: Expr[];
}

export type Stmt =
  | ({ kind: 'Output'; nodes: Expr[] } & At)
  | ({ kind: 'Extends'; template: Expr } & At)
  | ({ kind: 'For'; target: Expr; iter: Expr; body: Stmt[]; else_: Stmt[]; test: Expr | null; recursive: boolean } & At)
  | ({ kind: 'If'; test: Expr; body: Stmt[]; elif: IfNode[]; else_: Stmt[] } & At)
  | ({ kind: 'Macro'; name: string; body: Stmt[] } & MacroSignature & At)
  | ({ kind: 'CallBlock'; call: CallNode; body: Stmt[] } & MacroSignature & At)
  | ({ kind: 'FilterBlock'; body: Stmt[]; filter: FilterNode } & At)
  | ({ kind: 'With'; targets: Expr[]; values: Expr[]; body: Stmt[] } & At)
  | ({ kind: 'Block'; name: string; body: Stmt[]; scoped: boolean; required: boolean } & At)
  | ({ kind: 'Include'; template: Expr; withContext: boolean; ignoreMissing: boolean } & At)
  | ({ kind: 'Import'; template: Expr; target: string; withContext: boolean } & At)
  | ({ kind: 'FromImport'; template: Expr; names: [string, string][]; withContext: boolean } & At)
  | ({ kind: 'Assign'; target: Expr; node: Expr } & At)
  | ({ kind: 'AssignBlock'; target: Expr; filter: FilterNode | null; body: Stmt[] } & At)
  | ({ kind: 'Scope'; body: Stmt[] } & At)
  | ({ kind: 'ScopedEvalContextModifier'; autoescape: Expr; body: Stmt[] } & At);

export type IfNode = Extract<Stmt, { kind: 'If' }>;
export type ForNode = Extract<Stmt, { kind: 'For' }>;
export type MacroNode = Extract<Stmt, { kind: 'Macro' }>;
export type CallBlockNode = Extract<Stmt, { kind: 'CallBlock' }>;
export type BlockNode = Extract<Stmt, { kind: 'Block' }>;

export interface Template {
  kind: 'Template';
  body: Stmt[];
}

export type Node = Expr | Stmt | Template | Pair | Keyword;

/** The direct children of a node, in jinja2's field order (for tree walks). */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  const add = (x: Node | Node[] | null | undefined) => {
    if (Array.isArray(x)) out.push(...x);
    else if (x) out.push(x);
  };
  switch (node.kind) {
    case 'Template': add(node.body); break;
    case 'Output': add(node.nodes); break;
    case 'Extends': add(node.template); break;
    case 'For': add(node.target); add(node.iter); add(node.body); add(node.else_); add(node.test); break;
    case 'If': add(node.test); add(node.body); add(node.elif); add(node.else_); break;
    case 'Macro': add(node.args); add(node.defaults); add(node.body); break;
    case 'CallBlock': add(node.call); add(node.args); add(node.defaults); add(node.body); break;
    case 'FilterBlock': add(node.body); add(node.filter); break;
    case 'With': add(node.targets); add(node.values); add(node.body); break;
    case 'Block': add(node.body); break;
    case 'Include': case 'Import': case 'FromImport': add(node.template); break;
    case 'Assign': add(node.target); add(node.node); break;
    case 'AssignBlock': add(node.target); add(node.filter); add(node.body); break;
    case 'Scope': add(node.body); break;
    case 'ScopedEvalContextModifier': add(node.autoescape); add(node.body); break;
    case 'Tuple': case 'List': add(node.items); break;
    case 'Dict': add(node.items); break;
    case 'Pair': add(node.key); add(node.value); break;
    case 'Keyword': add(node.value); break;
    case 'CondExpr': add(node.test); add(node.expr1); add(node.expr2); break;
    case 'Filter': case 'Test': case 'Call':
      add(node.node); add(node.args); add(node.kwargs); add(node.dynArgs); add(node.dynKwargs); break;
    case 'Getitem': add(node.node); add(node.arg); break;
    case 'Getattr': add(node.node); break;
    case 'Slice': add(node.start); add(node.stop); add(node.step); break;
    case 'Concat': add(node.nodes); break;
    case 'Compare': add(node.expr); for (const op of node.ops) add(op.expr); break;
    case 'Binary': add(node.left); add(node.right); break;
    case 'Unary': add(node.node); break;
    default: break;
  }
  return out;
}

/** Every node below `node` (depth first, jinja2's `find_all` order), excluding `node` itself. */
export function descendants(node: Node): Node[] {
  // An explicit stack, not nested generators: a yield through every level above made deep templates quadratic.
  const out: Node[] = [];
  const stack = children(node).reverse();
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    const below = children(next);
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  return out;
}
