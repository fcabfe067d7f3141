/**
 * nunjucks' parser, taught the Jinja2 syntax THT uses that nunjucks parses
 * differently:
 * - `{% for x in xs if cond %}`: nunjucks reads `xs if cond` as an inline if;
 *   Jinja2 filters the items (the loop variables count only what passes).
 * - `x.name` is marked as attribute access so lookups can follow Jinja2's
 *   getattr-then-getitem order (`x['name']` is the reverse).
 * - `{% raw -%}`, `{%- endraw %}`, `{% endraw -%}` whitespace control, and
 *   Jinja2's rule that the first `endraw` closes the block.
 */
import { lexer, nodes, Parser, type NjNode, type NjToken } from './nunjucks-internals.js';

const RAW_END = /([\s\S]*?)\{%(-?)\s*endraw\s*(-?)%\}/;

export class JinjaParser extends Parser {
  parseFor(): NjNode {
    const forTok: NjToken = this.peekToken();
    if (!this.skipSymbol('for')) this.fail('expected for', forTok.lineno, forTok.colno);
    const node = new nodes.For!(forTok.lineno, forTok.colno);
    node.name = this.parsePrimary();
    if (!(node.name instanceof nodes.Symbol!)) this.fail('variable name expected in for loop', forTok.lineno, forTok.colno);
    if (this.peekToken().type === lexer.TOKEN_COMMA) {
      const first = node.name;
      node.name = new nodes.Array!(first.lineno, first.colno);
      node.name.addChild(first);
      while (this.skip(lexer.TOKEN_COMMA)) node.name.addChild(this.parsePrimary());
    }
    if (!this.skipSymbol('in')) this.fail('expected "in" keyword in for loop', forTok.lineno, forTok.colno);
    // Jinja2 parses the iterable without a conditional expression, so a
    // following `if` starts the loop filter.
    node.arr = this.parseOr();
    if (this.skipSymbol('if')) node.test = this.parseExpression();
    this.advanceAfterBlockEnd(forTok.value);
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  }

  parsePostfix(target: NjNode): NjNode {
    let node = target;
    for (let tok: NjToken = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === lexer.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall!(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
        const index = this.parseAggregate();
        if (index.children.length !== 1) this.fail('invalid index', tok.lineno, tok.colno);
        node = new nodes.LookupVal!(tok.lineno, tok.colno, node, index.children[0]);
      } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const name: NjToken = this.nextToken();
        if (name.type !== lexer.TOKEN_SYMBOL) this.fail(`expected a name after ".", got ${name.value}`, name.lineno, name.colno);
        node = new nodes.LookupVal!(tok.lineno, tok.colno, node, new nodes.Literal!(name.lineno, name.colno, name.value));
        node.attr = true;
      } else {
        break;
      }
    }
    return node;
  }

  parseRaw(): NjNode {
    const begun: NjToken = this.advanceAfterBlockEnd();
    // advanceAfterBlockEnd marks `-%}` for the next data token, but raw text
    // never goes through that path: strip here instead.
    this.dropLeadingWhitespace = false;
    const match: RegExpMatchArray | null = this.tokens._extractRegex(RAW_END);
    if (!match) this.fail('missing {% endraw %} for this raw block', begun.lineno, begun.colno);
    let text = match![1]!;
    if (begun.value.startsWith('-')) text = text.replace(/^\s+/, '');
    if (match![2] === '-') text = text.replace(/\s+$/, '');
    if (match![3] === '-') this.dropLeadingWhitespace = true;
    return new nodes.Output!(begun.lineno, begun.colno, [new nodes.TemplateData!(begun.lineno, begun.colno, text)]);
  }
}

/** Parse Jinja2 source (already normalised, see normaliseSource in environment.ts) into a nunjucks AST. */
export function parseJinja(source: string): NjNode {
  const parser = new JinjaParser(lexer.lex(source, {}));
  parser.extensions = [];
  return parser.parseAsRoot();
}
