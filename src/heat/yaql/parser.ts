/**
 * yaql's grammar (yaql/language/parser.py, an LALR table built by PLY from
 * the operator precedences of factory.py) as a precedence-climbing parser that
 * builds the same expression tree (yaql/language/expressions.py) and stops at
 * the same token when the input is wrong.
 *
 * Precedence, tightest first: `.` `?.`; `[...]` and `{...}`; unary `+` `-`;
 * `=~` `!~`; `*` `/` `mod`; `+` `-`; comparisons and `in`; `not`; `and`; `or`;
 * `->` (right-associative). A function call is a name directly followed by
 * `(`; `name => value` is a keyword argument (or a mapping rule for
 * functions that take them).
 */
import { YaqlError, yaqlErrors } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import { pyStr } from './pyops.js';
import { NO_VALUE, type NoValue } from './values.js';

export type Expr = ConstantExpr | WrapExpr | MappingRuleExpr | FunctionExpr;

export interface ConstantExpr {
  kind: 'constant';
  value: unknown;
  /** A bare word (`data` in `$.data`, `key` in `key => 1`): yaql's KeywordConstant. */
  keyword: boolean;
}
export interface WrapExpr {
  kind: 'wrap';
  expr: Expr;
}
export interface MappingRuleExpr {
  kind: 'mapping';
  source: Expr;
  destination: Expr;
}
/**
 * A call of a yaql function: a written call, or what an operator, an index,
 * a list/map literal or `$name` stands for (`#operator_+`, `#indexer`,
 * `#list`, `#map`, `#get_context_data`).
 */
export interface FunctionExpr {
  kind: 'function';
  name: string;
  args: Array<Expr | NoValue>;
  /** Only a written call can be the right side of `.` (yaql's uses_receiver). */
  usesReceiver: boolean;
}

/** Binary operators: precedence (higher binds tighter) and the function they call. */
const BINARY: Record<string, { prec: number; right?: boolean; fn: string }> = {
  '.': { prec: 11, fn: '#operator_.' },
  '?.': { prec: 11, fn: '#operator_?.' },
  '=~': { prec: 8, fn: '#operator_=~' },
  '!~': { prec: 8, fn: '#operator_!~' },
  '*': { prec: 7, fn: '#operator_*' },
  '/': { prec: 7, fn: '#operator_/' },
  mod: { prec: 7, fn: '#operator_mod' },
  '+': { prec: 6, fn: '#operator_+' },
  '-': { prec: 6, fn: '#operator_-' },
  '>': { prec: 5, fn: '#operator_>' },
  '<': { prec: 5, fn: '#operator_<' },
  '>=': { prec: 5, fn: '#operator_>=' },
  '<=': { prec: 5, fn: '#operator_<=' },
  '!=': { prec: 5, fn: '*not_equal' },
  '=': { prec: 5, fn: '*equal' },
  in: { prec: 5, fn: '#operator_in' },
  and: { prec: 3, fn: '#operator_and' },
  or: { prec: 2, fn: '#operator_or' },
  '->': { prec: 1, right: true, fn: '#operator_->' },
};
const INDEX_PREC = 10;
const PREFIX: Record<string, { prec: number; fn: string }> = {
  '+': { prec: 9, fn: '#unary_operator_+' },
  '-': { prec: 9, fn: '#unary_operator_-' },
  not: { prec: 4, fn: '#unary_operator_not' },
};

/**
 * Nesting deeper than this is refused. Python yaql evaluates recursively and
 * raises RecursionError somewhere between 100 and 150 nested calls (depending
 * on the construct); no template comes near.
 */
export const MAX_NESTING = 100;

const call = (name: string, args: Array<Expr | NoValue>, usesReceiver = false): FunctionExpr => ({
  kind: 'function',
  name,
  args,
  usesReceiver,
});

export function parse(expression: string): Expr {
  return new Parser(expression, tokenize(expression)).statement();
}

class Parser {
  private depth = 0;
  private lookahead: Token | undefined;
  private looked = false;
  constructor(
    private readonly source: string,
    private readonly tokens: Iterator<Token>,
  ) {}

  statement(): Expr {
    const e = this.expression(0);
    if (this.peek() !== undefined) this.fail();
    return e;
  }

  private peek(): Token | undefined {
    if (!this.looked) {
      this.lookahead = this.tokens.next().value ?? undefined;
      this.looked = true;
    }
    return this.lookahead;
  }

  /** Consume the lookahead token. */
  private take(): void {
    this.peek();
    this.looked = false;
  }

  /** PLY's p_error: the token it could not use, or the end of the statement. */
  private fail(token: Token | undefined = this.peek()): never {
    throw yaqlErrors.grammar(this.source, token === undefined ? undefined : pyStr(token.value), token?.pos);
  }

  private expect(type: Token['type']): Token {
    const t = this.peek();
    if (t?.type !== type) this.fail(t);
    this.take();
    return t;
  }

  private expression(minPrec: number): Expr {
    if (++this.depth > MAX_NESTING) throw new YaqlError('RecursionError', `expression nested deeper than ${MAX_NESTING} levels`);
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t?.type === 'INDEXER' && INDEX_PREC > minPrec) {
        this.take();
        left = call('#indexer', [left, ...this.args(']')]);
        continue;
      }
      const op = t?.type === 'OP' ? BINARY[t.op!] : undefined;
      if (!op || op.prec <= minPrec) break;
      this.take();
      const right = this.expression(op.right ? op.prec - 1 : op.prec);
      left = call(op.fn, [left, right]);
    }
    this.depth--;
    return left;
  }

  private prefix(): Expr {
    const t = this.peek();
    if (t === undefined) this.fail();
    this.take();
    switch (t.type) {
      case 'QUOTED_STRING':
      case 'NUMBER':
      case 'TRUE':
      case 'FALSE':
      case 'NULL':
        return { kind: 'constant', value: t.value, keyword: false };
      case 'KEYWORD_STRING':
        return { kind: 'constant', value: t.value, keyword: true };
      case 'DOLLAR':
        return call('#get_context_data', [{ kind: 'constant', value: t.value, keyword: false }]);
      case '(': {
        const inner = this.expression(0);
        this.expect(')');
        return { kind: 'wrap', expr: inner };
      }
      case 'INDEXER':
        return call('#list', this.args(']'));
      case 'MAP':
        return call('#map', this.args('}'));
      case 'FUNC':
        return call(t.value as string, this.args(')'), true);
      case 'OP': {
        const op = PREFIX[t.op!];
        if (!op) this.fail(t);
        return call(op.fn, [this.expression(op.prec)]);
      }
      default:
        this.fail(t);
    }
  }

  /**
   * An argument list up to CLOSE, by the grammar's rules: positional slots
   * may be empty (`f(a,,b)`, `f(,a)`), the last positional one may not, and
   * keyword arguments (`k => v`) come last, after at most one empty slot.
   */
  private args(close: ')' | ']' | '}'): Array<Expr | NoValue> {
    const out: Array<Expr | NoValue> = [];
    if (this.peek()?.type === close) {
      this.take();
      return out;
    }
    let named = false;
    let lastValue = -1;
    for (;;) {
      const t = this.peek();
      if (t?.type === ',' || t?.type === close) {
        // An empty slot: fine between positional values, not after a keyword
        // argument and not as the last one.
        if (named || t.type === close) this.fail(t);
        out.push(NO_VALUE);
        this.take();
        continue;
      }
      const value = this.expression(0);
      const next = this.peek();
      if (next?.type === 'MAPPING') {
        // A keyword argument may follow the start, or a value and at most one empty slot.
        const emptyBefore = out.length - 1 - lastValue;
        if (!named && out.length > 0 && (lastValue < 0 || emptyBefore > 1)) this.fail(next);
        this.take();
        out.push({ kind: 'mapping', source: value, destination: this.expression(0) });
        named = true;
      } else {
        if (named) this.fail(next);
        out.push(value);
        lastValue = out.length - 1;
      }
      const sep = this.peek();
      if (sep?.type === close) {
        this.take();
        return out;
      }
      if (sep?.type !== ',') this.fail(sep);
      this.take();
      if (this.peek()?.type === close) this.fail();
    }
  }
}
