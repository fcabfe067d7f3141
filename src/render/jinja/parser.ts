/**
 * jinja2 3.1's parser (jinja2/parser.py) for the built-in statements: the
 * same grammar, precedence and error messages, including its quirks (`-2**2`
 * is `(-2)**2`, a filter binds tighter than unary minus's operand, tests take
 * one bare argument).
 */
import { TemplateSyntaxError } from './exceptions.js';
import { describeToken, describeTokenExpr, tokenize, type Token, type TokenType } from './lexer.js';
import type * as N from './nodes.js';
import { PyFloat } from '../../yaml/python.js';

const STATEMENT_KEYWORDS = new Set(['for', 'if', 'block', 'extends', 'print', 'macro', 'include', 'from', 'import', 'set', 'with', 'autoescape']);
const COMPARE_OPERATORS = new Set(['eq', 'ne', 'lt', 'lteq', 'gt', 'gteq']);
const MATH1: Partial<Record<TokenType, N.BinaryOp>> = { add: 'add', sub: 'sub' };
const MATH2: Partial<Record<TokenType, N.BinaryOp>> = { mul: 'mul', div: 'div', floordiv: 'floordiv', mod: 'mod' };

/** The tokens as jinja2's TokenStream gives them: a lexer error is raised on reaching it (by next() or look()), not before. */
class TokenStream {
  private index = 0;
  constructor(private readonly tokens: Token[]) {
    raiseIfError(tokens[0]!);
  }

  get current(): Token {
    return this.tokens[this.index]!;
  }
  /** The current token's type (a call, so that TypeScript does not narrow it across `next()`). */
  type(): TokenType {
    return this.tokens[this.index]!.type;
  }
  next(): Token {
    const token = this.current;
    if (token.type !== 'eof') raiseIfError(this.tokens[++this.index]!);
    return token;
  }
  look(): Token {
    return raiseIfError(this.tokens[Math.min(this.index + 1, this.tokens.length - 1)]!);
  }
  skip(n = 1): void {
    for (let i = 0; i < n; i++) this.next();
  }
  test(expr: string, token = this.current): boolean {
    if (token.type === expr) return true;
    const colon = expr.indexOf(':');
    return colon >= 0 && token.type === expr.slice(0, colon) && token.value === expr.slice(colon + 1);
  }
  skipIf(expr: string): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }
}

function raiseIfError(token: Token): Token {
  if (token.type === 'error') throw token.value;
  return token;
}

type Target = N.Expr;

export class Parser {
  private readonly stream: TokenStream;
  private readonly tagStack: { name: string; line: number; column: number }[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(
    source: string,
    private readonly template: string | undefined,
  ) {
    this.stream = new TokenStream(tokenize(source, template));
  }

  private fail(message: string, line = this.stream.current.line, column?: number, pyType?: string, opening?: { line: number; column: number }): never {
    const col = column ?? (line === this.stream.current.line ? this.stream.current.column : 1);
    throw new TemplateSyntaxError(message, line, col, this.template, pyType, opening);
  }

  private at(token: Token): { line: number; column: number } {
    return { line: token.line, column: token.column };
  }

  private expect(expr: string): Token {
    const token = this.stream.current;
    if (!this.stream.test(expr)) {
      const what = describeTokenExpr(expr);
      if (token.type === 'eof') this.fail(`unexpected end of template, expected '${what}'.`, token.line, token.column);
      this.fail(`expected token '${what}', got '${describeToken(token)}'`, token.line, token.column);
    }
    return this.stream.next();
  }

  private failUnknownTagOrEof(name: string | null, endTokenStack: string[][], line: number, column: number): never {
    const expected = new Set<string>();
    for (const exprs of endTokenStack) for (const e of exprs) expected.add(describeTokenExpr(e));
    const looking = endTokenStack.length ? endTokenStack[endTokenStack.length - 1]!.map((e) => `'${describeTokenExpr(e)}'`).join(' or ') : null;
    const message = [name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
    if (looking) {
      if (name !== null && expected.has(name)) {
        message.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`);
      } else {
        message.push(`Jinja was looking for the following tags: ${looking}.`);
      }
    }
    const innermost = this.tagStack[this.tagStack.length - 1];
    if (innermost) message.push(`The innermost block that needs to be closed is '${innermost.name}'.`);
    this.fail(message.join(' '), line, column, undefined, innermost && { line: innermost.line, column: innermost.column });
  }

  private failEof(endTokens: string[] | null): never {
    const stack = [...this.endTokenStack];
    if (endTokens) stack.push(endTokens);
    const eof = this.stream.current;
    this.failUnknownTagOrEof(null, stack, eof.line, eof.column);
  }

  private isTupleEnd(extraEndRules: string[] | null): boolean {
    const type = this.stream.type();
    if (type === 'variable_end' || type === 'block_end' || type === 'rparen') return true;
    return extraEndRules !== null && extraEndRules.some((e) => this.stream.test(e));
  }

  // -- statements

  private parseStatement(): N.Stmt | N.Stmt[] {
    const token = this.stream.current;
    if (token.type !== 'name') this.fail('tag name expected', token.line, token.column);
    const name = token.value as string;
    if (!STATEMENT_KEYWORDS.has(name) && name !== 'call' && name !== 'filter') {
      this.failUnknownTagOrEof(name, this.endTokenStack, token.line, token.column);
    }
    // The opening `{%` of this tag, for messages about a block never closed.
    this.tagStack.push({ name, ...this.openingOf(token) });
    try {
      switch (name) {
        case 'for': return this.parseFor();
        case 'if': return this.parseIf();
        case 'block': return this.parseBlock();
        case 'extends': return this.parseExtends();
        case 'print': return this.parsePrint();
        case 'macro': return this.parseMacro();
        case 'include': return this.parseInclude();
        case 'from': return this.parseFrom();
        case 'import': return this.parseImport();
        case 'set': return this.parseSet();
        case 'with': return this.parseWith();
        case 'autoescape': return this.parseAutoescape();
        case 'call': return this.parseCallBlock();
        default: return this.parseFilterBlock();
      }
    } finally {
      this.tagStack.pop();
    }
  }

  /** Position of the `{%` that begins the tag whose name is `token`. */
  private lastBlockBegin: Token | undefined;
  private openingOf(token: Token): { line: number; column: number } {
    return this.lastBlockBegin ? this.at(this.lastBlockBegin) : this.at(token);
  }

  private parseStatements(endTokens: string[], dropNeedle = false): N.Stmt[] {
    this.stream.skipIf('colon');
    this.expect('block_end');
    const result = this.subparse(endTokens);
    if (this.stream.type() === 'eof') this.failEof(endTokens);
    if (dropNeedle) this.stream.next();
    return result;
  }

  private parseSet(): N.Stmt {
    const token = this.stream.next();
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.stream.skipIf('assign')) {
      return { kind: 'Assign', target, node: this.parseTuple(), ...this.at(token) };
    }
    const filter = this.parseFilter(null);
    const body = this.parseStatements(['name:endset'], true);
    return { kind: 'AssignBlock', target, filter: filter as N.FilterNode | null, body, ...this.at(token) };
  }

  private parseFor(): N.Stmt {
    const token = this.expect('name:for');
    const target = this.parseAssignTarget({ extraEndRules: ['name:in'] });
    this.expect('name:in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['name:recursive'] });
    let test: N.Expr | null = null;
    if (this.stream.skipIf('name:if')) test = this.parseExpression();
    const recursive = this.stream.skipIf('name:recursive');
    const body = this.parseStatements(['name:endfor', 'name:else']);
    let else_: N.Stmt[] = [];
    if (this.stream.next().value !== 'endfor') else_ = this.parseStatements(['name:endfor'], true);
    return { kind: 'For', target, iter, body, else_, test, recursive, ...this.at(token) };
  }

  private parseIf(): N.Stmt {
    const token = this.expect('name:if');
    const result: N.IfNode = { kind: 'If', test: null!, body: [], elif: [], else_: [], ...this.at(token) };
    let node = result;
    for (;;) {
      node.test = this.parseTuple({ withCondexpr: false });
      node.body = this.parseStatements(['name:elif', 'name:else', 'name:endif']);
      node.elif = [];
      node.else_ = [];
      const next = this.stream.next();
      if (this.stream.test('name:elif', next)) {
        node = { kind: 'If', test: null!, body: [], elif: [], else_: [], ...this.at(this.stream.current) };
        result.elif.push(node);
        continue;
      } else if (this.stream.test('name:else', next)) {
        result.else_ = this.parseStatements(['name:endif'], true);
      }
      break;
    }
    return result;
  }

  private parseWith(): N.Stmt {
    const token = this.stream.next();
    const targets: N.Expr[] = [];
    const values: N.Expr[] = [];
    while (this.stream.type() !== 'block_end') {
      if (targets.length) this.expect('comma');
      const target = this.parseAssignTarget({});
      setCtx(target, 'param');
      targets.push(target);
      this.expect('assign');
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(['name:endwith'], true);
    return { kind: 'With', targets, values, body, ...this.at(token) };
  }

  private parseAutoescape(): N.Stmt {
    const token = this.stream.next();
    const autoescape = this.parseExpression();
    const body = this.parseStatements(['name:endautoescape'], true);
    const modifier: N.Stmt = { kind: 'ScopedEvalContextModifier', autoescape, body, ...this.at(token) };
    return { kind: 'Scope', body: [modifier], ...this.at(token) };
  }

  private parseBlock(): N.Stmt {
    const token = this.stream.next();
    const name = this.expect('name').value as string;
    const scoped = this.stream.skipIf('name:scoped');
    const required = this.stream.skipIf('name:required');
    if (this.stream.type() === 'sub') {
      this.fail('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.');
    }
    const body = this.parseStatements(['name:endblock'], true);
    if (required) {
      for (const stmt of body) {
        if (stmt.kind !== 'Output' || stmt.nodes.some((n) => n.kind !== 'TemplateData' || !/^\s+$/u.test(n.data))) {
          this.fail('Required blocks can only contain comments or whitespace');
        }
      }
    }
    this.stream.skipIf(`name:${name}`);
    return { kind: 'Block', name, body, scoped, required, ...this.at(token) };
  }

  private parseExtends(): N.Stmt {
    const token = this.stream.next();
    return { kind: 'Extends', template: this.parseExpression(), ...this.at(token) };
  }

  private parseContext(defaultValue: boolean): boolean {
    if ((this.stream.test('name:with') || this.stream.test('name:without')) && this.stream.test('name:context', this.stream.look())) {
      const withContext = this.stream.next().value === 'with';
      this.stream.skip();
      return withContext;
    }
    return defaultValue;
  }

  private parseInclude(): N.Stmt {
    const token = this.stream.next();
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (this.stream.test('name:ignore') && this.stream.test('name:missing', this.stream.look())) {
      ignoreMissing = true;
      this.stream.skip(2);
    }
    return { kind: 'Include', template, ignoreMissing, withContext: this.parseContext(true), ...this.at(token) };
  }

  private parseImport(): N.Stmt {
    const token = this.stream.next();
    const template = this.parseExpression();
    this.expect('name:as');
    const target = this.parseNameTarget().name;
    return { kind: 'Import', template, target, withContext: this.parseContext(false), ...this.at(token) };
  }

  private parseFrom(): N.Stmt {
    const token = this.stream.next();
    const template = this.parseExpression();
    this.expect('name:import');
    const names: [string, string][] = [];
    let withContext: boolean | undefined;
    const parseContext = (): boolean => {
      const value = this.stream.current.value;
      if ((value === 'with' || value === 'without') && this.stream.test('name:context', this.stream.look())) {
        withContext = this.stream.next().value === 'with';
        this.stream.skip();
        return true;
      }
      return false;
    };
    for (;;) {
      if (names.length) this.expect('comma');
      if (this.stream.type() === 'name') {
        if (parseContext()) break;
        const target = this.parseNameTarget();
        if (target.name.startsWith('_')) {
          this.fail('names starting with an underline can not be imported', target.line, target.column, 'TemplateAssertionError');
        }
        if (this.stream.skipIf('name:as')) names.push([target.name, this.parseNameTarget().name]);
        else names.push([target.name, target.name]);
        if (parseContext() || this.stream.type() !== 'comma') break;
      } else {
        this.expect('name');
      }
    }
    return { kind: 'FromImport', template, names, withContext: withContext ?? false, ...this.at(token) };
  }

  private parseSignature(): N.MacroSignature {
    const args: N.NameNode[] = [];
    const defaults: N.Expr[] = [];
    this.expect('lparen');
    while (this.stream.type() !== 'rparen') {
      if (args.length) this.expect('comma');
      const arg = this.parseNameTarget();
      arg.ctx = 'param';
      if (this.stream.skipIf('assign')) defaults.push(this.parseExpression());
      else if (defaults.length) this.fail('non-default argument follows default argument');
      args.push(arg);
    }
    this.expect('rparen');
    return { args, defaults };
  }

  private parseCallBlock(): N.Stmt {
    const token = this.stream.next();
    const signature = this.stream.type() === 'lparen' ? this.parseSignature() : { args: [], defaults: [] };
    const call = this.parseExpression();
    if (call.kind !== 'Call') this.fail('expected call', token.line, token.column);
    const body = this.parseStatements(['name:endcall'], true);
    return { kind: 'CallBlock', call, ...signature, body, ...this.at(token) };
  }

  private parseFilterBlock(): N.Stmt {
    const token = this.stream.next();
    const filter = this.parseFilter(null, true) as N.FilterNode;
    const body = this.parseStatements(['name:endfilter'], true);
    return { kind: 'FilterBlock', body, filter, ...this.at(token) };
  }

  private parseMacro(): N.Stmt {
    const token = this.stream.next();
    const name = this.parseNameTarget().name;
    const signature = this.parseSignature();
    const body = this.parseStatements(['name:endmacro'], true);
    return { kind: 'Macro', name, ...signature, body, ...this.at(token) };
  }

  private parsePrint(): N.Stmt {
    const token = this.stream.next();
    const nodes: N.Expr[] = [];
    while (this.stream.type() !== 'block_end') {
      if (nodes.length) this.expect('comma');
      nodes.push(this.parseExpression());
    }
    return { kind: 'Output', nodes, ...this.at(token) };
  }

  private parseNameTarget(): N.NameNode {
    const token = this.expect('name');
    return { kind: 'Name', name: token.value as string, ctx: 'store', ...this.at(token) };
  }

  private parseAssignTarget(options: { withTuple?: boolean; extraEndRules?: string[]; withNamespace?: boolean }): Target {
    const { withTuple = true, extraEndRules = null, withNamespace = false } = options;
    const target = withTuple
      ? this.parseTuple({ simplified: true, extraEndRules, withNamespace })
      : this.parsePrimary(withNamespace);
    setCtx(target, 'store');
    if (!canAssign(target)) this.fail(`can't assign to '${nodeClassName(target).toLowerCase()}'`, target.line, target.column);
    return target;
  }

  // -- expressions

  parseExpression(withCondexpr = true): N.Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): N.Expr {
    let at = this.at(this.stream.current);
    let expr1 = this.parseOr();
    while (this.stream.skipIf('name:if')) {
      const expr2 = this.parseOr();
      const expr3 = this.stream.skipIf('name:else') ? this.parseCondexpr() : null;
      expr1 = { kind: 'CondExpr', test: expr2, expr1, expr2: expr3, ...at };
      at = this.at(this.stream.current);
    }
    return expr1;
  }

  private parseOr(): N.Expr {
    let at = this.at(this.stream.current);
    let left = this.parseAnd();
    while (this.stream.skipIf('name:or')) {
      left = { kind: 'Binary', op: 'or', left, right: this.parseAnd(), ...at };
      at = this.at(this.stream.current);
    }
    return left;
  }

  private parseAnd(): N.Expr {
    let at = this.at(this.stream.current);
    let left = this.parseNot();
    while (this.stream.skipIf('name:and')) {
      left = { kind: 'Binary', op: 'and', left, right: this.parseNot(), ...at };
      at = this.at(this.stream.current);
    }
    return left;
  }

  private parseNot(): N.Expr {
    if (this.stream.test('name:not')) {
      const token = this.stream.next();
      return { kind: 'Unary', op: 'not', node: this.parseNot(), ...this.at(token) };
    }
    return this.parseCompare();
  }

  private parseCompare(): N.Expr {
    let at = this.at(this.stream.current);
    const expr = this.parseMath1();
    const ops: N.Operand[] = [];
    for (;;) {
      const type = this.stream.type();
      if (COMPARE_OPERATORS.has(type)) {
        this.stream.next();
        ops.push({ op: type as N.CompareOp, expr: this.parseMath1() });
      } else if (this.stream.skipIf('name:in')) {
        ops.push({ op: 'in', expr: this.parseMath1() });
      } else if (this.stream.test('name:not') && this.stream.test('name:in', this.stream.look())) {
        this.stream.skip(2);
        ops.push({ op: 'notin', expr: this.parseMath1() });
      } else {
        break;
      }
      at = this.at(this.stream.current);
    }
    if (!ops.length) return expr;
    return { kind: 'Compare', expr, ops, ...at };
  }

  private parseMath1(): N.Expr {
    let at = this.at(this.stream.current);
    let left = this.parseConcat();
    for (let op = MATH1[this.stream.type()]; op; op = MATH1[this.stream.type()]) {
      this.stream.next();
      left = { kind: 'Binary', op, left, right: this.parseConcat(), ...at };
      at = this.at(this.stream.current);
    }
    return left;
  }

  private parseConcat(): N.Expr {
    const at = this.at(this.stream.current);
    const nodes = [this.parseMath2()];
    while (this.stream.type() === 'tilde') {
      this.stream.next();
      nodes.push(this.parseMath2());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: 'Concat', nodes, ...at };
  }

  private parseMath2(): N.Expr {
    let at = this.at(this.stream.current);
    let left = this.parsePow();
    for (let op = MATH2[this.stream.type()]; op; op = MATH2[this.stream.type()]) {
      this.stream.next();
      left = { kind: 'Binary', op, left, right: this.parsePow(), ...at };
      at = this.at(this.stream.current);
    }
    return left;
  }

  private parsePow(): N.Expr {
    let at = this.at(this.stream.current);
    let left = this.parseUnary();
    while (this.stream.type() === 'pow') {
      this.stream.next();
      left = { kind: 'Binary', op: 'pow', left, right: this.parseUnary(), ...at };
      at = this.at(this.stream.current);
    }
    return left;
  }

  private parseUnary(withFilter = true): N.Expr {
    const token = this.stream.current;
    let node: N.Expr;
    if (token.type === 'sub' || token.type === 'add') {
      this.stream.next();
      node = { kind: 'Unary', op: token.type === 'sub' ? 'neg' : 'pos', node: this.parseUnary(false), ...this.at(token) };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(withNamespace = false): N.Expr {
    const token = this.stream.current;
    if (token.type === 'name') {
      this.stream.next();
      const name = token.value as string;
      if (name === 'true' || name === 'false' || name === 'True' || name === 'False') {
        return { kind: 'Const', value: name === 'true' || name === 'True', ...this.at(token) };
      }
      if (name === 'none' || name === 'None') return { kind: 'Const', value: null, ...this.at(token) };
      if (withNamespace && this.stream.type() === 'dot') {
        this.stream.next();
        const attr = this.expect('name');
        return { kind: 'NSRef', name, attr: attr.value as string, ...this.at(token) };
      }
      return { kind: 'Name', name, ctx: 'load', ...this.at(token) };
    }
    if (token.type === 'string') {
      this.stream.next();
      let value = token.value as string;
      while (this.stream.type() === 'string') value += this.stream.next().value as string;
      return { kind: 'Const', value, ...this.at(token) };
    }
    if (token.type === 'integer') {
      this.stream.next();
      return { kind: 'Const', value: token.value, ...this.at(token) };
    }
    if (token.type === 'float') {
      this.stream.next();
      const n = (token.value as { float: number }).float;
      return { kind: 'Const', value: Number.isInteger(n) ? new PyFloat(n) : n, ...this.at(token) };
    }
    if (token.type === 'lparen') {
      this.stream.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.expect('rparen');
      return node;
    }
    if (token.type === 'lbracket') return this.parseList();
    if (token.type === 'lbrace') return this.parseDict();
    return this.fail(`unexpected '${describeToken(token)}'`, token.line, token.column);
  }

  parseTuple(options: {
    simplified?: boolean;
    withCondexpr?: boolean;
    extraEndRules?: string[] | null;
    explicitParentheses?: boolean;
    withNamespace?: boolean;
  } = {}): N.Expr {
    const { simplified = false, withCondexpr = true, extraEndRules = null, explicitParentheses = false, withNamespace = false } = options;
    let at = this.at(this.stream.current);
    const parse = simplified ? () => this.parsePrimary(withNamespace) : () => this.parseExpression(withCondexpr);
    const items: N.Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expect('comma');
      if (this.isTupleEnd(extraEndRules)) break;
      items.push(parse());
      if (this.stream.type() === 'comma') isTuple = true;
      else break;
      at = this.at(this.stream.current);
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!explicitParentheses) this.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
    }
    return { kind: 'Tuple', items, ctx: 'load', ...at };
  }

  private parseList(): N.Expr {
    const token = this.expect('lbracket');
    const items: N.Expr[] = [];
    while (this.stream.type() !== 'rbracket') {
      if (items.length) this.expect('comma');
      if (this.stream.type() === 'rbracket') break;
      items.push(this.parseExpression());
    }
    this.expect('rbracket');
    return { kind: 'List', items, ...this.at(token) };
  }

  private parseDict(): N.Expr {
    const token = this.expect('lbrace');
    const items: N.Pair[] = [];
    while (this.stream.type() !== 'rbrace') {
      if (items.length) this.expect('comma');
      if (this.stream.type() === 'rbrace') break;
      const key = this.parseExpression();
      this.expect('colon');
      const value = this.parseExpression();
      items.push({ kind: 'Pair', key, value, line: key.line, column: key.column } as N.Pair);
    }
    this.expect('rbrace');
    return { kind: 'Dict', items, ...this.at(token) };
  }

  private parsePostfix(node: N.Expr): N.Expr {
    for (;;) {
      const type = this.stream.type();
      if (type === 'dot' || type === 'lbracket') node = this.parseSubscript(node);
      else if (type === 'lparen') node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: N.Expr): N.Expr {
    for (;;) {
      const type = this.stream.type();
      if (type === 'pipe') node = this.parseFilter(node)!;
      else if (type === 'name' && this.stream.current.value === 'is') node = this.parseTest(node);
      else if (type === 'lparen') node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: N.Expr): N.Expr {
    const token = this.stream.next();
    if (token.type === 'dot') {
      const attr = this.stream.current;
      this.stream.next();
      if (attr.type === 'name') return { kind: 'Getattr', node, attr: attr.value as string, ...this.at(token) };
      if (attr.type !== 'integer') this.fail('expected name or number', attr.line, attr.column);
      return { kind: 'Getitem', node, arg: { kind: 'Const', value: attr.value, ...this.at(attr) }, ...this.at(token) };
    }
    const args: N.Expr[] = [];
    while (this.stream.type() !== 'rbracket') {
      if (args.length) this.expect('comma');
      args.push(this.parseSubscribed());
    }
    this.expect('rbracket');
    const arg = args.length === 1 ? args[0]! : ({ kind: 'Tuple', items: args, ctx: 'load', ...this.at(token) } as N.Expr);
    return { kind: 'Getitem', node, arg, ...this.at(token) };
  }

  private parseSubscribed(): N.Expr {
    const at = this.at(this.stream.current);
    const parts: (N.Expr | null)[] = [];
    if (this.stream.type() === 'colon') {
      this.stream.next();
      parts.push(null);
    } else {
      const node = this.parseExpression();
      if (this.stream.type() !== 'colon') return node;
      this.stream.next();
      parts.push(node);
    }
    const type = () => this.stream.type();
    if (type() === 'colon') parts.push(null);
    else if (type() !== 'rbracket' && type() !== 'comma') parts.push(this.parseExpression());
    else parts.push(null);
    if (type() === 'colon') {
      this.stream.next();
      parts.push(type() !== 'rbracket' && type() !== 'comma' ? this.parseExpression() : null);
    } else {
      parts.push(null);
    }
    return { kind: 'Slice', start: parts[0]!, stop: parts[1]!, step: parts[2]!, ...at };
  }

  private parseCallArgs(): Omit<N.Invocation, 'name'> {
    const token = this.expect('lparen');
    const args: N.Expr[] = [];
    const kwargs: N.Keyword[] = [];
    let dynArgs: N.Expr | null = null;
    let dynKwargs: N.Expr | null = null;
    let requireComma = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail('invalid syntax for function call expression', token.line, token.column);
    };
    while (this.stream.type() !== 'rparen') {
      if (requireComma) {
        this.expect('comma');
        if (this.stream.type() === 'rparen') break;
      }
      if (this.stream.type() === 'mul') {
        ensure(dynArgs === null && dynKwargs === null);
        this.stream.next();
        dynArgs = this.parseExpression();
      } else if (this.stream.type() === 'pow') {
        ensure(dynKwargs === null);
        this.stream.next();
        dynKwargs = this.parseExpression();
      } else if (this.stream.type() === 'name' && this.stream.look().type === 'assign') {
        ensure(dynKwargs === null);
        const key = this.stream.current.value as string;
        this.stream.skip(2);
        const value = this.parseExpression();
        kwargs.push({ kind: 'Keyword', key, value, line: value.line, column: value.column } as N.Keyword);
      } else {
        ensure(dynArgs === null && dynKwargs === null && !kwargs.length);
        args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expect('rparen');
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private parseCall(node: N.Expr): N.Expr {
    const token = this.stream.current;
    return { kind: 'Call', node, ...this.parseCallArgs(), ...this.at(token) };
  }

  private parseFilter(node: N.Expr | null, startInline = false): N.Expr | null {
    while (this.stream.type() === 'pipe' || startInline) {
      if (!startInline) this.stream.next();
      const token = this.expect('name');
      let name = token.value as string;
      while (this.stream.type() === 'dot') {
        this.stream.next();
        name += `.${this.expect('name').value as string}`;
      }
      const call = this.stream.type() === 'lparen' ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      node = { kind: 'Filter', node, name, ...call, ...this.at(token) };
      startInline = false;
    }
    return node;
  }

  private parseTest(node: N.Expr): N.Expr {
    const token = this.stream.next();
    const negated = this.stream.test('name:not');
    if (negated) this.stream.next();
    let name = this.expect('name').value as string;
    while (this.stream.type() === 'dot') {
      this.stream.next();
      name += `.${this.expect('name').value as string}`;
    }
    let call: Omit<N.Invocation, 'name'> = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const type = this.stream.type();
    if (type === 'lparen') {
      call = this.parseCallArgs();
    } else if (
      ['name', 'string', 'integer', 'float', 'lparen', 'lbracket', 'lbrace'].includes(type) &&
      !['name:else', 'name:or', 'name:and'].some((e) => this.stream.test(e))
    ) {
      if (this.stream.test('name:is')) this.fail('You cannot chain multiple tests with is');
      call.args = [this.parsePostfix(this.parsePrimary())];
    }
    const test: N.Expr = { kind: 'Test', node, name, ...call, ...this.at(token) };
    return negated ? { kind: 'Unary', op: 'not', node: test, ...this.at(token) } : test;
  }

  private subparse(endTokens: string[] | null): N.Stmt[] {
    const body: N.Stmt[] = [];
    let data: N.Expr[] = [];
    const flush = () => {
      if (data.length) {
        body.push({ kind: 'Output', nodes: data, line: data[0]!.line, column: data[0]!.column });
        data = [];
      }
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.stream.type() !== 'eof') {
        const token = this.stream.current;
        if (token.type === 'data') {
          if (token.value) data.push({ kind: 'TemplateData', data: token.value as string, ...this.at(token) });
          this.stream.next();
        } else if (token.type === 'variable_begin') {
          this.stream.next();
          data.push(this.parseTuple({ withCondexpr: true }));
          this.expect('variable_end');
        } else if (token.type === 'block_begin') {
          flush();
          this.lastBlockBegin = this.stream.next();
          if (endTokens && endTokens.some((e) => this.stream.test(e))) return body;
          const statement = this.parseStatement();
          if (Array.isArray(statement)) body.push(...statement);
          else body.push(statement);
          this.expect('block_end');
        } else {
          throw new Error('internal parsing error');
        }
      }
      flush();
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
    return body;
  }

  parse(): N.Template {
    return { kind: 'Template', body: this.subparse(null) };
  }
}

function setCtx(node: N.Expr, ctx: N.Ctx): void {
  if (node.kind === 'Name') node.ctx = ctx;
  else if (node.kind === 'Tuple') {
    node.ctx = ctx;
    for (const item of node.items) setCtx(item, ctx);
  }
}

/** jinja2's node class name (Add, Neg, ...) for messages. */
function nodeClassName(node: N.Expr): string {
  if (node.kind === 'Binary') return { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', floordiv: 'FloorDiv', mod: 'Mod', pow: 'Pow', and: 'And', or: 'Or' }[node.op];
  if (node.kind === 'Unary') return { not: 'Not', neg: 'Neg', pos: 'Pos' }[node.op];
  return node.kind;
}

function canAssign(node: N.Expr): boolean {
  if (node.kind === 'Name') return !['true', 'false', 'none', 'True', 'False', 'None'].includes(node.name);
  if (node.kind === 'NSRef') return true;
  if (node.kind === 'Tuple') return node.items.every(canAssign);
  return false;
}

/** Parse normalised source (see normaliseSource) into a template tree. */
export function parseTemplate(source: string, template: string | undefined): N.Template {
  return new Parser(source, template).parse();
}
