/**
 * Tokens to nodes: PyYAML's parser (the YAML 1.1 grammar of documents, block
 * and flow collections) and composer (anchors, aliases, one document per
 * file) in one pass, writing a compact node store rather than objects.
 *
 * Nodes are numbered in document order, a collection's children following it;
 * `next[i]` is the number after node i's subtree. Alias nodes point at the
 * node their anchor names. The store keeps what values, positions and
 * duplicate keys are built from: kind, resolved tag, scalar text and the
 * offset where each node starts (PyYAML's start mark: properties included).
 *
 * Bounds that PyYAML does not have (see limits.ts): nesting depth, the number
 * of nodes aliases expand to, and no recursive aliases.
 */
import { YamlError } from './error.js';
import type { YamlLimits } from './limits.js';
import type { LineIndex } from './lines.js';
import { MAP, MERGE, NULL, OTHER, resolveScalar, SEQ, STR, tagId } from './resolve.js';
import {
  ALIAS,
  ANCHOR,
  BLOCK_END,
  BLOCK_ENTRY,
  BLOCK_MAPPING_START,
  BLOCK_SEQUENCE_START,
  DIRECTIVE,
  DOCUMENT_END,
  DOCUMENT_START,
  FLOW_ENTRY,
  FLOW_MAPPING_END,
  FLOW_MAPPING_START,
  FLOW_SEQUENCE_END,
  FLOW_SEQUENCE_START,
  KEY,
  PLAIN,
  SCALAR,
  Scanner,
  STREAM_END,
  TAG,
  TOKEN_NAMES,
  type Token,
  VALUE,
} from './scanner.js';

export const SCALAR_NODE = 1;
export const SEQUENCE_NODE = 2;
export const MAPPING_NODE = 3;
export const ALIAS_NODE = 4;

/** Flags: a node with an anchor (aliases may share it); */
export const ANCHORED = 1;
/** a mapping with a merge key (`<<`) among its keys. */
export const HAS_MERGE = 2;

/** The composed document. */
export class Nodes {
  count = 0;
  kind: Uint8Array;
  tag: Uint8Array;
  flags: Uint8Array;
  start: Int32Array;
  next: Int32Array;
  /** Scalar text, by node. */
  readonly text: string[] = [];
  /** Alias node -> the anchored node. */
  readonly alias = new Map<number, number>();
  /** Node -> its tag as written, for nodes tagged OTHER (messages). */
  readonly otherTag = new Map<number, string>();

  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.tag = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  add(kind: number, tag: number, start: number): number {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.tag[i] = tag;
    this.start[i] = start;
    return i;
  }

  /** The node an alias stands for (any other node is itself). */
  deref(i: number): number {
    return this.kind[i] === ALIAS_NODE ? this.alias.get(i)! : i;
  }

  private grow(): void {
    this.resize(this.kind.length * 2);
  }

  /**
   * Give back the room the arrays were grown by (the store outlives the
   * parse, for positions), when it is worth a copy: a quarter or more.
   */
  trim(): void {
    if (this.count < this.kind.length - (this.kind.length >> 2)) this.resize(this.count);
  }

  private resize(size: number): void {
    const copy = <T extends Uint8Array | Int32Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(size);
      b.set(a.subarray(0, Math.min(size, a.length)));
      return b;
    };
    this.kind = copy(this.kind, Uint8Array);
    this.tag = copy(this.tag, Uint8Array);
    this.flags = copy(this.flags, Uint8Array);
    this.start = copy(this.start, Int32Array);
    this.next = copy(this.next, Int32Array);
  }
}

export interface Composed {
  nodes: Nodes;
  /** The root node, or -1 for a file without a document (empty, or only comments). */
  root: number;
  /**
   * The first alias inside the node it names (data that contains itself).
   * PyYAML builds such data; tht refuses it once the document is otherwise
   * read, so that any other fault is reported first, as PyYAML would.
   */
  recursive?: YamlError;
}

const DEFAULT_TAG_HANDLES: Readonly<Record<string, string>> = { '!': '!', '!!': 'tag:yaml.org,2002:' };

/** Parse and compose a whole text; throws YamlError. */
export function compose(text: string, lines: LineIndex, libyaml: boolean, limits: YamlLimits): Composed {
  return new Composer(text, lines, libyaml, limits).stream();
}

class Composer {
  private readonly scanner: Scanner;
  private readonly nodes: Nodes;
  /** Per node: how many nodes it stands for once aliases are expanded. */
  private readonly expanded: number[] = [];
  private aliasExpansion = 0;
  private recursive?: YamlError;
  private depth = 0;
  private readonly anchors = new Map<string, number>();
  private tagHandles: Readonly<Record<string, string>> = DEFAULT_TAG_HANDLES;

  constructor(
    text: string,
    private readonly lines: LineIndex,
    private readonly libyaml: boolean,
    private readonly limits: YamlLimits,
  ) {
    this.scanner = new Scanner(text, lines, libyaml, limits);
    // THT's files average 20 characters a node: one in ten grows once, and most keep what they were given.
    this.nodes = new Nodes(Math.max(16, text.length >> 4));
  }

  stream(): Composed {
    const s = this.scanner;
    s.next(); // STREAM-START
    let root = -1;
    const first = s.peekKind();
    if (first !== DIRECTIVE && first !== DOCUMENT_START && first !== STREAM_END) {
      root = this.node(true, false);
      this.documentEnd();
    } else {
      const start = this.documentStart();
      if (start >= 0) {
        root = this.documentContent();
        this.documentEnd();
      }
    }
    if (root >= 0) {
      // A second document: PyYAML's safe_load takes exactly one.
      const second = this.documentStart();
      if (second >= 0) {
        throw new YamlError(
          `the file holds more than one YAML document (this '---' starts another; the first began on line ${this.lines.lineOf(this.nodes.start[root]!) + 1})`,
          second,
          'Heat and the TripleO tools read a single document per file; remove the extra "---" or split the file.',
        );
      }
    }
    s.next(); // STREAM-END
    this.nodes.trim();
    return { nodes: this.nodes, root, ...(this.recursive ? { recursive: this.recursive } : {}) };
  }

  /**
   * An explicit document start (directives, then `---`): its offset, or -1 at
   * the end of the stream. Stray `...` markers before it are skipped.
   */
  private documentStart(): number {
    const s = this.scanner;
    while (s.peekKind() === DOCUMENT_END) s.next();
    if (s.peekKind() === STREAM_END) return -1;
    const start = s.peek().start;
    this.directives();
    const t = s.peek();
    if (t.kind !== DOCUMENT_START) throw this.unexpected(t, "expected '---' (the start of a document)");
    s.next();
    return start;
  }

  private directives(): void {
    const s = this.scanner;
    let version: string | undefined;
    const handles: Record<string, string> = {};
    while (s.peekKind() === DIRECTIVE) {
      const t = s.next();
      if (t.value === 'YAML') {
        if (version !== undefined) throw new YamlError('the document has two %YAML directives', t.start);
        const major = Number(t.handle);
        const minor = Number(t.extra);
        if (major !== 1 || (this.libyaml && minor !== 1 && minor !== 2)) {
          throw new YamlError(`%YAML ${t.handle}.${t.extra}: tht reads YAML 1.1 documents, as Heat and PyYAML do`, t.start);
        }
        version = `${major}.${minor}`;
      } else if (t.value === 'TAG') {
        if (Object.hasOwn(handles, t.handle!)) throw new YamlError(`the tag handle ${t.handle} is declared twice`, t.start);
        handles[t.handle!] = t.extra!;
      }
    }
    this.tagHandles = { ...DEFAULT_TAG_HANDLES, ...handles };
  }

  private documentContent(): number {
    const k = this.scanner.peekKind();
    if (k === DIRECTIVE || k === DOCUMENT_START || k === DOCUMENT_END || k === STREAM_END) {
      return this.emptyScalar(this.scanner.peek().start);
    }
    return this.node(true, false);
  }

  private documentEnd(): void {
    if (this.scanner.peekKind() === DOCUMENT_END) this.scanner.next();
  }

  // ---- nodes

  private node(block: boolean, indentlessSequence: boolean): number {
    const s = this.scanner;
    // Most nodes have no properties: their first token is their content.
    let k = s.peekKind();
    if (k === ALIAS) return this.alias(s.next());
    let anchor: Token | undefined;
    let tag: Token | undefined;
    let start = -1;
    if (k === ANCHOR) {
      anchor = s.next();
      start = anchor.start;
      if (s.peekKind() === TAG) tag = s.next();
      k = s.peekKind();
    } else if (k === TAG) {
      tag = s.next();
      start = tag.start;
      if (s.peekKind() === ANCHOR) anchor = s.next();
      k = s.peekKind();
    }
    let fullTag: string | undefined;
    if (tag !== undefined) {
      if (tag.handle === null) {
        fullTag = tag.value;
      } else {
        const prefix = this.tagHandles[tag.handle];
        if (prefix === undefined) throw new YamlError(`the tag handle ${tag.handle} is not declared (add a %TAG directive)`, tag.start);
        fullTag = prefix + tag.value;
      }
    }
    if (start < 0) start = s.peek().start;
    if (anchor !== undefined) {
      const first = this.anchors.get(anchor.value);
      if (first !== undefined) {
        throw new YamlError(
          `the anchor &${anchor.value} is defined twice (first on line ${this.lines.lineOf(this.nodes.start[first]!) + 1})`,
          start,
          'PyYAML refuses a repeated anchor; rename one of them.',
        );
      }
    }
    const nonSpecific = fullTag === undefined || fullTag === '!';
    let i: number;
    if (indentlessSequence && k === BLOCK_ENTRY) {
      i = this.open(SEQUENCE_NODE, nonSpecific ? SEQ : tagId(fullTag!), start, fullTag, anchor);
      this.indentlessSequence(i);
    } else if (k === SCALAR) {
      const t = s.next();
      const implicit = (t.style === PLAIN && fullTag === undefined) || fullTag === '!';
      const tagNumber = nonSpecific ? (implicit ? resolveScalar(t.value) : STR) : tagId(fullTag!);
      i = this.scalar(tagNumber, start, t.value, fullTag, anchor);
    } else if (k === FLOW_SEQUENCE_START) {
      i = this.open(SEQUENCE_NODE, nonSpecific ? SEQ : tagId(fullTag!), start, fullTag, anchor);
      this.flowSequence(i);
    } else if (k === FLOW_MAPPING_START) {
      i = this.open(MAPPING_NODE, nonSpecific ? MAP : tagId(fullTag!), start, fullTag, anchor);
      this.flowMapping(i);
    } else if (block && k === BLOCK_SEQUENCE_START) {
      i = this.open(SEQUENCE_NODE, nonSpecific ? SEQ : tagId(fullTag!), start, fullTag, anchor);
      this.blockSequence(i);
    } else if (block && k === BLOCK_MAPPING_START) {
      i = this.open(MAPPING_NODE, nonSpecific ? MAP : tagId(fullTag!), start, fullTag, anchor);
      this.blockMapping(i);
    } else if (anchor !== undefined || tag !== undefined) {
      // Properties without content: an empty scalar (`!!str` alone is ''; libyaml does not resolve a bare `!` one).
      const tagNumber = nonSpecific ? (this.libyaml && fullTag === '!' ? STR : NULL) : tagId(fullTag!);
      i = this.scalar(tagNumber, start, '', fullTag, anchor);
    } else {
      throw this.unexpected(s.peek(), 'expected a value');
    }
    return i;
  }

  private scalar(tag: number, start: number, text: string, fullTag: string | undefined, anchor: Token | undefined): number {
    const n = this.nodes;
    const i = n.add(SCALAR_NODE, tag, start);
    n.next[i] = i + 1;
    n.text[i] = text;
    this.expanded[i] = 1;
    this.properties(i, tag, fullTag, anchor);
    return i;
  }

  /** An empty scalar the grammar implies (a key or item with nothing after it), at `offset`. */
  private emptyScalar(offset: number): number {
    return this.scalar(NULL, offset, '', undefined, undefined);
  }

  /** A collection node, before its children (so that an alias inside it can be told to be recursive). */
  private open(kind: number, tag: number, start: number, fullTag: string | undefined, anchor: Token | undefined): number {
    if (++this.depth > this.limits.maxDepth) {
      throw new YamlError(
        `the document nests more than ${this.limits.maxDepth} levels deep`,
        start,
        'tht reads nesting far deeper than any template needs; this looks like generated or damaged input.',
      );
    }
    const i = this.nodes.add(kind, tag, start);
    this.expanded[i] = 0;
    this.properties(i, tag, fullTag, anchor);
    return i;
  }

  private close(i: number, expanded: number): void {
    this.nodes.next[i] = this.nodes.count;
    this.expanded[i] = expanded;
    this.depth--;
  }

  private properties(i: number, tag: number, fullTag: string | undefined, anchor: Token | undefined): void {
    if (tag === OTHER) this.nodes.otherTag.set(i, fullTag!);
    if (anchor !== undefined) {
      this.anchors.set(anchor.value, i);
      this.nodes.flags[i] |= ANCHORED;
    }
  }

  private alias(t: Token): number {
    const target = this.anchors.get(t.value);
    if (target === undefined) throw new YamlError(`the alias *${t.value} names no anchor defined before it`, t.start);
    const n = this.nodes;
    const open = n.next[target] === 0;
    if (open) {
      this.recursive ??= new YamlError(
        `the alias *${t.value} is inside the node it refers to (recursive data)`,
        t.start,
        'Heat and tht cannot use self-referencing data; write the value out.',
      );
    }
    const size = open ? 1 : this.expanded[target]!;
    this.aliasExpansion += size;
    if (this.aliasExpansion > this.limits.maxAliasNodes) {
      throw new YamlError(
        `aliases expand to more than ${this.limits.maxAliasNodes} nodes (an alias bomb?)`,
        t.start,
        'Each alias stands for a copy of what its anchor holds; this many copies would exhaust memory.',
      );
    }
    const i = n.add(ALIAS_NODE, 0, t.start);
    n.next[i] = i + 1;
    n.alias.set(i, target);
    this.expanded[i] = size;
    return i;
  }

  // ---- collections (each consumes its tokens and closes the node)

  private blockSequence(i: number): void {
    const s = this.scanner;
    s.next(); // BLOCK-SEQUENCE-START
    let size = 1;
    while (s.peekKind() === BLOCK_ENTRY) {
      const entry = s.next();
      const k = s.peekKind();
      const item = k !== BLOCK_ENTRY && k !== BLOCK_END ? this.node(true, false) : this.emptyScalar(entry.end);
      size += this.expanded[item]!;
    }
    const t = s.peek();
    if (t.kind !== BLOCK_END) throw this.unexpected(t, "expected another '- ' item of this list or its end (check the indentation)");
    s.next();
    this.close(i, size);
  }

  private indentlessSequence(i: number): void {
    const s = this.scanner;
    let size = 1;
    while (s.peekKind() === BLOCK_ENTRY) {
      const entry = s.next();
      const k = s.peekKind();
      const item = k !== BLOCK_ENTRY && k !== KEY && k !== VALUE && k !== BLOCK_END ? this.node(true, false) : this.emptyScalar(entry.end);
      size += this.expanded[item]!;
    }
    this.close(i, size);
  }

  private blockMapping(i: number): void {
    const s = this.scanner;
    s.next(); // BLOCK-MAPPING-START
    let size = 1;
    for (;;) {
      let k = s.peekKind();
      if (k !== KEY) break;
      const keyToken = s.next();
      k = s.peekKind();
      const key = k !== KEY && k !== VALUE && k !== BLOCK_END ? this.node(true, true) : this.emptyScalar(keyToken.end);
      this.noteMergeKey(i, key);
      let value: number;
      if (s.peekKind() === VALUE) {
        const valueToken = s.next();
        k = s.peekKind();
        value = k !== KEY && k !== VALUE && k !== BLOCK_END ? this.node(true, true) : this.emptyScalar(valueToken.end);
      } else {
        value = this.emptyScalar(s.peek().start);
      }
      size += this.expanded[key]! + this.expanded[value]!;
    }
    const t = s.peek();
    if (t.kind !== BLOCK_END) throw this.unexpected(t, 'expected another key of this mapping or its end (check the indentation)');
    s.next();
    this.close(i, size);
  }

  private flowSequence(i: number): void {
    const s = this.scanner;
    const opened = s.next().start; // [
    let size = 1;
    let first = true;
    for (;;) {
      if (s.peekKind() === FLOW_SEQUENCE_END) break;
      if (!first) {
        const t = s.peek();
        if (t.kind !== FLOW_ENTRY) throw this.unexpected(t, `expected ',' or ']' in the flow list opened at ${this.where(opened)}`);
        s.next();
      }
      first = false;
      const k = s.peekKind();
      if (k === KEY) {
        size += this.singlePairMapping();
      } else if (k !== FLOW_SEQUENCE_END) {
        size += this.expanded[this.node(false, false)]!;
      }
    }
    s.next(); // ]
    this.close(i, size);
  }

  /** `[a: b]`: a flow list item that is a one-pair mapping; returns its expanded size. */
  private singlePairMapping(): number {
    const keyToken = this.scanner.next();
    const m = this.open(MAPPING_NODE, MAP, keyToken.start, undefined, undefined);
    const size = 1 + this.flowPair(m, keyToken, FLOW_SEQUENCE_END);
    this.close(m, size);
    return size;
  }

  /**
   * The key and value after a flow KEY token (either may be left out, and is
   * then an empty scalar), up to `end` (']' or '}'); their expanded size.
   */
  private flowPair(mapping: number, keyToken: Token, end: number): number {
    const s = this.scanner;
    let k = s.peekKind();
    const empty = k === VALUE || k === FLOW_ENTRY || k === end;
    const key = empty ? this.emptyScalar(keyToken.end) : this.node(false, false);
    // libyaml, for an empty key of a pair in a flow list (`[?]`, `[? : x]`), drops the token after it:
    // the list then reads on without it, and fails where that leaves it (`[?]`, `[? : x]`), or not (`[?, ]`).
    if (empty && this.libyaml && end === FLOW_SEQUENCE_END) s.next();
    this.noteMergeKey(mapping, key);
    let value: number;
    if (s.peekKind() === VALUE) {
      const valueToken = s.next();
      k = s.peekKind();
      value = k !== FLOW_ENTRY && k !== end ? this.node(false, false) : this.emptyScalar(valueToken.end);
    } else {
      value = this.emptyScalar(s.peek().start);
    }
    return this.expanded[key]! + this.expanded[value]!;
  }

  private flowMapping(i: number): void {
    const s = this.scanner;
    const opened = s.next().start; // {
    let size = 1;
    let first = true;
    for (;;) {
      if (s.peekKind() === FLOW_MAPPING_END) break;
      if (!first) {
        const t = s.peek();
        if (t.kind !== FLOW_ENTRY) throw this.unexpected(t, `expected ',' or '}' in the flow mapping opened at ${this.where(opened)}`);
        s.next();
      }
      first = false;
      const k = s.peekKind();
      if (k === KEY) {
        size += this.flowPair(i, s.next(), FLOW_MAPPING_END);
      } else if (k !== FLOW_MAPPING_END) {
        // `{a, b}`: a key without a value.
        const key = this.node(false, false);
        this.noteMergeKey(i, key);
        const value = this.emptyScalar(s.peek().start);
        size += this.expanded[key]! + this.expanded[value]!;
      }
    }
    s.next(); // }
    this.close(i, size);
  }

  /** Whether a mapping has a merge key (`<<`). */
  private noteMergeKey(mapping: number, key: number): void {
    const n = this.nodes;
    if (n.tag[n.deref(key)] === MERGE) n.flags[mapping] |= HAS_MERGE;
  }

  /** "line 2, column 9" of an offset, for messages about where something started. */
  private where(offset: number): string {
    const { line, column } = this.lines.position(offset);
    return `line ${line}, column ${column}`;
  }

  private unexpected(t: Token, expected: string): YamlError {
    return new YamlError(`${expected}, found ${TOKEN_NAMES[t.kind]}`, t.start);
  }
}
