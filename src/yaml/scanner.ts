/**
 * The YAML 1.1 tokenizer, behaving as PyYAML's scanner does: the same tokens,
 * the same "simple key" rules (a key must fit on one line and in 1024
 * characters), the same indentation tokens, and the same refusals (a tab
 * where PyYAML expects a token, `@` or a backquote starting a scalar, ...).
 * With `libyaml` set it follows libyaml instead where the two differ, as
 * Heat loads templates with PyYAML's libyaml binding (CSafeLoader): tabs as
 * separating white space, a byte order mark at the start of any line, `?`
 * inside plain scalars of flow collections, unknown directives refused.
 *
 * Positions are UTF-16 offsets into the text; lines and columns come from
 * the LineIndex when a rule needs them (indentation) or an error is raised.
 */
import { YamlError } from './error.js';
import { columnsBetween, hasWideCharacters, type LineIndex } from './lines.js';

export const STREAM_START = 0;
export const STREAM_END = 1;
export const DIRECTIVE = 2;
export const DOCUMENT_START = 3;
export const DOCUMENT_END = 4;
export const BLOCK_SEQUENCE_START = 5;
export const BLOCK_MAPPING_START = 6;
export const BLOCK_END = 7;
export const FLOW_SEQUENCE_START = 8;
export const FLOW_MAPPING_START = 9;
export const FLOW_SEQUENCE_END = 10;
export const FLOW_MAPPING_END = 11;
export const BLOCK_ENTRY = 12;
export const FLOW_ENTRY = 13;
export const KEY = 14;
export const VALUE = 15;
export const ALIAS = 16;
export const ANCHOR = 17;
export const TAG = 18;
export const SCALAR = 19;

/** How each token is named in messages. */
export const TOKEN_NAMES = [
  'the start of the stream',
  'the end of the file',
  'a directive',
  "a document start ('---')",
  "a document end ('...')",
  'the start of a block sequence',
  'the start of a block mapping',
  'the end of a block',
  "'['",
  "'{'",
  "']'",
  "'}'",
  "a sequence entry ('-')",
  "','",
  'a mapping key',
  "a mapping value (':')",
  'an alias',
  'an anchor',
  'a tag',
  'a scalar',
];

export const PLAIN = 0;
export const SINGLE_QUOTED = 1;
export const DOUBLE_QUOTED = 2;
export const LITERAL = 3;
export const FOLDED = 4;

export interface Token {
  readonly kind: number;
  readonly start: number;
  readonly end: number;
  /** Scalar text, anchor or alias name, tag suffix, directive name. */
  readonly value: string;
  /** Scalars: PLAIN ... FOLDED. */
  readonly style: number;
  /** Tags: the handle (null for a verbatim tag or a bare `!`); directives: the first argument. */
  readonly handle: string | null;
  /** Directives: the second argument (%YAML minor version, %TAG prefix). */
  readonly extra: string | null;
}

/**
 * A token as an object literal: one shape for every token, and none of the
 * field definitions a class instance runs, which cost most before V8 has
 * optimised the scanner (a command reads each file once, cold).
 */
function token(kind: number, start: number, end: number, value = '', style = PLAIN, handle: string | null = null, extra: string | null = null): Token {
  return { kind, start, end, value, style, handle, extra };
}

interface SimpleKey {
  /** The flow level it was found at (PyYAML keeps at most one per level). */
  level: number;
  tokenNumber: number;
  required: boolean;
  offset: number;
  line: number;
  column: number;
}

/** The deepest indentation or flow nesting tht reads (see limits.ts for why). */
export interface ScannerLimits {
  maxDepth: number;
}

// Character classes, on char codes. NUL stands for the end of the text.
/**
 * A run of a plain scalar's word that needs no thought: up to a blank, a
 * break, the end, or a `:` (which ends the scalar when a blank follows); in
 * flow context also up to `,[]{}` and `?`.
 */
export const PLAIN_RUN_BLOCK = /[^\0\t\n\r :\x85\u2028\u2029]*/y;
export const PLAIN_RUN_FLOW = /[^\0\t\n\r ,:?[\]{}\x85\u2028\u2029]*/y;
const isBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBreakOrEnd = (c: number): boolean => c === 0 || isBreak(c);
/** The first character that ends a quoted scalar's fast path: its quote, an escape, a line break. */
export const DOUBLE_QUOTED_SPECIAL = /["\\\n\r\x85\u2028\u2029]/g;
export const SINGLE_QUOTED_SPECIAL = /['\n\r\x85\u2028\u2029]/g;
/** The rest of a line, up to its break or the end of the text (a comment, a line of a block scalar): matched natively, not char by char. */
const LINE_REST = /[^\0\n\r\x85\u2028\u2029]*/y;
/** `'\0 \t\r\n\x85\u2028\u2029'`: what may follow an indicator. */
const isBlankOrEnd = (c: number): boolean => c === 32 || c === 9 || isBreakOrEnd(c);
/** `'\0 \r\n\x85\u2028\u2029'` (no tab). */
const isSpaceOrEnd = (c: number): boolean => c === 32 || isBreakOrEnd(c);
export const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
export const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** Characters a plain scalar cannot start with: `-?:,[]{}#&*!|>'"%@` and backquote (a table: asked once per plain scalar). */
export const NOT_PLAIN_START = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;
/** Characters a URI (tag) may hold besides letters, digits, `-` and `_`. */
const URI_CHARS = new Set([...";/?:@&=+$,.!~*'()[]%"].map((c) => c.charCodeAt(0)));
/** Characters that may follow an anchor or alias name: blanks and `?:,]}%@` backquote. */
const AFTER_ANCHOR = new Set([...'?:,]}%@`'].map((c) => c.charCodeAt(0)));

export const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\x08', t: '\t', '\t': '\t', n: '\n', v: '\x0b', f: '\x0c', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '\\': '\\', '/': '/', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
export const ESCAPE_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

export class Scanner {
  /** The text with a NUL appended: every look-ahead past the end reads 0. */
  private readonly src: string;
  private pos = 0;
  /** The current line and where it starts (every line break goes through skipLineBreak). */
  private line = 0;
  private lineStart = 0;
  /** Whether columns need counting (astral characters or BOMs in the text). */
  private readonly wide: boolean;
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private allowSimpleKey = true;
  /** Possible simple keys, at most one per flow level. */
  private readonly simpleKeys: SimpleKey[] = [];
  /**
   * The queue, tokens[head] to tokens[tail - 1]: taking a token moves head,
   * and an emptied queue starts again at 0 (no shift, no resize of the array).
   */
  private readonly tokens: Token[] = [];
  private head = 0;
  private tail = 0;
  private tokensTaken = 0;
  private done = false;
  /** Whether the head of the queue is final (see peek). */
  private settled = false;

  constructor(
    text: string,
    private readonly lines: LineIndex,
    private readonly libyaml: boolean,
    private readonly limits: ScannerLimits,
  ) {
    this.src = `${text}\0`;
    this.wide = hasWideCharacters(text);
    this.enqueue(token(STREAM_START, 0, 0));
  }

  /** The next token, without taking it. */
  peek(): Token {
    // Once the head token is known not to become a simple key, nothing changes until it is taken.
    if (!this.settled) {
      while (this.needMoreTokens()) this.fetchMoreTokens();
      this.settled = true;
    }
    return this.tokens[this.head]!;
  }

  /** The next token's kind. */
  peekKind(): number {
    return this.settled ? this.tokens[this.head]!.kind : this.peek().kind;
  }

  /** Take the next token. */
  next(): Token {
    const next = this.peek();
    if (++this.head === this.tail) this.head = this.tail = 0;
    this.tokensTaken++;
    this.settled = false;
    return next;
  }

  // ---- positions

  private ch(ahead = 0): number {
    return this.src.charCodeAt(this.pos + ahead);
  }

  private column(): number {
    return this.wide ? columnsBetween(this.src, this.lineStart, this.pos, this.libyaml) : this.pos - this.lineStart;
  }

  private error(message: string, offset = this.pos): YamlError {
    return new YamlError(message, offset);
  }

  // ---- the token queue

  private needMoreTokens(): boolean {
    if (this.done) {
      // libyaml still checks the simple keys it kept at the end of the stream.
      if (this.simpleKeys.length > 0) this.stalePossibleSimpleKeys();
      return false;
    }
    if (this.head === this.tail) return true;
    // The next token may still turn out to be a simple key: then the KEY token goes before it.
    if (this.simpleKeys.length === 0) return false;
    this.stalePossibleSimpleKeys();
    return this.nextPossibleSimpleKey() === this.tokensTaken;
  }

  private fetchMoreTokens(): void {
    this.scanToNextToken();
    this.stalePossibleSimpleKeys();
    const column = this.column();
    this.unwindIndent(column);
    const c = this.ch();
    switch (c) {
      case 0:
        return this.fetchStreamEnd();
      case 37: // %
        if (column === 0) return this.fetchDirective();
        break;
      case 45: // -
        if (column === 0 && this.isDocumentIndicator(45)) return this.fetchDocumentIndicator(DOCUMENT_START);
        if (isBlankOrEnd(this.ch(1))) return this.fetchBlockEntry();
        break;
      case 46: // .
        if (column === 0 && this.isDocumentIndicator(46)) return this.fetchDocumentIndicator(DOCUMENT_END);
        break;
      case 91: // [
        return this.fetchFlowCollectionStart(FLOW_SEQUENCE_START);
      case 123: // {
        return this.fetchFlowCollectionStart(FLOW_MAPPING_START);
      case 93: // ]
        return this.fetchFlowCollectionEnd(FLOW_SEQUENCE_END);
      case 125: // }
        return this.fetchFlowCollectionEnd(FLOW_MAPPING_END);
      case 44: // ,
        return this.fetchFlowEntry();
      case 63: // ?
        if (this.flowLevel !== 0 || isBlankOrEnd(this.ch(1))) return this.fetchKey();
        break;
      case 58: // :
        if (this.flowLevel !== 0 || isBlankOrEnd(this.ch(1))) return this.fetchValue();
        break;
      case 42: // *
        return this.fetchAnchor(ALIAS);
      case 38: // &
        return this.fetchAnchor(ANCHOR);
      case 33: // !
        return this.fetchTag();
      case 124: // |
        if (this.flowLevel === 0) return this.fetchBlockScalar(LITERAL);
        break;
      case 62: // >
        if (this.flowLevel === 0) return this.fetchBlockScalar(FOLDED);
        break;
      case 39: // '
        return this.fetchFlowScalar(SINGLE_QUOTED);
      case 34: // "
        return this.fetchFlowScalar(DOUBLE_QUOTED);
    }
    if (this.checkPlain(c)) return this.fetchPlain();
    throw this.error(
      c === 9 ? 'a tab character where a token should start (YAML indentation and separation use spaces)' : `the character ${describe(c)} cannot start any token`,
    );
  }

  private isDocumentIndicator(c: number): boolean {
    return this.ch(1) === c && this.ch(2) === c && isBlankOrEnd(this.ch(3));
  }

  private checkPlain(c: number): boolean {
    if (!isBlankOrEnd(c) && (c >= 128 || NOT_PLAIN_START[c] === 0)) return true;
    if (isBlankOrEnd(this.ch(1))) return false;
    return c === 45 || (this.flowLevel === 0 && (c === 63 || c === 58));
  }

  // ---- simple keys

  private nextPossibleSimpleKey(): number | undefined {
    const keys = this.simpleKeys;
    let min: number | undefined;
    for (let k = 0; k < keys.length; k++) if (min === undefined || keys[k]!.tokenNumber < min) min = keys[k]!.tokenNumber;
    return min;
  }

  /** A possible simple key stops being one at the end of its line or after 1024 characters. */
  private stalePossibleSimpleKeys(): void {
    const keys = this.simpleKeys;
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      const distance = this.wide ? columnsBetween(this.src, key.offset, this.pos, false) : this.pos - key.offset;
      if (key.line !== this.line || distance > 1024) {
        if (key.required) throw this.missingColon();
        this.dropSimpleKey(k);
      }
    }
  }

  /** Forget a possible simple key (order does not matter: at most one per level). */
  private dropSimpleKey(k: number): void {
    const keys = this.simpleKeys;
    keys[k] = keys[keys.length - 1]!;
    keys.pop();
  }

  /** The index in simpleKeys of the key at the current flow level, or -1. */
  private simpleKeyHere(): number {
    const keys = this.simpleKeys;
    for (let k = 0; k < keys.length; k++) if (keys[k]!.level === this.flowLevel) return k;
    return -1;
  }

  /** PyYAML reports a key without its ':' where the scan stands when it gives up on it. */
  private missingColon(): YamlError {
    return new YamlError(
      "could not find the ':' of a mapping key (a key must fit on one line and in 1024 characters)",
      this.pos,
      'Check the indentation and the quotes around this point.',
    );
  }

  private savePossibleSimpleKey(): void {
    const column = this.column();
    const required = this.flowLevel === 0 && this.indent === column;
    if (!this.allowSimpleKey) return;
    this.removePossibleSimpleKey();
    this.simpleKeys.push({
      level: this.flowLevel,
      tokenNumber: this.tokensTaken + this.tail - this.head,
      required,
      offset: this.pos,
      line: this.line,
      column,
    });
  }

  private removePossibleSimpleKey(): void {
    const k = this.simpleKeyHere();
    if (k < 0) return;
    if (this.simpleKeys[k]!.required) throw this.missingColon();
    this.dropSimpleKey(k);
  }

  // ---- indentation

  private unwindIndent(column: number): void {
    // In flow context indentation does not matter (PyYAML and libyaml are laxer than the spec there).
    if (this.flowLevel !== 0) return;
    while (this.indent > column) {
      this.indent = this.indents.pop()!;
      this.enqueue(token(BLOCK_END, this.pos, this.pos));
    }
  }

  private addIndent(column: number): boolean {
    if (this.indent >= column) return false;
    if (this.indents.length >= this.limits.maxDepth) throw this.tooDeep();
    this.indents.push(this.indent);
    this.indent = column;
    return true;
  }

  private tooDeep(): YamlError {
    return new YamlError(
      `the document nests more than ${this.limits.maxDepth} levels deep`,
      this.pos,
      'tht reads nesting far deeper than any template needs; this looks like generated or damaged input.',
    );
  }

  // ---- fetchers

  /** Put a token into the queue before the one `at` places after its head (a KEY found once its ':' is seen). */
  private insertToken(at: number, inserted: Token): void {
    const tokens = this.tokens;
    const to = this.head + at;
    for (let k = this.tail++; k > to; k--) tokens[k] = tokens[k - 1]!;
    tokens[to] = inserted;
  }

  private enqueue(t: Token): void {
    this.tokens[this.tail++] = t;
  }

  private push(kind: number, length: number): void {
    const start = this.pos;
    this.pos += length;
    this.enqueue(token(kind, start, this.pos));
  }

  private fetchStreamEnd(): void {
    // libyaml ends a file that lacks a final line break on a line of its own (offsets past the text stand
    // for it), and keeps the possible simple keys of outer flow levels, which then go stale there.
    if (this.libyaml && this.column() !== 0) {
      this.pos++;
      this.line++;
      this.lineStart = this.pos;
    }
    this.unwindIndent(-1);
    this.removePossibleSimpleKey();
    this.allowSimpleKey = false;
    if (!this.libyaml) this.simpleKeys.length = 0;
    this.enqueue(token(STREAM_END, this.pos, this.pos));
    this.done = true;
  }

  private fetchDirective(): void {
    this.unwindIndent(-1);
    this.removePossibleSimpleKey();
    this.allowSimpleKey = false;
    this.enqueue(this.scanDirective());
  }

  private fetchDocumentIndicator(kind: number): void {
    this.unwindIndent(-1);
    this.removePossibleSimpleKey();
    this.allowSimpleKey = false;
    this.push(kind, 3);
  }

  private fetchFlowCollectionStart(kind: number): void {
    this.savePossibleSimpleKey();
    this.flowLevel++;
    if (this.flowLevel > this.limits.maxDepth) throw this.tooDeep();
    this.allowSimpleKey = true;
    this.push(kind, 1);
  }

  private fetchFlowCollectionEnd(kind: number): void {
    this.removePossibleSimpleKey();
    // PyYAML lets the level go below zero (the parser then refuses the token); libyaml stops at zero.
    if (!this.libyaml || this.flowLevel > 0) this.flowLevel--;
    this.allowSimpleKey = false;
    this.push(kind, 1);
  }

  private fetchFlowEntry(): void {
    this.allowSimpleKey = true;
    this.removePossibleSimpleKey();
    this.push(FLOW_ENTRY, 1);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) throw this.error('a sequence entry (-) is not allowed here', this.pos);
      if (this.addIndent(this.column())) this.enqueue(token(BLOCK_SEQUENCE_START, this.pos, this.pos));
    }
    this.allowSimpleKey = true;
    this.removePossibleSimpleKey();
    this.push(BLOCK_ENTRY, 1);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) throw this.error('a mapping key (?) is not allowed here');
      if (this.addIndent(this.column())) this.enqueue(token(BLOCK_MAPPING_START, this.pos, this.pos));
    }
    this.allowSimpleKey = this.flowLevel === 0;
    this.removePossibleSimpleKey();
    this.push(KEY, 1);
  }

  private fetchValue(): void {
    const here = this.simpleKeyHere();
    if (here >= 0) {
      const key = this.simpleKeys[here]!;
      this.dropSimpleKey(here);
      const at = key.tokenNumber - this.tokensTaken;
      this.insertToken(at, token(KEY, key.offset, key.offset));
      if (this.flowLevel === 0 && this.addIndent(key.column)) {
        this.insertToken(at, token(BLOCK_MAPPING_START, key.offset, key.offset));
      }
      this.allowSimpleKey = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.allowSimpleKey) throw this.error('a mapping value (:) is not allowed here (is a key missing its quotes, or a value its indentation?)');
        if (this.addIndent(this.column())) this.enqueue(token(BLOCK_MAPPING_START, this.pos, this.pos));
      }
      this.allowSimpleKey = this.flowLevel === 0;
      this.removePossibleSimpleKey();
    }
    this.push(VALUE, 1);
  }

  private fetchAnchor(kind: number): void {
    this.savePossibleSimpleKey();
    this.allowSimpleKey = false;
    this.enqueue(this.scanAnchor(kind));
  }

  private fetchTag(): void {
    this.savePossibleSimpleKey();
    this.allowSimpleKey = false;
    this.enqueue(this.scanTag());
  }

  private fetchBlockScalar(style: number): void {
    this.allowSimpleKey = true;
    this.removePossibleSimpleKey();
    this.enqueue(this.scanBlockScalar(style));
  }

  private fetchFlowScalar(style: number): void {
    this.savePossibleSimpleKey();
    this.allowSimpleKey = false;
    this.enqueue(this.scanFlowScalar(style));
  }

  private fetchPlain(): void {
    this.savePossibleSimpleKey();
    this.allowSimpleKey = false;
    this.enqueue(this.scanPlain());
  }

  // ---- scanners

  /** Spaces, comments and line breaks up to the next token. */
  private scanToNextToken(): void {
    const src = this.src;
    if (this.pos === 0 && src.charCodeAt(0) === 0xfeff) this.pos++;
    for (;;) {
      let c = src.charCodeAt(this.pos);
      // libyaml lets a byte order mark start any line, and takes tabs as separation except where a block token may start.
      if (this.libyaml && c === 0xfeff && this.column() === 0) c = src.charCodeAt(++this.pos);
      if (this.libyaml && (this.flowLevel !== 0 || !this.allowSimpleKey)) {
        while (c === 32 || c === 9) c = src.charCodeAt(++this.pos);
      } else {
        while (c === 32) c = src.charCodeAt(++this.pos);
      }
      if (c === 35) this.skipToLineEnd();
      if (!this.skipLineBreak()) return;
      if (this.flowLevel === 0) this.allowSimpleKey = true;
    }
  }

  /** Consume one line break (`\r\n` counts as one); its normalized text, or '' when there is none. */
  private skipLineBreak(): string {
    const c = this.ch();
    let text: string;
    if (c === 13 || c === 10 || c === 0x85) {
      this.pos += c === 13 && this.ch(1) === 10 ? 2 : 1;
      text = '\n';
    } else if (c === 0x2028 || c === 0x2029) {
      this.pos++;
      text = String.fromCharCode(c);
    } else {
      return '';
    }
    this.line++;
    this.lineStart = this.pos;
    return text;
  }

  /** Up to the end of the line (its break stays). */
  private skipToLineEnd(): void {
    LINE_REST.lastIndex = this.pos;
    LINE_REST.test(this.src);
    this.pos = LINE_REST.lastIndex;
  }

  /** Spaces up to column `indent` at most (a block scalar's indentation). */
  private skipIndentation(indent: number): void {
    if (this.wide) {
      while (this.ch() === 32 && this.column() < indent) this.pos++;
      return;
    }
    // Without wide characters a column is the offset from the line start.
    const src = this.src;
    const limit = this.lineStart + indent;
    let pos = this.pos;
    while (pos < limit && src.charCodeAt(pos) === 32) pos++;
    this.pos = pos;
  }

  /** Spaces (and for libyaml tabs) at the current position. */
  private skipBlanks(): void {
    let c = this.ch();
    while (c === 32 || (this.libyaml && c === 9)) c = this.src.charCodeAt(++this.pos);
  }

  private scanDirective(): Token {
    const start = this.pos;
    this.pos++;
    const name = this.scanDirectiveName();
    let directive: Token;
    if (name === 'YAML') {
      this.skipBlanks();
      const major = this.scanVersionNumber();
      if (this.ch() !== 46) throw this.error(`a %YAML directive needs a version such as 1.1, found ${describe(this.ch())}`);
      this.pos++;
      const minor = this.scanVersionNumber();
      if (!this.libyaml && !isSpaceOrEnd(this.ch())) throw this.error(`a %YAML directive needs a version such as 1.1, found ${describe(this.ch())}`);
      directive = token(DIRECTIVE, start, this.pos, name, PLAIN, major, minor);
    } else if (name === 'TAG') {
      this.skipBlanks();
      const handle = this.scanTagHandle();
      if (!(this.ch() === 32 || (this.libyaml && this.ch() === 9))) throw this.error(`expected a space after the %TAG handle, found ${describe(this.ch())}`);
      this.skipBlanks();
      const prefix = this.scanTagUri(true);
      if (!(this.libyaml ? isBlankOrEnd(this.ch()) : isSpaceOrEnd(this.ch()))) throw this.error(`expected a space or the end of the line after the %TAG prefix, found ${describe(this.ch())}`);
      directive = token(DIRECTIVE, start, this.pos, name, PLAIN, handle, prefix);
    } else {
      if (this.libyaml) throw this.error(`unknown directive %${name} (only %YAML and %TAG exist)`);
      directive = token(DIRECTIVE, start, this.pos, name);
      this.skipToLineEnd();
    }
    this.skipBlanks();
    if (this.ch() === 35) this.skipToLineEnd();
    if (!isBreakOrEnd(this.ch())) throw this.error(`expected a comment or the end of the line after the directive, found ${describe(this.ch())}`);
    this.skipLineBreak();
    return directive;
  }

  private scanDirectiveName(): string {
    const from = this.pos;
    while (isWordChar(this.ch())) this.pos++;
    const c = this.ch();
    if (this.pos === from || !(this.libyaml ? isBlankOrEnd(c) : isSpaceOrEnd(c))) {
      throw this.error(`a directive name must be letters, digits, '-' or '_', found ${describe(c)}`);
    }
    return this.src.slice(from, this.pos);
  }

  private scanVersionNumber(): string {
    const from = this.pos;
    while (this.ch() >= 48 && this.ch() <= 57) this.pos++;
    if (this.pos === from) throw this.error(`a %YAML directive needs a version such as 1.1, found ${describe(this.ch())}`);
    if (this.libyaml && this.pos - from > 9) throw this.error('the %YAML version number is too long');
    return this.src.slice(from, this.pos);
  }

  private scanAnchor(kind: number): Token {
    const start = this.pos;
    this.pos++;
    const from = this.pos;
    while (isWordChar(this.ch())) this.pos++;
    const c = this.ch();
    const what = kind === ALIAS ? 'an alias' : 'an anchor';
    if (this.pos === from || !(isBlankOrEnd(c) || AFTER_ANCHOR.has(c))) {
      throw this.error(`${what} name must be letters, digits, '-' or '_', found ${describe(c)}`);
    }
    return token(kind, start, this.pos, this.src.slice(from, this.pos));
  }

  private scanTag(): Token {
    const start = this.pos;
    const c1 = this.ch(1);
    let handle: string | null;
    let suffix: string;
    if (c1 === 60) {
      // !<verbatim>
      this.pos += 2;
      handle = null;
      suffix = this.scanTagUri(true);
      if (this.ch() !== 62) throw this.error(`a verbatim tag must end with '>', found ${describe(this.ch())}`);
      this.pos++;
    } else if (isBlankOrEnd(c1)) {
      handle = null;
      suffix = '!';
      this.pos++;
    } else if (this.libyaml) {
      // libyaml: `!word!` is a handle; otherwise the word begins the suffix (`!:x` is the tag `!:x`).
      const from = this.pos++;
      while (isWordChar(this.ch())) this.pos++;
      if (this.ch() === 33) {
        this.pos++;
        handle = this.src.slice(from, this.pos);
        suffix = this.scanTagUri(false);
      } else {
        handle = '!';
        suffix = this.src.slice(from + 1, this.pos) + this.scanTagUri(false, true);
        if (suffix === '') {
          handle = null;
          suffix = '!';
        }
      }
    } else {
      let length = 1;
      let useHandle = false;
      for (let c = c1; !isSpaceOrEnd(c); c = this.ch(++length)) {
        if (c === 33) {
          useHandle = true;
          break;
        }
      }
      if (useHandle) {
        handle = this.scanTagHandle();
      } else {
        handle = '!';
        this.pos++;
      }
      suffix = this.scanTagUri(true);
    }
    const c = this.ch();
    const ends = this.libyaml ? isBlankOrEnd(c) || (this.flowLevel !== 0 && c === 44) : isSpaceOrEnd(c);
    if (!ends) throw this.error(`a tag must be followed by a space, found ${describe(c)}`);
    return token(TAG, start, this.pos, suffix, PLAIN, handle);
  }

  /** `!`, `!!` or `!word!`. */
  private scanTagHandle(): string {
    if (this.ch() !== 33) throw this.error(`expected '!' to start a tag handle, found ${describe(this.ch())}`);
    let length = 1;
    let c = this.ch(length);
    if (c !== 32) {
      while (isWordChar(c)) c = this.ch(++length);
      if (c !== 33) {
        this.pos += length;
        throw this.error(`a tag handle must end with '!', found ${describe(c)}`);
      }
      length++;
    }
    const handle = this.src.slice(this.pos, this.pos + length);
    this.pos += length;
    return handle;
  }

  /**
   * A tag's URI; `flowIndicators`: whether `,[]` may be part of it (libyaml
   * stops a tag suffix there); `mayBeEmpty`: the tag already has text.
   */
  private scanTagUri(flowIndicators: boolean, mayBeEmpty = false): string {
    let out = '';
    let from = this.pos;
    let c = this.ch();
    while (isWordChar(c) || (URI_CHARS.has(c) && (flowIndicators || (c !== 44 && c !== 91 && c !== 93)))) {
      if (c === 37) {
        out += this.src.slice(from, this.pos) + this.scanUriEscapes();
        from = this.pos;
      } else {
        this.pos++;
      }
      c = this.ch();
    }
    out += this.src.slice(from, this.pos);
    if (out === '' && !mayBeEmpty) throw this.error(`expected a tag name (a URI), found ${describe(c)}`);
    return out;
  }

  private scanUriEscapes(): string {
    const bytes: number[] = [];
    const at = this.pos;
    while (this.ch() === 37) {
      this.pos++;
      for (let k = 0; k < 2; k++) {
        if (!isHex(this.ch(k))) throw this.error(`a %-escape in a tag needs two hexadecimal digits, found ${describe(this.ch(k))}`);
      }
      bytes.push(parseInt(this.src.slice(this.pos, this.pos + 2), 16));
      this.pos += 2;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      throw this.error('the %-escapes of a tag are not UTF-8', at);
    }
  }

  private scanBlockScalar(style: number): Token {
    const folded = style === FOLDED;
    const start = this.pos;
    this.pos++;
    // Header: chomping (+/-) and indentation (1-9) indicators in either order.
    let chomping: boolean | undefined;
    let increment: number | undefined;
    const chompingAt = () => {
      const c = this.ch();
      if (c === 43 || c === 45) {
        chomping = c === 43;
        this.pos++;
        return true;
      }
      return false;
    };
    const incrementAt = () => {
      const c = this.ch();
      if (c >= 48 && c <= 57) {
        if (c === 48) throw this.error('a block scalar indentation indicator must be 1 to 9, not 0');
        increment = c - 48;
        this.pos++;
        return true;
      }
      return false;
    };
    if (chompingAt()) incrementAt();
    else if (incrementAt()) chompingAt();
    // libyaml lets a comment follow the indicators directly (`|# note`).
    if (!this.libyaml && !isSpaceOrEnd(this.ch())) {
      throw this.error(`expected a chomping (+/-) or indentation (1-9) indicator after '${folded ? '>' : '|'}', found ${describe(this.ch())}`);
    }
    this.skipBlanks();
    if (this.ch() === 35) this.skipToLineEnd();
    if (!isBreakOrEnd(this.ch())) throw this.error(`expected a comment or the end of the line after the block scalar indicator, found ${describe(this.ch())}`);
    this.skipLineBreak();

    const minIndent = Math.max(this.indent + 1, 1);
    let indent: number;
    let breaks: string[];
    let end = this.pos;
    if (increment === undefined) {
      const r = this.scanBlockScalarIndentation();
      breaks = r.breaks;
      end = r.end;
      indent = Math.max(minIndent, r.maxIndent);
    } else {
      indent = minIndent + increment - 1;
      const r = this.scanBlockScalarBreaks(indent);
      breaks = r.breaks;
      end = r.end;
    }
    const chunks: string[] = [];
    let lineBreak = '';
    while (this.column() === indent && this.ch() !== 0) {
      chunks.push(...breaks);
      const leadingNonSpace = this.ch() !== 32 && this.ch() !== 9;
      const from = this.pos;
      this.skipToLineEnd();
      chunks.push(this.src.slice(from, this.pos));
      lineBreak = this.skipLineBreak();
      const r = this.scanBlockScalarBreaks(indent);
      breaks = r.breaks;
      end = r.end;
      if (this.column() === indent && this.ch() !== 0) {
        if (folded && lineBreak === '\n' && leadingNonSpace && this.ch() !== 32 && this.ch() !== 9) {
          if (breaks.length === 0) chunks.push(' ');
        } else {
          chunks.push(lineBreak);
        }
      } else {
        break;
      }
    }
    if (chomping !== false) chunks.push(lineBreak);
    if (chomping === true) chunks.push(...breaks);
    return token(SCALAR, start, end, chunks.join(''), style);
  }

  /** The blank lines before the first line of a block scalar, and the indentation they reach. */
  private scanBlockScalarIndentation(): { breaks: string[]; maxIndent: number; end: number } {
    const breaks: string[] = [];
    let maxIndent = 0;
    let end = this.pos;
    for (let c = this.ch(); c === 32 || isBreak(c); c = this.ch()) {
      if (c !== 32) {
        breaks.push(this.skipLineBreak());
        end = this.pos;
      } else {
        // A run of spaces: its column only grows, so its end is its deepest.
        while (this.ch() === 32) this.pos++;
        maxIndent = Math.max(maxIndent, this.column());
      }
    }
    // libyaml refuses a tab in the indentation it is still measuring.
    if (this.libyaml && this.ch() === 9) throw this.tabInBlockScalar();
    return { breaks, maxIndent, end };
  }

  private scanBlockScalarBreaks(indent: number): { breaks: string[]; end: number } {
    const breaks: string[] = [];
    let end = this.pos;
    this.skipIndentation(indent);
    while (isBreak(this.ch())) {
      breaks.push(this.skipLineBreak());
      end = this.pos;
      this.skipIndentation(indent);
    }
    if (this.libyaml && this.ch() === 9 && this.column() < indent) throw this.tabInBlockScalar();
    return { breaks, end };
  }

  private tabInBlockScalar(): YamlError {
    return this.error('a tab character where a block scalar expects indentation spaces');
  }

  private scanFlowScalar(style: number): Token {
    const double = style === DOUBLE_QUOTED;
    const start = this.pos;
    const quote = this.ch();
    this.pos++;
    // Most quoted scalars end on their line with no escape: their text is the slice up to the quote.
    const special = double ? DOUBLE_QUOTED_SPECIAL : SINGLE_QUOTED_SPECIAL;
    special.lastIndex = this.pos;
    const found = special.exec(this.src);
    if (found !== null && found[0].charCodeAt(0) === quote && !(quote === 39 && this.src.charCodeAt(found.index + 1) === 39)) {
      const text = this.src.slice(this.pos, found.index);
      this.pos = found.index + 1;
      return token(SCALAR, start, this.pos, text, style);
    }
    let out = this.scanFlowScalarNonSpaces(double, start);
    while (this.ch() !== quote) {
      out += this.scanFlowScalarSpaces(start);
      out += this.scanFlowScalarNonSpaces(double, start);
    }
    this.pos++;
    return token(SCALAR, start, this.pos, out, style);
  }

  private scanFlowScalarNonSpaces(double: boolean, start: number): string {
    let out = '';
    for (;;) {
      const from = this.pos;
      let c = this.ch();
      while (c !== 39 && c !== 34 && c !== 92 && !isBlankOrEnd(c)) c = this.src.charCodeAt(++this.pos);
      if (this.pos > from) out += this.src.slice(from, this.pos);
      if (!double && c === 39 && this.ch(1) === 39) {
        out += "'";
        this.pos += 2;
      } else if ((double && c === 39) || (!double && (c === 34 || c === 92))) {
        out += String.fromCharCode(c);
        this.pos++;
      } else if (double && c === 92) {
        this.pos++;
        const e = this.src[this.pos]!;
        if (Object.hasOwn(ESCAPES, e)) {
          out += ESCAPES[e];
          this.pos++;
        } else if (Object.hasOwn(ESCAPE_LENGTHS, e)) {
          const length = ESCAPE_LENGTHS[e]!;
          this.pos++;
          for (let k = 0; k < length; k++) {
            if (!isHex(this.ch(k))) throw this.error(`the escape \\${e} needs ${length} hexadecimal digits, found ${describe(this.ch(k))}`);
          }
          const code = parseInt(this.src.slice(this.pos, this.pos + length), 16);
          if (code > 0x10ffff || (this.libyaml && code >= 0xd800 && code <= 0xdfff)) {
            throw this.error(`the escape \\${e}${this.src.slice(this.pos, this.pos + length)} is not a Unicode character`);
          }
          out += String.fromCodePoint(code);
          this.pos += length;
        } else if (isBreak(this.ch())) {
          this.skipLineBreak();
          out += this.scanFlowScalarBreaks(start);
        } else {
          throw this.error(`unknown escape \\${e === '\0' ? '' : e} in a double-quoted string (use \\\\ for a backslash)`);
        }
      } else {
        return out;
      }
    }
  }

  private scanFlowScalarSpaces(start: number): string {
    const from = this.pos;
    while (this.ch() === 32 || this.ch() === 9) this.pos++;
    const whitespace = this.src.slice(from, this.pos);
    const c = this.ch();
    if (c === 0) throw this.error(`the file ends inside the quoted string opened on line ${this.lines.lineOf(start) + 1} (is its closing quote missing?)`);
    if (isBreak(c)) {
      const lineBreak = this.skipLineBreak();
      const breaks = this.scanFlowScalarBreaks(start);
      if (lineBreak !== '\n') return lineBreak + breaks;
      return breaks === '' ? ' ' : breaks;
    }
    return whitespace;
  }

  private scanFlowScalarBreaks(start: number): string {
    let out = '';
    for (;;) {
      const c = this.ch();
      if ((c === 45 || c === 46) && this.isDocumentIndicator(c)) {
        throw this.error(`a document separator inside the quoted string opened on line ${this.lines.lineOf(start) + 1} (is its closing quote missing?)`);
      }
      while (this.ch() === 32 || this.ch() === 9) this.pos++;
      if (!isBreak(this.ch())) return out;
      out += this.skipLineBreak();
    }
  }

  private scanPlain(): Token {
    const src = this.src;
    const start = this.pos;
    let end = start;
    const indent = this.indent + 1;
    const flow = this.flowLevel !== 0;
    const run = flow ? PLAIN_RUN_FLOW : PLAIN_RUN_BLOCK;
    // While the scalar fits on one line its value is its text; folding line breaks starts a copy.
    let folded: string | undefined;
    let spaces = '';
    for (;;) {
      if (src.charCodeAt(this.pos) === 35) break;
      const from = this.pos;
      let pos = this.pos;
      for (;;) {
        // The characters that need no thought, matched natively; then the one that stopped the run.
        run.lastIndex = pos;
        run.test(src);
        pos = run.lastIndex;
        const c = src.charCodeAt(pos);
        if (c !== 58 && c !== 63) break;
        this.pos = pos;
        if (c === 58) {
          const next = src.charCodeAt(this.pos + 1);
          if (isBlankOrEnd(next)) break;
          if (flow) {
            if (this.libyaml && (next === 44 || next === 63 || next === 91 || next === 93 || next === 123 || next === 125)) {
              throw this.error("a ':' inside a plain scalar of a flow collection (quote the value)");
            }
            if (next === 44 || next === 91 || next === 93 || next === 123 || next === 125) break;
          }
        } else if (flow && c === 63 && !this.libyaml) {
          break;
        }
        pos++;
      }
      this.pos = pos;
      if (this.pos === from) break;
      this.allowSimpleKey = false;
      if (folded !== undefined) folded += spaces + src.slice(from, this.pos);
      end = this.pos;
      const line = this.line;
      const more = this.scanPlainSpaces(indent);
      if (more === undefined || src.charCodeAt(this.pos) === 35 || (!flow && this.column() < indent)) break;
      if (folded === undefined && this.line !== line) folded = src.slice(start, end);
      spaces = more;
    }
    return token(SCALAR, start, end, folded ?? src.slice(start, end), PLAIN);
  }

  /**
   * The white space after a word of a plain scalar, folded as YAML folds it;
   * undefined when the scalar ends here (no space, or a document marker).
   */
  private scanPlainSpaces(indent: number): string | undefined {
    const src = this.src;
    const libyaml = this.libyaml;
    const from = this.pos;
    let c = src.charCodeAt(this.pos);
    while (c === 32 || (libyaml && c === 9)) c = src.charCodeAt(++this.pos);
    if (!isBreak(c)) return this.pos === from ? undefined : src.slice(from, this.pos);
    const lineBreak = this.skipLineBreak();
    this.allowSimpleKey = true;
    if (this.atDocumentMarker()) return undefined;
    // The next lines' indentation and blank lines (most of a file's spaces are read here): a tight loop per run of spaces.
    let breaks = '';
    for (;;) {
      let pos = this.pos;
      c = src.charCodeAt(pos);
      while (c === 32) c = src.charCodeAt(++pos);
      this.pos = pos;
      if (libyaml && c === 9) {
        if (this.column() < indent) throw this.error('a tab character in the indentation of a plain scalar (indent with spaces)');
        this.pos++;
      } else if (isBreak(c)) {
        breaks += this.skipLineBreak();
        if (this.atDocumentMarker()) return undefined;
      } else {
        break;
      }
    }
    if (lineBreak !== '\n') return lineBreak + breaks;
    return breaks === '' ? ' ' : breaks;
  }

  private atDocumentMarker(): boolean {
    const c = this.ch();
    return (c === 45 || c === 46) && this.isDocumentIndicator(c);
  }
}

/** A character as messages show it. */
function describe(c: number): string {
  if (c === 0 || Number.isNaN(c)) return 'the end of the file';
  if (c === 9) return 'a tab';
  if (c === 32) return 'a space';
  if (isBreak(c)) return 'a line break';
  return `'${String.fromCharCode(c)}'`;
}
