/**
 * jinja2 3.1's lexer for the default Environment (`{% %}`, `{{ }}`, `{# #}`,
 * no line statements, trim_blocks and lstrip_blocks off, keep_trailing_newline
 * off): the same regular expressions, applied in the same order, so that
 * whitespace control, raw blocks, brace balancing, literals and the syntax
 * errors (with their messages and lines) come out as jinja2's do.
 */
import { PyException, syntaxError, TemplateSyntaxError, valueError } from './exceptions.js';
import { escapeCodePoint } from '../../yaml/pyprint.js';
import { int } from '../../yaml/python.js';
import { intFromText, tooManyDigitsMessage } from '../../yaml/python-numbers.js';
import { characterByName } from './unicode-names.js';

export type TokenType =
  | 'add' | 'assign' | 'colon' | 'comma' | 'div' | 'dot' | 'eq' | 'floordiv' | 'gt' | 'gteq'
  | 'lbrace' | 'lbracket' | 'lparen' | 'lt' | 'lteq' | 'mod' | 'mul' | 'ne' | 'pipe' | 'pow'
  | 'rbrace' | 'rbracket' | 'rparen' | 'semicolon' | 'sub' | 'tilde'
  | 'float' | 'integer' | 'name' | 'string' | 'data'
  | 'block_begin' | 'block_end' | 'variable_begin' | 'variable_end' | 'eof' | 'initial'
  // Where the lexer failed: the parser's stream raises its value when it reaches it.
  | 'error';

export interface Token {
  type: TokenType;
  /** Name, operator or data text; the decoded string; the number (int: number or bigint). */
  value: unknown;
  line: number;
  column: number;
}

const OPERATORS: Record<string, TokenType> = {
  '+': 'add', '-': 'sub', '/': 'div', '//': 'floordiv', '*': 'mul', '%': 'mod', '**': 'pow',
  '~': 'tilde', '[': 'lbracket', ']': 'rbracket', '(': 'lparen', ')': 'rparen', '{': 'lbrace',
  '}': 'rbrace', '==': 'eq', '!=': 'ne', '>': 'gt', '>=': 'gteq', '<': 'lt', '<=': 'lteq',
  '=': 'assign', '.': 'dot', ':': 'colon', '|': 'pipe', ',': 'comma', ';': 'semicolon',
};

const DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  data: 'template data / text',
  eof: 'end of template',
};
const OPERATOR_TEXT = Object.fromEntries(Object.entries(OPERATORS).map(([k, v]) => [v, k])) as Record<string, string>;

/** jinja2's `_describe_token_type`. */
export function describeTokenType(type: string): string {
  return OPERATOR_TEXT[type] ?? DESCRIPTIONS[type as TokenType] ?? type;
}

/** jinja2's `describe_token`: a name token describes itself. */
export function describeToken(token: Token): string {
  return token.type === 'name' ? String(token.value) : describeTokenType(token.type);
}

/** `type` or `type:value` expressions, as the parser writes them. */
export function describeTokenExpr(expr: string): string {
  const colon = expr.indexOf(':');
  if (colon >= 0) {
    const type = expr.slice(0, colon);
    return type === 'name' ? expr.slice(colon + 1) : describeTokenType(type);
  }
  return describeTokenType(expr);
}

// Python's `\s` and `\d` for str patterns (Unicode), which JS's differ from.
const WS = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const DIGIT = '\\p{Nd}';

const sticky = (source: string) => new RegExp(source, 'suy');

const WHITESPACE_RE = sticky(`${WS}+`);
const FLOAT_RE = sticky(`(?<!\\.)(?:${DIGIT}+_)*${DIGIT}+(?:(?:\\.(?:${DIGIT}+_)*${DIGIT}+)?[eE][+\\-]?(?:${DIGIT}+_)*${DIGIT}+|\\.(?:${DIGIT}+_)*${DIGIT}+)`);
const INTEGER_RE = sticky(`(?:0[bB](?:_?[0-1])+|0[oO](?:_?[0-7])+|0[xX](?:_?[${DIGIT.slice(0)}a-fA-F])+|[1-9](?:_?${DIGIT})*|0(?:_?0)*)`);
/** jinja2's identifier pattern: `\w` plus the other XID_Continue characters. */
const NAME_RE = sticky('[\\p{L}\\p{N}_\\p{XIDC}]+'.replace('\\p{XIDC}', '\\p{XID_Continue}'));
const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;
const STRING_RE = sticky(`'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|"([^"\\\\]*(?:\\\\.[^"\\\\]*)*)"`);
const OPERATOR_RE = sticky(
  Object.keys(OPERATORS)
    .sort((a, b) => b.length - a.length)
    .map((op) => op.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
);

/** Text up to the next tag; the groups say which tag and its whitespace-control sign. */
const ROOT_RE = sticky(
  '(.*?)(?:(?<raw_begin>\\{%(?<raw_sign>-|\\+|)' + WS + '*raw' + WS + '*(?:-%\\}' + WS + '*|%\\}))' +
    '|(?<variable_begin>\\{\\{(?<variable_sign>-|\\+|))' +
    '|(?<comment_begin>\\{#(?<comment_sign>-|\\+|))' +
    '|(?<block_begin>\\{%(?<block_sign>-|\\+|)))',
);
const DATA_RE = sticky('.+');
const COMMENT_RE = sticky(`(.*?)(?:\\+#\\}|-#\\}${WS}*|#\\})`);
const BLOCK_END_RE = sticky(`\\+%\\}|-%\\}${WS}*|%\\}`);
const VARIABLE_END_RE = sticky(`-\\}\\}${WS}*|\\}\\}`);
const RAW_RE = sticky(`(.*?)\\{%(-|\\+|)${WS}*endraw${WS}*(?:\\+%\\}|-%\\}${WS}*|%\\})`);
const TRAILING_WS = new RegExp(`${WS}+$`, 'u');

/** Python's `str.count('\n')`. */
function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Python string index (code points) of a JS string offset, for jinja2's "at N" messages. */
function codePointIndex(s: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < offset) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) i++;
    }
    n++;
  }
  return n;
}

/**
 * Template source as jinja2's lexer sees it: `\r\n` and `\r` become `\n`,
 * and one trailing newline is dropped (keep_trailing_newline=False).
 */
export function normaliseSource(text: string): string {
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return unix.endsWith('\n') ? unix.slice(0, -1) : unix;
}

/** Python's `repr()` of a one-character string, for "unexpected char" messages. */
function charRepr(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (ch === "'") return `"'"`;
  if (ch === '\\') return "'\\\\'";
  if (ch === '\t') return "'\\t'";
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  return `'${ch}'`;
}

type State = 'root' | 'block' | 'variable';

/**
 * Tokenise normalised source into the token list the parser reads
 * (whitespace and comments dropped). jinja2 lexes as its parser reads, so a
 * lexer error past a parse error is never raised: one that stops the lexer
 * here ends the list as an `error` token, which the parser's stream raises
 * only when it reaches it.
 */
export function tokenize(source: string, template: string | undefined): Token[] {
  const tokens: Token[] = [];
  try {
    lex(source, template, tokens);
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    const last = tokens[tokens.length - 1];
    tokens.push({ type: 'error', value: e, line: last?.line ?? 1, column: last?.column ?? 1 });
  }
  return tokens;
}

function lex(source: string, template: string | undefined, tokens: Token[]): void {
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const stack: State[] = ['root'];
  const balancing: string[] = [];
  const fail = (message: string, atLine = line, at = pos): never => {
    throw new TemplateSyntaxError(message, atLine, at - lineStart + 1, template);
  };
  const advanceLines = (text: string, start: number) => {
    const n = countNewlines(text);
    if (n) {
      line += n;
      lineStart = start + text.lastIndexOf('\n') + 1;
    }
  };
  const push = (type: TokenType, value: unknown, at: number, atLine: number, atLineStart: number) => {
    tokens.push({ type, value, line: atLine, column: at - atLineStart + 1 });
  };
  const match = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    return re.exec(source);
  };

  while (pos < source.length) {
    const state = stack[stack.length - 1]!;
    if (state === 'root') {
      const m = match(ROOT_RE);
      if (!m) {
        const rest = match(DATA_RE)![0];
        push('data', rest, pos, line, lineStart);
        advanceLines(rest, pos);
        pos += rest.length;
        break;
      }
      const g = m.groups!;
      let text = m[1]!;
      const sign = g.raw_sign ?? g.variable_sign ?? g.comment_sign ?? g.block_sign;
      let stripped = 0;
      if (sign === '-') {
        const trimmed = text.replace(TRAILING_WS, '');
        stripped = countNewlines(text.slice(trimmed.length));
        text = trimmed;
      }
      if (text) push('data', text, pos, line, lineStart);
      advanceLines(text, pos);
      if (stripped) {
        line += stripped;
        lineStart = pos + m[1]!.lastIndexOf('\n') + 1;
      }
      const tagStart = pos + m[1]!.length;
      const tag = m[0].slice(m[1]!.length);
      if (g.raw_begin !== undefined) {
        advanceLines(tag, tagStart);
        pos += m[0].length;
        const r = match(RAW_RE);
        if (!r) {
          if (pos >= source.length) break;
          fail('Missing end of raw directive');
        }
        let raw = r![1]!;
        if (r![2] === '-') raw = raw.replace(TRAILING_WS, '');
        if (raw) push('data', raw, pos, line, lineStart);
        advanceLines(r![0], pos);
        pos += r![0].length;
        continue;
      }
      pos += m[0].length;
      if (g.comment_begin !== undefined) {
        const c = match(COMMENT_RE);
        // jinja2 fails on the next character; with none left, the template just ends.
        if (!c) {
          if (pos >= source.length) break;
          fail('Missing end of comment tag');
        }
        advanceLines(c![0], pos);
        pos += c![0].length;
        continue;
      }
      const kind = g.variable_begin !== undefined ? 'variable' : 'block';
      push(kind === 'variable' ? 'variable_begin' : 'block_begin', tag, tagStart, line, lineStart);
      stack.push(kind);
      continue;
    }
    // An ASCII letter or `_` (most tokens start a name) starts no end tag, white space or number: those patterns are not tried.
    const c = source.charCodeAt(pos);
    const nameStart = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
    // Inside {% %} or {{ }}: the end tag counts only when brackets are balanced.
    if (!balancing.length && !nameStart) {
      const end = match(state === 'block' ? BLOCK_END_RE : VARIABLE_END_RE);
      if (end) {
        push(state === 'block' ? 'block_end' : 'variable_end', end[0], pos, line, lineStart);
        advanceLines(end[0], pos);
        pos += end[0].length;
        stack.pop();
        continue;
      }
    }
    let m = nameStart ? null : match(WHITESPACE_RE);
    if (m) {
      advanceLines(m[0], pos);
      pos += m[0].length;
      continue;
    }
    const at = pos;
    if (!nameStart && (m = match(FLOAT_RE))) {
      push('float', parseFloatLiteral(m[0]), at, line, lineStart);
    } else if (!nameStart && (m = match(INTEGER_RE))) {
      push('integer', parseIntLiteral(m[0]), at, line, lineStart);
    } else if ((m = match(NAME_RE))) {
      if (!IDENTIFIER.test(m[0])) fail('Invalid character in identifier');
      push('name', m[0], at, line, lineStart);
    } else if ((m = match(STRING_RE))) {
      let value: string;
      try {
        value = decodeStringLiteral(m[0].slice(1, -1));
      } catch (e) {
        return fail((e as Error).message);
      }
      push('string', value, at, line, lineStart);
    } else if ((m = match(OPERATOR_RE))) {
      const op = m[0];
      if (op === '{' || op === '(' || op === '[') balancing.push(op === '{' ? '}' : op === '(' ? ')' : ']');
      else if (op === '}' || op === ')' || op === ']') {
        if (!balancing.length) fail(`unexpected '${op}'`);
        const expected = balancing.pop();
        if (expected !== op) fail(`unexpected '${op}', expected '${expected}'`);
      }
      push(OPERATORS[op]!, op, at, line, lineStart);
    } else {
      fail(`unexpected char ${charRepr(String.fromCodePoint(source.codePointAt(pos)!))} at ${codePointIndex(source, pos)}`);
    }
    advanceLines(m![0], at);
    pos += m![0].length;
  }
  tokens.push({ type: 'eof', value: '', line: tokens.length ? tokens[tokens.length - 1]!.line : 1, column: pos - lineStart + 1 });
}

/**
 * Python's `int(text.replace('_', ''), 0)`, as jinja2 reads an integer
 * literal, outside its own error handling: past 4300 decimal digits that
 * raises Python's ValueError itself.
 */
function parseIntLiteral(text: string): number | bigint {
  const n = intFromText(text.replace(/_/g, ''), 0);
  if (typeof n === 'object') throw valueError(tooManyDigitsMessage(n));
  // INTEGER_RE matches only what int(..., 0) takes.
  return int(n!);
}

/**
 * Python's `literal_eval` of a float literal: always a float (1e3 is
 * 1000.0). Python's tokenizer takes only ASCII digits in a literal (int()
 * takes the others), and jinja2 calls it outside its own error handling: a
 * float literal with another decimal digit raises Python's SyntaxError.
 */
function parseFloatLiteral(text: string): { float: number } {
  const source = text.replace(/_/g, '');
  const other = /[^\x00-\x7f]/u.exec(source);
  if (other) {
    const ch = other[0];
    const problem = /[eE][+-]?$/.test(source.slice(0, other.index))
      ? 'invalid decimal literal'
      : `invalid character '${ch}' (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
    throw syntaxError(`${problem} (<unknown>, line 1)`);
  }
  return { float: Number(source) };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/**
 * jinja2's string literal decoding: the text is made ASCII with
 * backslashreplace, then decoded with Python's `unicode-escape` codec (so a
 * backslash before a non-ASCII character stays a literal backslash).
 */
export function decodeStringLiteral(body: string): string {
  const text = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  if (!text.includes('\\')) return text;
  let ascii = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    ascii += cp < 0x80 ? ch : escapeCodePoint(cp);
  }
  let out = '';
  for (let i = 0; i < ascii.length; i++) {
    const ch = ascii[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = ascii[i + 1];
    if (next === undefined) throw new Error('\\ at end of string');
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next >= '0' && next <= '7') {
      let j = i + 1;
      while (j < i + 4 && ascii[j]! >= '0' && ascii[j]! <= '7') j++;
      out += String.fromCodePoint(parseInt(ascii.slice(i + 1, j), 8));
      i = j - 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const size = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = ascii.slice(i + 2, i + 2 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) throw new Error(`truncated \\${next === 'x' ? 'xXX' : next === 'u' ? 'uXXXX' : 'UXXXXXXXX'} escape`);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new Error('illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += 1 + size;
    } else if (next === 'N') {
      const close = ascii.indexOf('}', i);
      if (ascii[i + 2] !== '{' || close < 0 || close === i + 3) throw new Error('malformed \\N character escape');
      const cp = characterByName(ascii.slice(i + 3, close));
      if (cp === undefined) throw new Error('unknown Unicode character name');
      out += String.fromCodePoint(cp);
      i = close;
    } else {
      out += ch;
    }
  }
  return out;
}

