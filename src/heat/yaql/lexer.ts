/**
 * yaql's lexer (yaql/language/lexer.py, run by PLY). PLY tries the rules in a
 * fixed order at each position and takes the first that matches, not the
 * longest: the function rules in source order (DOLLAR, NUMBER, FUNC,
 * KEYWORD_STRING, the three string forms), then the operator strings by
 * decreasing regex length. Positions are code-point offsets, as Python's.
 */
import { float, int } from '../../yaml/python.js';
import { unsupported, yaqlErrors, YaqlError } from './errors.js';

export type TokenType =
  | 'NUMBER'
  | 'QUOTED_STRING'
  | 'KEYWORD_STRING'
  | 'FUNC'
  | 'DOLLAR'
  | 'TRUE'
  | 'FALSE'
  | 'NULL'
  | 'OP'
  | 'MAPPING'
  | 'INDEXER'
  | 'MAP'
  | '('
  | ')'
  | ']'
  | ','
  | '}';

export interface Token {
  type: TokenType;
  /** The token's value as PLY gives it (a number, the decoded string, the operator...). */
  value: unknown;
  /** For OP tokens: the operator symbol. */
  op?: string;
  pos: number;
}

/** Operator strings in the order PLY tries them (regex length, then rule name). */
const OPERATOR_ORDER = ['?.', '=~', '!~', 'mod', 'not', 'and', '->', '[', '=>', '.', '+', '-', '*', '>=', '<=', '!=', 'in', 'or', '{', '/', '>', '<', '='];
/** Words that are operators when they come as a KEYWORD_STRING. */
const WORD_OPERATORS = new Set(['mod', 'not', 'and', 'in', 'or']);
const LITERALS = new Set(['(', ')', ']', ',', '}']);

// Python's \w and \d under re.UNICODE.
const WORD = /[\p{L}\p{N}_]/u;
const DIGIT = /\p{Nd}/u;
const isWord = (c: string | undefined): boolean => c !== undefined && WORD.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && DIGIT.test(c);

/** The tokens of EXPRESSION, made one at a time as the parser asks (so a syntax error before a lexical one wins, as in PLY). */
export function* tokenize(expression: string): Generator<Token> {
  const cs = Array.from(expression);
  const boundary = (i: number): boolean => isWord(cs[i - 1]) !== isWord(cs[i]);
  let i = 0;
  while (i < cs.length) {
    const c = cs[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const t = dollar(cs, i) ?? number(cs, i, boundary) ?? identifier(cs, i, boundary) ?? quoted(cs, i) ?? operator(cs, i);
    if (t) {
      yield t.token;
      i = t.end;
      continue;
    }
    if (LITERALS.has(c)) {
      yield { type: c as TokenType, value: c, pos: i };
      i++;
      continue;
    }
    throw yaqlErrors.lexical(c, i);
  }
}

type Scan = { token: Token; end: number } | undefined;

function dollar(cs: string[], i: number): Scan {
  if (cs[i] !== '$') return undefined;
  let j = i + 1;
  while (isWord(cs[j])) j++;
  return { token: { type: 'DOLLAR', value: cs.slice(i, j).join(''), pos: i }, end: j };
}

/** `\b\d+(\.?\d+)?\b`, with the regex's backtracking. */
function number(cs: string[], i: number, boundary: (i: number) => boolean): Scan {
  if (!isDigit(cs[i]) || !boundary(i)) return undefined;
  let j = i;
  while (isDigit(cs[j])) j++;
  if (cs[j] === '.' && isDigit(cs[j + 1])) {
    let k = j + 1;
    while (isDigit(cs[k])) k++;
    if (boundary(k)) return { token: { type: 'NUMBER', value: toFloat(cs.slice(i, k)), pos: i }, end: k };
  }
  if (boundary(j)) return { token: { type: 'NUMBER', value: toInt(cs.slice(i, j)), pos: i }, end: j };
  return undefined;
}

function asciiDigits(chars: string[]): string {
  if (chars.some((c) => c !== '.' && (c < '0' || c > '9'))) throw unsupported('a number written with non-ASCII digits');
  return chars.join('');
}
const toInt = (chars: string[]): number | bigint => int(BigInt(asciiDigits(chars)));
const toFloat = (chars: string[]): unknown => float(Number(asciiDigits(chars)));

/** FUNC `\b[^\W\d]\w*\(` and KEYWORD_STRING `(?!__)\b[^\W\d]\w*\b` (with the word operators and true/false/null). */
function identifier(cs: string[], i: number, boundary: (i: number) => boolean): Scan {
  const c = cs[i];
  if (!isWord(c) || isDigit(c) || !boundary(i)) return undefined;
  let j = i + 1;
  while (isWord(cs[j])) j++;
  const word = cs.slice(i, j).join('');
  if (cs[j] === '(') return { token: { type: 'FUNC', value: word, pos: i }, end: j + 1 };
  if (word.startsWith('__')) return undefined;
  if (WORD_OPERATORS.has(word)) return { token: { type: 'OP', value: word, op: word, pos: i }, end: j };
  if (word === 'true') return { token: { type: 'TRUE', value: true, pos: i }, end: j };
  if (word === 'false') return { token: { type: 'FALSE', value: false, pos: i }, end: j };
  if (word === 'null') return { token: { type: 'NULL', value: null, pos: i }, end: j };
  return { token: { type: 'KEYWORD_STRING', value: word, pos: i }, end: j };
}

/** '...' and "..." (escapes decoded) and `...` (only \` decoded); a backslash cannot escape a line break. */
function quoted(cs: string[], i: number): Scan {
  const q = cs[i];
  if (q !== "'" && q !== '"' && q !== '`') return undefined;
  let j = i + 1;
  for (;;) {
    const c = cs[j];
    if (c === undefined) return undefined;
    if (c === q) break;
    if (c === '\\') {
      if (cs[j + 1] === undefined || cs[j + 1] === '\n') return undefined;
      j += 2;
    } else j++;
  }
  const inner = cs.slice(i + 1, j);
  const value = q === '`' ? inner.join('').replaceAll('\\`', '`') : decodeEscapes(inner);
  return { token: { type: 'QUOTED_STRING', value, pos: i }, end: j + 1 };
}

const HEX_ESCAPE_LENGTHS: Record<string, number> = { U: 8, u: 4, x: 2 };

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * lexer.decode_escapes: each escape its regex finds (\U and 8 characters, \u
 * and 4, \x and 2, 1-3 octal digits, \N{...}, a one-letter escape; `.` there
 * does not match a line break) is decoded by Python's unicode-escape codec;
 * other backslashes stay.
 */
function decodeEscapes(cs: string[]): string {
  let out = '';
  let i = 0;
  while (i < cs.length) {
    const c = cs[i]!;
    const n = cs[i + 1];
    const escape = c === '\\' && n !== undefined ? decodeEscape(cs, i) : undefined;
    if (escape) {
      out += escape.text;
      i += escape.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function decodeEscape(cs: string[], i: number): { text: string; length: number } | undefined {
  const n = cs[i + 1]!;
  const fixed = HEX_ESCAPE_LENGTHS[n];
  if (fixed !== undefined) {
    const body = cs.slice(i + 2, i + 2 + fixed);
    if (body.length < fixed || body.includes('\n')) return undefined;
    const valid = body.findIndex((d) => !/[0-9a-fA-F]/.test(d));
    const what = `\\${n}${'X'.repeat(fixed)}`;
    if (valid >= 0) throw codecError(`position 0-${1 + valid}: truncated ${what} escape`);
    const cp = parseInt(body.join(''), 16);
    if (cp > 0x10ffff) throw codecError(`position 0-${1 + fixed}: illegal Unicode character`);
    return { text: String.fromCodePoint(cp), length: 2 + fixed };
  }
  if (/[0-7]/.test(n)) {
    let k = i + 1;
    while (k < cs.length && k < i + 4 && /[0-7]/.test(cs[k]!)) k++;
    return { text: String.fromCodePoint(parseInt(cs.slice(i + 1, k).join(''), 8)), length: k - i };
  }
  if (n === 'N' && cs[i + 2] === '{') {
    const close = cs.indexOf('}', i + 3);
    if (close > i + 3 && !cs.slice(i + 3, close).includes('\n')) throw unsupported('a \\N{...} escape in a yaql string');
    return undefined;
  }
  const simple = SIMPLE_ESCAPES[n];
  return simple === undefined ? undefined : { text: simple, length: 2 };
}

const codecError = (where: string): YaqlError =>
  new YaqlError('UnicodeDecodeError', `'unicodeescape' codec can't decode bytes in ${where}`);

function operator(cs: string[], i: number): Scan {
  for (const op of OPERATOR_ORDER) {
    if (cs.slice(i, i + op.length).join('') !== op) continue;
    if (op === '=>') return { token: { type: 'MAPPING', value: op, pos: i }, end: i + 2 };
    if (op === '[') return { token: { type: 'INDEXER', value: op, pos: i }, end: i + 1 };
    if (op === '{') return { token: { type: 'MAP', value: op, pos: i }, end: i + 1 };
    return { token: { type: 'OP', value: op, op, pos: i }, end: i + op.length };
  }
  return undefined;
}
