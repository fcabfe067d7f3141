/**
 * A fast reader for the YAML that THT is written in, beside the exact parser
 * (scanner.ts -> compose.ts -> construct.ts): one pass over the text with a
 * few tight loops, building the JSON-like value directly, with no tokens and
 * no nodes. A command reads each file once, in a process that lives about a
 * second, so the exact parser's many small calls mostly run before V8 has
 * optimised them; these loops are few and get optimised early.
 *
 * It reads a subset: block mappings and sequences (indentless ones
 * included), plain, single- and double-quoted scalars, literal and folded
 * block scalars, comments, flow sequences and mappings of scalars and flow
 * collections, string keys on one line. Anything else (anchors, aliases,
 * tags, directives, document markers, tabs, line breaks other than `\n`, a
 * byte order mark, astral characters, complex or non-string keys, merge
 * keys, unusual indentation, any error) makes it give up, and the exact
 * parser then reads the file (and reports its error, at its line and
 * column). Where it does not give up, it builds the value the exact parser
 * builds, through the same resolution rules and scalar constructors
 * (test/yaml-fast.test.ts checks the two against each other).
 *
 * Every rule below is the exact scanner's rule for the same case; comments
 * say which. Positions are UTF-16 offsets; columns are offsets from the line
 * start, which is exact here because only spaces and `- ` come before any
 * column the rules look at.
 */
import type { YamlProfile } from './construct.js';
import { setProperty } from './construct.js';
import type { YamlLimits } from './limits.js';
import { MERGE, resolveScalar, STR, VALUE } from './resolve.js';
import { constructScalar } from './scalars.js';
import { DOUBLE_QUOTED_SPECIAL, ESCAPE_LENGTHS, ESCAPES, isHex, isWordChar, NOT_PLAIN_START, PLAIN_RUN_BLOCK, PLAIN_RUN_FLOW, SINGLE_QUOTED_SPECIAL } from './scanner.js';

/** The document's value, and whether some mapping gives a key twice (positions then need the exact parse). */
export interface FastRead {
  value: unknown;
  repeatedKeys: boolean;
}

/**
 * Where each child of a collection starts (as position() places nodes: an
 * alias where the node it names starts): by key for a mapping (whose keys
 * are kept in order, with where each starts), by index for a sequence.
 */
interface CollectionStarts {
  keys?: string[];
  keyStarts?: number[];
  valueStarts: number[];
}

/** A key given twice: the later key's start, and the first one's, in the `mapping`-th mapping of the document. */
interface RepeatedKeyStart {
  mapping: number;
  key: string;
  at: number;
  first: number;
}

/**
 * Where the nodes of a document start, from a second reading: what
 * YamlFile.position() walks for a file the fast reader took, instead of the
 * exact parse (a command asks positions of a file only for its findings).
 * Collections are known by where they start, which no two share.
 */
export class FastPositions {
  private constructor(
    private readonly rootStart: number,
    private readonly starts: Map<number, CollectionStarts>,
    /** Keys given twice in one mapping, as the exact parser lists them: mappings in document order, keys in theirs. */
    readonly repeatedKeys: RepeatedKeyStart[],
  ) {}

  /** The positions of a text the fast reader takes (undefined for any other). */
  static read(text: string, profile: YamlProfile, limits: YamlLimits): FastPositions | undefined {
    const starts = new Map<number, CollectionStarts>();
    const reader = new FastReader(text, profile, Math.min(limits.maxDepth, MAX_DEPTH), limits.maxAliasNodes, starts);
    try {
      reader.document();
      // Stable: a mapping's repeats stay in their order.
      reader.repeats.sort((a, b) => a.mapping - b.mapping);
      return new FastPositions(reader.rootStart, starts, reader.repeats);
    } catch (e) {
      if (e === GIVE_UP) return undefined;
      throw e;
    }
  }

  /**
   * The offset where the node at a path starts (or with `key`, the last
   * key), or of the deepest node on the way that exists: the exact
   * parser's YamlFile.position() rules, offset 0 for an empty document.
   */
  offset(path: readonly (string | number)[], key: boolean): number {
    let start = this.rootStart;
    for (let depth = 0; depth < path.length; depth++) {
      const seg = path[depth]!;
      const at = this.starts.get(start);
      if (at === undefined) break;
      if (at.keys !== undefined) {
        // The last pair with the key is the one whose value counts.
        const i = at.keys.lastIndexOf(String(seg));
        if (i < 0) break;
        if (key && depth === path.length - 1) return at.keyStarts![i]!;
        start = at.valueStarts[i]!;
      } else if (typeof seg === 'number') {
        // As the exact walk counts items: a negative index is the first, a fraction rounds up.
        const index = seg > 0 ? Math.ceil(seg) : 0;
        if (!(index < at.valueStarts.length)) break;
        start = at.valueStarts[index]!;
      } else {
        break;
      }
    }
    return start;
  }
}

/** Characters the reader leaves to the exact parser: controls (tab and CR included), other line breaks, BOM, surrogates, non-characters. */
const UNHANDLED = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF\u2028\u2029]/;

/** Thrown when the text leaves the subset: a plain object, so that no stack is captured. */
const GIVE_UP = { giveUp: true };

/** Deeper nesting is left to the exact parser (and its limit). */
const MAX_DEPTH = 100;
/** A simple key must fit in 1024 characters (columns); below this many UTF-16 units it surely does. */
const MAX_KEY = 1000;

const SPACE = 32;
const LF = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const AMPERSAND = 38;

/** The value of a text in the subset, or undefined when the exact parser must read it. */
export function readFast(text: string, profile: YamlProfile, limits: YamlLimits): FastRead | undefined {
  if (UNHANDLED.test(text)) return undefined;
  const reader = new FastReader(text, profile, Math.min(limits.maxDepth, MAX_DEPTH), limits.maxAliasNodes);
  try {
    const value = reader.document();
    return { value, repeatedKeys: reader.repeatedKeys };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/**
 * A mapping's keys in order, and where each was first given, for positions
 * (building the value, the mapping itself tells): a search of the list while
 * it is short (cheaper than hashing, before V8 has optimised anything), an
 * index once it is long (linear time however many keys).
 */
class Keys {
  readonly list: string[] = [];
  private index?: Map<string, number>;

  /** Add a key: the index of its first occurrence, or -1 for a new key. */
  add(key: string): number {
    const list = this.list;
    let first: number;
    if (this.index === undefined) {
      first = list.indexOf(key);
      if (list.length >= 16) {
        this.index = new Map();
        for (let i = list.length - 1; i >= 0; i--) this.index.set(list[i]!, i);
        if (first < 0) this.index.set(key, list.length);
      }
    } else {
      first = this.index.get(key) ?? -1;
      if (first < 0) this.index.set(key, list.length);
    }
    list.push(key);
    return first;
  }
}

class FastReader {
  private pos = 0;
  /** Where the line holding `pos` starts. */
  private lineStart = 0;
  private depth = 0;
  private readonly len: number;
  repeatedKeys = false;
  /** Anchored values by name (made on the first anchor), each with where it starts and the bound of what an alias to it adds. */
  private anchors?: Map<string, { value: unknown; start: number; bound: number }>;
  /** With `starts`: the mappings begun so far, and the keys they repeat. */
  private mappings = 0;
  readonly repeats: RepeatedKeyStart[] = [];
  /**
   * An upper bound of the nodes the aliases so far stand for, kept below the
   * exact parser's limit on them (limits.ts), which counts them exactly.
   */
  private aliasBound = 0;

  private readonly src: string;

  constructor(
    text: string,
    private readonly profile: YamlProfile,
    private readonly maxDepth: number,
    private readonly maxAliasNodes: number,
    /** When positions are wanted: where each collection's children start, by where it starts (mappings are then not filled, plain scalars not constructed). */
    private readonly starts?: Map<number, CollectionStarts>,
  ) {
    this.len = text.length;
    // Look-ahead past the end reads NUL (never in a text the reader takes), not out of bounds: V8's optimised code would be thrown away at each end.
    this.src = `${text}\0\0\0\0`;
  }

  /** Where the document's node starts (0 for an empty document). */
  rootStart = 0;

  document(): unknown {
    if (this.nextContentLine() < 0) return null;
    this.rootStart = this.pos;
    const value = this.node(-1, true);
    if (this.nextContentLine() >= 0) throw GIVE_UP;
    return value;
  }

  // ---- lines

  /**
   * From a line start (or a node's first character), past blank and comment
   * lines: the column of the next content, with `pos` on it; -1 at the end.
   */
  private nextContentLine(): number {
    const src = this.src;
    let p = this.pos;
    for (;;) {
      let c = src.charCodeAt(p);
      while (c === SPACE) c = src.charCodeAt(++p);
      if (c === LF) {
        this.lineStart = ++p;
        continue;
      }
      if (p >= this.len) {
        this.pos = p;
        return -1;
      }
      if (c === HASH) {
        p = this.lineEnd(p);
        continue;
      }
      if (p === this.lineStart && this.documentMarker(p)) throw GIVE_UP;
      this.pos = p;
      return p - this.lineStart;
    }
  }

  /** The offset of the line break ending the line at p, or the end of the text. */
  private lineEnd(p: number): number {
    const at = this.src.indexOf('\n', p);
    return at < 0 ? this.len : at;
  }

  /** `---` or `...` then a blank, at a line start: the exact parser's business. */
  private documentMarker(p: number): boolean {
    const src = this.src;
    const c = src.charCodeAt(p);
    return (c === DASH || c === 46) && src.charCodeAt(p + 1) === c && src.charCodeAt(p + 2) === c && this.blankOrEnd(p + 3);
  }

  private blankOrEnd(p: number): boolean {
    const c = this.src.charCodeAt(p);
    return c === SPACE || c === LF || p >= this.len;
  }

  /** After a value: spaces, a comment, then the line break (or the end); `pos` goes to the next line. */
  private finishLine(): void {
    const src = this.src;
    let p = this.pos;
    let c = src.charCodeAt(p);
    while (c === SPACE) c = src.charCodeAt(++p);
    if (c === HASH) c = src.charCodeAt((p = this.lineEnd(p)));
    if (c === LF) this.pos = this.lineStart = p + 1;
    else if (p >= this.len) this.pos = p;
    else throw GIVE_UP;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) throw GIVE_UP;
  }

  // ---- block nodes

  /**
   * The node at `pos`. With `block` (first on its line, or after `- `): a
   * sequence, a mapping (when a key starts here), or a scalar, alias or flow
   * collection; else (after a key's `:`, or an anchor) one of the latter, as
   * a block collection cannot start there. `parent` is the indentation of
   * the enclosing block collection. One function for both, long enough that
   * V8 does not inline it (see mapping()).
   */
  private node(parent: number, block: boolean): unknown {
    const src = this.src;
    const start = this.pos;
    const c = src.charCodeAt(start);
    const column = start - this.lineStart;
    if (block && c === DASH && this.blankOrEnd(start + 1)) return this.sequence(column, false);
    if (c === 39 || c === 34) {
      const line = this.lineStart;
      const text = this.quoted();
      if (block && this.lineStart === line && this.colonAhead()) {
        while (src.charCodeAt(this.pos) === SPACE) this.pos++;
        return this.mapping(column, start, this.keyEnd(start, text));
      }
      this.finishLine();
      return text;
    }
    if (this.plainStart(c, src.charCodeAt(start + 1), false)) {
      const end = this.words();
      if (src.charCodeAt(this.pos) === COLON) {
        if (!block) throw GIVE_UP;
        return this.mapping(column, start, this.keyEnd(start, this.plainKey(src.slice(start, end))));
      }
      return this.plainRest(start, end, parent + 1);
    }
    if (c === AMPERSAND) return this.anchored(parent, !block);
    if (c === 42) {
      const value = this.alias(false);
      this.finishLine();
      return value;
    }
    if (c === 124 || c === 62) return this.blockScalar(parent, c === 62);
    if (c === 91 || c === 123) {
      const value = this.flowCollection();
      this.finishLine();
      return value;
    }
    throw GIVE_UP;
  }

  // ---- anchors and aliases

  /**
   * `&name` at `pos` and the node it names: on the same line (a scalar, an
   * alias or a flow collection, not a key: the anchor would be the key's), or
   * for a block value, on the next lines; for a key's value
   * (`keyValue`), that may be an indentless sequence.
   */
  private anchored(parent: number, keyValue: boolean): unknown {
    const anchorAt = this.pos;
    const name = this.anchorName();
    const src = this.src;
    let c = src.charCodeAt(this.pos);
    while (c === SPACE) c = src.charCodeAt(++this.pos);
    const bound = this.aliasBound;
    const start = this.pos;
    if (c === HASH || c === LF || this.pos >= this.len) {
      this.finishLine();
      const next = this.nextContentLine();
      c = src.charCodeAt(this.pos);
      if (keyValue && next === parent && c === DASH && this.blankOrEnd(this.pos + 1)) {
        const contentStart = this.pos;
        const list = this.sequence(parent, true);
        this.define(name, list, anchorAt, bound, contentStart);
        return list;
      }
      // An anchored empty value: left to the exact parser.
      if (next <= parent) throw GIVE_UP;
    }
    // Two anchors, or an anchor on an alias: the exact parser's error.
    if (c === AMPERSAND || c === 42) throw GIVE_UP;
    const contentStart = this.pos;
    const value = this.node(parent, start !== this.pos);
    this.define(name, value, anchorAt, bound, contentStart);
    return value;
  }

  /** An anchor's name, followed by a blank; `pos` ends after it. Defining a name twice is the exact parser's error. */
  private anchorName(): string {
    const src = this.src;
    const from = this.pos + 1;
    let p = from;
    while (isWordChar(src.charCodeAt(p))) p++;
    if (p === from || !this.blankOrEnd(p)) throw GIVE_UP;
    const name = src.slice(from, p);
    if (this.anchors?.has(name)) throw GIVE_UP;
    this.pos = p;
    return name;
  }

  /**
   * Name a built node. Its bound (see aliasBound) is what an alias to it may
   * add: at most two nodes per character of its text and one more, plus what the aliases
   * inside it added.
   */
  private define(name: string, value: unknown, anchorAt: number, boundBefore: number, contentStart: number): void {
    (this.anchors ??= new Map()).set(name, { value, start: anchorAt, bound: 2 * (this.pos - anchorAt) + 1 + (this.aliasBound - boundBefore) });
    // The node starts at its anchor: so does its entry among the starts.
    const at = this.starts?.get(contentStart);
    if (at !== undefined) {
      this.starts!.delete(contentStart);
      this.starts!.set(anchorAt, at);
    }
  }

  /** With `starts`, a mapping's key: a repeat is noted with where it and its first occurrence start. */
  private noteKey(mapping: number, keys: Keys, keyStarts: number[], key: string, at: number): void {
    const first = keys.add(key);
    if (first < 0) return;
    this.repeatedKeys = true;
    this.repeats.push({ mapping, key, at, first: keyStarts[first]! });
  }

  /** Without `starts`, a pair of a mapping being built; a key given twice is noted (the later value wins, as in PyYAML). */
  private setPair(map: Record<string, unknown>, key: string, value: unknown): void {
    if (Object.hasOwn(map, key)) this.repeatedKeys = true;
    setProperty(map, key, value);
  }

  /** Where the node at `at` starts as the exact parser places it: for an alias, where the node it names starts. */
  private nodeStart(at: number): number {
    const src = this.src;
    if (src.charCodeAt(at) !== 42) return at;
    let p = at + 1;
    while (isWordChar(src.charCodeAt(p))) p++;
    return this.anchors!.get(src.slice(at + 1, p))!.start;
  }

  /** `*name` at `pos`: the value its anchor built (the same object, as PyYAML shares it). `pos` ends after the name. */
  private alias(flow: boolean): unknown {
    const src = this.src;
    const from = this.pos + 1;
    let p = from;
    while (isWordChar(src.charCodeAt(p))) p++;
    const c = src.charCodeAt(p);
    if (p === from || !(this.blankOrEnd(p) || (flow && (c === COMMA || c === 93 || c === 125)))) throw GIVE_UP;
    // An alias before its anchor, or inside the node it names (recursive data): the exact parser's error.
    const anchor = this.anchors?.get(src.slice(from, p));
    if (anchor === undefined) throw GIVE_UP;
    this.aliasBound += anchor.bound;
    if (this.aliasBound > this.maxAliasNodes) throw GIVE_UP;
    this.pos = p;
    return anchor.value;
  }

  /** After a quoted scalar: spaces, then a `:` and a blank (it was a key). */
  private colonAhead(): boolean {
    const src = this.src;
    let p = this.pos;
    while (src.charCodeAt(p) === SPACE) p++;
    return src.charCodeAt(p) === COLON && this.blankOrEnd(p + 1);
  }

  /**
   * A block mapping whose keys are at `column`, starting at `start` with
   * `firstKey` (which node() read to find it is one; `pos` is after its `:`).
   * After each key's `:`: a value on the same line, a node on the next
   * lines, an indentless sequence, or nothing (null). One function with its
   * values (rather than one per value) is too long for V8 to inline into
   * the functions it calls: inlining the whole recursion into each of them
   * cost more to compile than it saved in a one-second process.
   */
  private mapping(column: number, start: number, firstKey: string): Record<string, unknown> {
    this.enter();
    const src = this.src;
    const map: Record<string, unknown> = {};
    const keys = this.starts && new Keys();
    const at = keys && { keys: keys.list, keyStarts: [] as number[], valueStarts: [] as number[] };
    const ordinal = this.mappings++;
    let keyStart = start;
    let key = firstKey;
    for (;;) {
      const colonEnd = this.pos;
      let p = colonEnd;
      let c = src.charCodeAt(p);
      while (c === SPACE) c = src.charCodeAt(++p);
      this.pos = p;
      let value: unknown = null;
      // An empty value is placed just after the colon.
      let valueStart = colonEnd;
      if (c !== HASH && c !== LF && p < this.len) {
        valueStart = p;
        value = this.node(column, false);
      } else {
        this.finishLine();
        const next = this.nextContentLine();
        if (next > column) {
          valueStart = this.pos;
          value = this.node(column, true);
        } else if (next === column && src.charCodeAt(this.pos) === DASH && this.blankOrEnd(this.pos + 1)) {
          // A `- ` at the key's own column: a sequence that is the key's value (PyYAML's indentless sequence).
          valueStart = this.pos;
          value = this.sequence(column, true);
        }
      }
      if (at) {
        this.noteKey(ordinal, keys!, at.keyStarts, key, keyStart);
        at.keyStarts.push(keyStart);
        at.valueStarts.push(this.nodeStart(valueStart));
      } else {
        this.setPair(map, key, value);
      }
      const next = this.nextContentLine();
      if (next < column) break;
      if (next > column) throw GIVE_UP;
      keyStart = this.pos;
      key = this.key();
    }
    if (at) this.starts!.set(start, at);
    this.depth--;
    return map;
  }

  /** A string key on one line, then its `:` and a blank; `pos` ends after the `:`. */
  private key(): string {
    const src = this.src;
    const start = this.pos;
    const c = src.charCodeAt(start);
    let key: string;
    if (c === 39 || c === 34) {
      const line = this.lineStart;
      key = this.quoted();
      if (this.lineStart !== line) throw GIVE_UP;
      while (src.charCodeAt(this.pos) === SPACE) this.pos++;
    } else {
      if (!this.plainStart(c, src.charCodeAt(start + 1), false)) throw GIVE_UP;
      key = this.plainKey(src.slice(start, this.words()));
    }
    return this.keyEnd(start, key);
  }

  /** A plain key: a string (a key that resolves to another type is the exact parser's). */
  private plainKey(key: string): string {
    if (resolveScalar(key) !== STR) throw GIVE_UP;
    return key;
  }

  /** The `:` and blank after a key that started at `start`, with `pos` on the `:`: `pos` ends after it. */
  private keyEnd(start: number, key: string): string {
    const src = this.src;
    if (src.charCodeAt(this.pos) !== COLON || !this.blankOrEnd(this.pos + 1) || this.pos - start > MAX_KEY) throw GIVE_UP;
    this.pos++;
    return key;
  }

  /**
   * A block sequence whose `-` are at `column`; `pos` is on the first. An
   * indentless one (the value of a key at the same column) ends at a line
   * that is not an item; any other must be followed by less indentation.
   */
  private sequence(column: number, indentless: boolean): unknown[] {
    this.enter();
    const src = this.src;
    const list: unknown[] = [];
    const sequenceStart = this.pos;
    const at = this.starts && { valueStarts: [] as number[] };
    for (;;) {
      let p = this.pos + 1;
      // An empty item is placed just after its `-`.
      let start = p;
      let c = src.charCodeAt(p);
      while (c === SPACE) c = src.charCodeAt(++p);
      this.pos = p;
      let item: unknown = null;
      if (c !== HASH && c !== LF && p < this.len) {
        start = p;
        item = this.node(column, true);
      } else {
        this.finishLine();
        if (this.nextContentLine() > column) {
          start = this.pos;
          item = this.node(column, true);
        }
      }
      list.push(item);
      if (at) {
        at.valueStarts.push(this.nodeStart(start));
      }
      const next = this.nextContentLine();
      if (next < column) break;
      if (next > column) throw GIVE_UP;
      if (src.charCodeAt(this.pos) !== DASH || !this.blankOrEnd(this.pos + 1)) {
        if (indentless) break;
        throw GIVE_UP;
      }
    }
    if (at) this.starts!.set(sequenceStart, at);
    this.depth--;
    return list;
  }

  // ---- plain scalars

  /** The scanner's check_plain: whether `c` (followed by `next`) starts a plain scalar. */
  private plainStart(c: number, next: number, flow: boolean): boolean {
    if (c === SPACE || c === LF || c === 0) return false;
    if (c >= 128 || NOT_PLAIN_START[c] === 0) return true;
    if (next === SPACE || next === LF || next === 0) return false;
    return c === DASH || (!flow && (c === 63 || c === COLON));
  }

  /**
   * The words of a block plain scalar on the current line, from `pos`: the
   * end of the last word. `pos` is left on what ended them: a comment's `#`,
   * the line break, the end of the text, or a `:` followed by a blank.
   */
  private words(): number {
    const src = this.src;
    const run = PLAIN_RUN_BLOCK;
    let p = this.pos;
    let end = p;
    for (;;) {
      const from = p;
      // A word: runs of ordinary characters, and any `:` not followed by a blank.
      for (;;) {
        run.lastIndex = p;
        run.test(src);
        p = run.lastIndex;
        if (src.charCodeAt(p) !== COLON || this.blankOrEnd(p + 1)) break;
        p++;
      }
      if (p === from) break;
      end = p;
      let c = src.charCodeAt(p);
      while (c === SPACE) c = src.charCodeAt(++p);
      if (c === HASH || c === LF || p >= this.len) break;
    }
    this.pos = p;
    return end;
  }

  /**
   * A block plain scalar whose first line (from `start` to `end`) has been
   * read: its following lines, folded as the scanner folds them, while they
   * are indented at least `indent`; its value. `pos` ends on a line start.
   */
  private plainRest(start: number, end: number, indent: number): unknown {
    const src = this.src;
    let text: string | undefined;
    let c = src.charCodeAt(this.pos);
    while (c === LF) {
      // Blank lines, then the next line's indentation.
      let p = this.pos + 1;
      let lineStart = p;
      let breaks = 0;
      for (;;) {
        c = src.charCodeAt(p);
        while (c === SPACE) c = src.charCodeAt(++p);
        if (c !== LF) break;
        breaks++;
        lineStart = ++p;
      }
      this.lineStart = lineStart;
      if (p === lineStart && this.documentMarker(p)) throw GIVE_UP;
      // The scalar ends at a comment, the end of the text, or a line indented less.
      if (c === HASH || p >= this.len || p - lineStart < indent) {
        this.pos = lineStart;
        return this.plainValue(text ?? src.slice(start, end));
      }
      this.pos = p;
      const wordEnd = this.words();
      // A line that starts with `: `, or holds one: the exact parser's error.
      if (wordEnd === p || src.charCodeAt(this.pos) === COLON) throw GIVE_UP;
      text = (text ?? src.slice(start, end)) + (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + src.slice(p, wordEnd);
      c = src.charCodeAt(this.pos);
    }
    this.finishLine();
    return this.plainValue(text ?? src.slice(start, end));
  }

  /** A plain scalar's value, as the resolver tags it and the constructor builds it. */
  private plainValue(text: string): unknown {
    // A second reading, for positions, has read this text once already: its scalars were fine.
    if (this.starts) return null;
    const tag = resolveScalar(text);
    if (tag === STR) return text;
    // `<<` and `=` as values are refused by the constructor: the exact parser says so.
    if (tag === MERGE || tag === VALUE) throw GIVE_UP;
    try {
      return constructScalar(tag, text, this.profile, false);
    } catch {
      throw GIVE_UP;
    }
  }

  // ---- quoted scalars

  /** A single- or double-quoted scalar at `pos`, on one line or several; `pos` ends after its closing quote. */
  private quoted(): string {
    const src = this.src;
    const quote = src.charCodeAt(this.pos);
    const double = quote === 34;
    const start = this.pos + 1;
    // Most end on their line with no escape: their text is the slice up to the quote.
    // The scanner's fast path (the other line breaks it also stops at are never in a text this reader takes).
    const special = double ? DOUBLE_QUOTED_SPECIAL : SINGLE_QUOTED_SPECIAL;
    special.lastIndex = start;
    const found = special.exec(src);
    if (found === null) throw GIVE_UP;
    if (src.charCodeAt(found.index) === quote && !(!double && src.charCodeAt(found.index + 1) === 39)) {
      this.pos = found.index + 1;
      return src.slice(start, found.index);
    }
    return this.quotedSlow(double, start);
  }

  /** The scanner's scan_flow_scalar: escapes, doubled quotes, folded line breaks. */
  private quotedSlow(double: boolean, start: number): string {
    const src = this.src;
    const len = this.len;
    const quote = double ? 34 : 39;
    let p = start;
    let out = '';
    for (;;) {
      // Non-space characters.
      let c: number;
      for (;;) {
        const from = p;
        c = src.charCodeAt(p);
        while (c !== 39 && c !== 34 && c !== 92 && c !== SPACE && c !== LF && p < len) c = src.charCodeAt(++p);
        if (p > from) out += src.slice(from, p);
        if (p >= len) throw GIVE_UP;
        if (!double && c === 39 && src.charCodeAt(p + 1) === 39) {
          out += "'";
          p += 2;
        } else if ((double && c === 39) || (!double && (c === 34 || c === 92))) {
          out += src[p];
          p++;
        } else if (double && c === 92) {
          const e = src[++p]!;
          if (Object.hasOwn(ESCAPES, e)) {
            out += ESCAPES[e];
            p++;
          } else if (Object.hasOwn(ESCAPE_LENGTHS, e)) {
            const length = ESCAPE_LENGTHS[e]!;
            p++;
            for (let k = 0; k < length; k++) if (!isHex(src.charCodeAt(p + k))) throw GIVE_UP;
            const code = parseInt(src.slice(p, p + length), 16);
            // Surrogates: libyaml refuses them, PyYAML takes them.
            if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw GIVE_UP;
            out += String.fromCodePoint(code);
            p += length;
          } else if (e === '\n') {
            this.lineStart = ++p;
            p = this.quotedBreaks(p);
            out += this.breaks;
          } else {
            throw GIVE_UP;
          }
        } else {
          break;
        }
      }
      if (c === quote) {
        this.pos = p + 1;
        return out;
      }
      // White space: kept within a line, folded across lines.
      const from = p;
      while (src.charCodeAt(p) === SPACE) p++;
      c = src.charCodeAt(p);
      if (p >= len) throw GIVE_UP;
      if (c === LF) {
        this.lineStart = ++p;
        p = this.quotedBreaks(p);
        out += this.breaks === '' ? ' ' : this.breaks;
      } else {
        out += src.slice(from, p);
      }
    }
  }

  /** Set by quotedBreaks: the line breaks of the blank lines it passed. */
  private breaks = '';

  /** From a line start inside a quoted scalar: past blank lines and the next line's indentation; the offset reached. */
  private quotedBreaks(p: number): number {
    const src = this.src;
    let breaks = '';
    for (;;) {
      if (this.documentMarker(p)) throw GIVE_UP;
      while (src.charCodeAt(p) === SPACE) p++;
      if (src.charCodeAt(p) !== LF) break;
      breaks += '\n';
      this.lineStart = ++p;
    }
    this.breaks = breaks;
    return p;
  }

  // ---- block scalars

  /**
   * A literal (`|`) or folded (`>`) scalar at `pos`, as the scanner's
   * scan_block_scalar reads it; `parent` is the enclosing block
   * collection's indentation. `pos` ends on the line after it.
   */
  private blockScalar(parent: number, folded: boolean): string {
    const src = this.src;
    const len = this.len;
    let p = this.pos + 1;
    // Header: chomping (+/-) and indentation (1-9) indicators in either order.
    let chomping: boolean | undefined;
    let increment: number | undefined;
    let c = src.charCodeAt(p);
    if (c === 43 || c === DASH) {
      chomping = c === 43;
      c = src.charCodeAt(++p);
      if (c >= 49 && c <= 57) {
        increment = c - 48;
        c = src.charCodeAt(++p);
      }
    } else if (c >= 49 && c <= 57) {
      increment = c - 48;
      c = src.charCodeAt(++p);
      if (c === 43 || c === DASH) {
        chomping = c === 43;
        c = src.charCodeAt(++p);
      }
    }
    // A comment right after the indicators: libyaml takes it, PyYAML does not.
    if (c !== SPACE && c !== LF && p < len) throw GIVE_UP;
    this.pos = p;
    this.finishLine();
    p = this.pos;
    let lineStart = this.lineStart;

    const minIndent = Math.max(parent + 1, 1);
    let indent: number;
    let breaks = 0;
    if (increment === undefined) {
      // The blank lines before the first line, and the deepest indentation they reach.
      let maxIndent = 0;
      for (c = src.charCodeAt(p); c === SPACE || c === LF; c = src.charCodeAt(p)) {
        if (c === LF) {
          breaks++;
          lineStart = ++p;
        } else {
          while (src.charCodeAt(p) === SPACE) p++;
          if (p - lineStart > maxIndent) maxIndent = p - lineStart;
        }
      }
      indent = Math.max(minIndent, maxIndent);
    } else {
      indent = minIndent + increment - 1;
    }
    // The lines: `p` is always past the indentation (up to `indent` spaces) of the line starting at `lineStart`.
    if (increment !== undefined) {
      this.lineStart = lineStart;
      p = this.blockBreaks(p, indent);
      lineStart = this.lineStart;
      breaks = this.breakCount;
    }
    let text = '';
    let lineBreak = false;
    while (p - lineStart === indent && p < len) {
      if (breaks > 0) text += '\n'.repeat(breaks);
      const leadingNonSpace = src.charCodeAt(p) !== SPACE;
      const from = p;
      p = src.indexOf('\n', p);
      if (p < 0) p = len;
      text += src.slice(from, p);
      lineBreak = p < len;
      if (lineBreak) this.lineStart = ++p;
      p = this.blockBreaks(p, indent);
      lineStart = this.lineStart;
      breaks = this.breakCount;
      if (p - lineStart === indent && p < len) {
        if (folded && lineBreak && leadingNonSpace && src.charCodeAt(p) !== SPACE) {
          if (breaks === 0) text += ' ';
        } else if (lineBreak) {
          text += '\n';
        }
      } else {
        break;
      }
    }
    if (chomping !== false && lineBreak) text += '\n';
    if (chomping === true && breaks > 0) text += '\n'.repeat(breaks);
    this.lineStart = lineStart;
    this.pos = p >= len ? len : lineStart;
    return text;
  }

  /** Set by blockBreaks: the blank lines it passed. */
  private breakCount = 0;

  /** Inside a block scalar, from `p` on the line at lineStart: up to `indent` spaces, and blank lines; the offset reached. */
  private blockBreaks(p: number, indent: number): number {
    const src = this.src;
    let limit = this.lineStart + indent;
    let breaks = 0;
    while (p < limit && src.charCodeAt(p) === SPACE) p++;
    while (src.charCodeAt(p) === LF) {
      breaks++;
      this.lineStart = ++p;
      limit = p + indent;
      while (p < limit && src.charCodeAt(p) === SPACE) p++;
    }
    this.breakCount = breaks;
    return p;
  }

  // ---- flow collections

  /** `[...]` or `{...}` at `pos`; `pos` ends after its closing bracket. */
  private flowCollection(): unknown {
    this.enter();
    const src = this.src;
    const sequence = src.charCodeAt(this.pos) === 91;
    const close = sequence ? 93 : 125;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    const keys = this.starts && !sequence ? new Keys() : undefined;
    const start = this.pos;
    const at: CollectionStarts | undefined = this.starts && (keys ? { keys: keys.list, keyStarts: [], valueStarts: [] } : { valueStarts: [] });
    const ordinal = sequence ? -1 : this.mappings++;
    this.pos++;
    this.flowSpace();
    if (src.charCodeAt(this.pos) !== close) {
      for (;;) {
        if (sequence) {
          const itemStart = this.pos;
          list.push(this.flowNode());
          if (at) {
            at.valueStarts.push(this.nodeStart(itemStart));
          }
        } else {
          const keyStart = this.pos;
          const key = this.flowKey();
          let value: unknown = null;
          // A key alone (`{a, b}`) has an empty value where the next token starts; one after `:`, just after it.
          let valueStart = this.pos;
          if (src.charCodeAt(this.pos) === COLON) {
            valueStart = ++this.pos;
            this.flowSpace();
            const c = src.charCodeAt(this.pos);
            if (c !== COMMA && c !== close) {
              valueStart = this.pos;
              value = this.flowNode();
            }
          }
          if (at) {
            this.noteKey(ordinal, keys!, at.keyStarts!, key, keyStart);
            at.keyStarts!.push(keyStart);
            at.valueStarts.push(this.nodeStart(valueStart));
          } else {
            this.setPair(map, key, value);
          }
        }
        this.flowSpace();
        const c = src.charCodeAt(this.pos);
        if (c === COMMA) {
          this.pos++;
          this.flowSpace();
          if (src.charCodeAt(this.pos) === close) break;
        } else if (c === close) {
          break;
        } else {
          throw GIVE_UP;
        }
      }
    }
    this.pos++;
    if (at) this.starts!.set(start, at);
    this.depth--;
    return sequence ? list : map;
  }

  /** Spaces, line breaks and comments between flow tokens (indentation does not matter in flow context). */
  private flowSpace(): void {
    const src = this.src;
    let p = this.pos;
    for (;;) {
      let c = src.charCodeAt(p);
      while (c === SPACE) c = src.charCodeAt(++p);
      if (c === HASH) c = src.charCodeAt((p = this.lineEnd(p)));
      if (c !== LF) break;
      this.lineStart = ++p;
      if (this.documentMarker(p)) throw GIVE_UP;
    }
    this.pos = p;
  }

  /** A flow collection's item or value: a flow collection or a scalar. */
  private flowNode(): unknown {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    if (c === 91 || c === 123) return this.flowCollection();
    if (c === 39 || c === 34) return this.quoted();
    if (c === 42) return this.alias(true);
    if (c === AMPERSAND) {
      const anchorAt = this.pos;
      const name = this.anchorName();
      this.flowSpace();
      const bound = this.aliasBound;
      const next = src.charCodeAt(this.pos);
      if (next === AMPERSAND || next === 42 || next === COMMA || next === 93 || next === 125) throw GIVE_UP;
      const contentStart = this.pos;
      const value = this.flowNode();
      this.define(name, value, anchorAt, bound, contentStart);
      return value;
    }
    if (!this.plainStart(c, src.charCodeAt(this.pos + 1), true)) throw GIVE_UP;
    return this.plainValue(this.flowPlain());
  }

  /** A flow mapping's key (a string on one line); `pos` ends on its `:`, or on the `,` or `}` after a key alone. */
  private flowKey(): string {
    const src = this.src;
    const start = this.pos;
    const c = src.charCodeAt(start);
    let key: string;
    let quoted = false;
    if (c === 39 || c === 34) {
      const line = this.lineStart;
      key = this.quoted();
      if (this.lineStart !== line) throw GIVE_UP;
      quoted = true;
    } else {
      if (!this.plainStart(c, src.charCodeAt(start + 1), true)) throw GIVE_UP;
      key = this.flowPlain();
      if (resolveScalar(key) !== STR) throw GIVE_UP;
    }
    while (src.charCodeAt(this.pos) === SPACE) this.pos++;
    if (this.pos - start > MAX_KEY) throw GIVE_UP;
    const after = src.charCodeAt(this.pos);
    if (after === COMMA || after === 125) return key;
    // After a quoted key any `:` is its value indicator; after a plain one a `:` with no blank would have been part of it.
    if (after !== COLON || (!quoted && !this.blankOrEnd(this.pos + 1))) throw GIVE_UP;
    return key;
  }

  /** A plain scalar in flow context, on one line: its text; `pos` ends after its last word. */
  private flowPlain(): string {
    const src = this.src;
    const run = PLAIN_RUN_FLOW;
    const start = this.pos;
    let p = start;
    let end = p;
    for (;;) {
      const from = p;
      for (;;) {
        run.lastIndex = p;
        run.test(src);
        p = run.lastIndex;
        const c = src.charCodeAt(p);
        // `?` inside a flow plain scalar: PyYAML ends it, libyaml does not.
        if (c === 63) throw GIVE_UP;
        if (c !== COLON) break;
        const next = src.charCodeAt(p + 1);
        if (next === SPACE || next === LF || p + 1 >= this.len) break;
        // `:` before a flow indicator: PyYAML ends the scalar, libyaml refuses it.
        if (next === COMMA || next === 91 || next === 93 || next === 123 || next === 125) throw GIVE_UP;
        p++;
      }
      if (p === from) break;
      end = p;
      let c = src.charCodeAt(p);
      while (c === SPACE) c = src.charCodeAt(++p);
      if (c === LF) {
        // The scalar ends here if the next line goes on with `,`, a closing bracket or a comment; folding it into that line is left to the exact parser.
        do c = src.charCodeAt(++p);
        while (c === SPACE || c === LF);
        if (c === COMMA || c === 93 || c === 125 || c === HASH) break;
        throw GIVE_UP;
      }
      if (c === HASH || p >= this.len) break;
    }
    this.pos = end;
    return src.slice(start, end);
  }
}

