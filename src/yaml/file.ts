/**
 * One YAML file, read as Heat or PyYAML's safe_load reads it: its text, its
 * value, the line and column of any path in it, and its repeated keys, all
 * from a single parse made on first use.
 *
 *   const file = new YamlFile('env.yaml', text);            // Heat's loader
 *   file.value                  // JSON-like data; throws a ThtError if PyYAML would refuse the text
 *   file.position(['parameter_defaults', 'NovaWorkers'])    // { line, column } of the value
 *   file.repeatedKeys()         // keys given twice in one mapping
 *   new YamlFile('roles_data.yaml', text, { profile: 'safe_load' }).python()   // exact Python data
 *
 * Profiles: 'heat' is Heat's template and environment loader (PyYAML's
 * libyaml-based SafeLoader, timestamps kept as strings); 'safe_load' is
 * `yaml.safe_load`, what process-templates.py reads roles_data,
 * network_data and j2_excludes with (pure-Python PyYAML, timestamps become
 * datetime.date/datetime). The two accept slightly different texts (tabs, a
 * byte order mark inside the file); each profile follows its reference.
 */
import { ThtError } from '../load/errors.js';
import { compose, MAPPING_NODE, SEQUENCE_NODE, type Composed } from './compose.js';
import { Constructor, type YamlProfile } from './construct.js';
import { YamlError } from './error.js';
import { type FastRead, FastPositions, readFast } from './fast.js';
import { DEFAULT_LIMITS, type YamlLimits } from './limits.js';
import { LineIndex } from './lines.js';
import { characterName, decodeUtf8, firstNonPrintable } from './reader.js';

export type { YamlProfile } from './construct.js';
export type { YamlLimits } from './limits.js';

/** A step of a path into a document: a mapping key (as `value` spells it) or a sequence index. */
export type PathSegment = string | number;

export interface YamlPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

/** A key given twice in one mapping (PyYAML keeps the later value and drops the earlier silently). */
export interface RepeatedKey extends YamlPosition {
  key: string;
  /** Where the same key appeared first. */
  first: YamlPosition;
}

export interface YamlFileOptions {
  profile?: YamlProfile;
  limits?: Partial<YamlLimits>;
}

interface Parsed {
  composed: Composed;
  value: unknown;
  constructor: Constructor;
}

const HINT = 'Fix the YAML at that position.';

export class YamlFile {
  readonly profile: YamlProfile;
  private readonly limits: YamlLimits;
  private lineIndex?: LineIndex;
  private parsed?: Parsed;
  /** The value as the fast reader built it (fast.ts), when the text is in its subset. */
  private fast?: FastRead;
  private triedFast = false;
  /** For a file the fast reader took: where its nodes start, read when a position is first asked. */
  private fastPositions?: FastPositions;
  private failure?: ThtError;
  /** Set when the bytes were not UTF-8: where, in the decoded text. */
  private invalidUtf8?: { offset: number; byte: number };

  /**
   * @param name how messages name the file (a tree key or a path)
   * @param text the file's text
   */
  constructor(
    readonly name: string,
    readonly text: string,
    options: YamlFileOptions = {},
  ) {
    this.profile = options.profile ?? 'heat';
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** A file from its bytes: UTF-8, as both references require (anything else is refused, with its position). */
  static fromBytes(name: string, bytes: Uint8Array, options: YamlFileOptions = {}): YamlFile {
    const decoded = decodeUtf8(bytes);
    const file = new YamlFile(name, decoded.text, options);
    file.invalidUtf8 = decoded.invalid;
    return file;
  }

  /**
   * The document as JSON-like data (plain objects with string keys); null
   * for an empty file. Throws ThtError. Read by the fast reader when the
   * text is in its subset (most templates), else by the exact parser, unless
   * that one has read the file already; the two build the same value.
   */
  get value(): unknown {
    if (this.readFast()) return this.fast!.value;
    return this.parse().value;
  }

  /** Why the text is refused, or undefined when it parses. */
  get error(): ThtError | undefined {
    if (this.readFast()) return undefined;
    try {
      this.parse();
      return undefined;
    } catch (e) {
      if (e instanceof ThtError) return e;
      throw e;
    }
  }

  /**
   * The document exactly as the profile's Python loader builds it (PyDict
   * keys keep their types and order, timestamps are PyDate/PyDateTime under
   * safe_load, and so on: see construct.ts). Built on each call.
   */
  python(): unknown {
    const { composed } = this.parse();
    return this.construct(composed, true).document();
  }

  /**
   * Line and column of the node at a path (keys and sequence indexes), or of
   * the deepest node on the way that exists. With `key`, the position of the
   * last key rather than its value (a value left empty is where PyYAML puts
   * it: just after the colon). Throws ThtError when the text does not parse.
   */
  position(path: readonly PathSegment[], options: { key?: boolean } = {}): YamlPosition {
    if (this.readFast()) return this.at(this.positions.offset(path, options.key === true));
    const { composed, constructor } = this.parse();
    const n = composed.nodes;
    if (composed.root < 0) return { line: 1, column: 1 };
    let node = n.deref(composed.root);
    for (let depth = 0; depth < path.length; depth++) {
      const seg = path[depth]!;
      const last = depth === path.length - 1;
      if (n.kind[node] === MAPPING_NODE) {
        const { pairs } = constructor.pairs(node);
        let found = -1;
        // The last pair with the key is the one whose value counts.
        for (let p = pairs.length - 2; p >= 0 && found < 0; p -= 2) if (constructor.keyName(pairs[p]!) === String(seg)) found = p;
        if (found < 0) break;
        const keyNode = pairs[found]!;
        const valueNode = pairs[found + 1]!;
        if (last && options.key) return this.at(n.start[keyNode]!);
        node = n.deref(valueNode);
      } else if (n.kind[node] === SEQUENCE_NODE && typeof seg === 'number') {
        let item = node + 1;
        for (let k = 0; k < seg && item < n.next[node]!; k++) item = n.next[item]!;
        if (item >= n.next[node]!) break;
        node = n.deref(item);
      } else {
        break;
      }
    }
    return this.at(n.start[node]!);
  }

  /** Keys given twice in one mapping, in document order (merge keys `<<` excepted). Throws ThtError when the text does not parse. */
  repeatedKeys(): RepeatedKey[] {
    if (this.readFast()) {
      // The fast reader saw every key: without repeats, there are no positions to find.
      if (!this.fast!.repeatedKeys) return [];
      return this.positions.repeatedKeys.map((r) => ({ key: r.key, ...this.at(r.at), first: this.at(r.first) }));
    }
    const { composed, constructor } = this.parse();
    const n = composed.nodes;
    return constructor.repeatedKeys().map((r) => ({
      key: constructor.keyName(r.first),
      ...this.at(n.start[r.key]!),
      first: this.at(n.start[r.first]!),
    }));
  }

  /** For a file the fast reader took: where its nodes start, read when first asked. */
  private get positions(): FastPositions {
    return (this.fastPositions ??= FastPositions.read(this.text, this.profile, this.limits)!);
  }

  private get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text, this.profile === 'heat'));
  }

  private at(offset: number): YamlPosition {
    // Past the text: libyaml's end of a file without a final line break, on a line of its own.
    if (offset > this.text.length) return { line: this.lines.starts.length + 1, column: 1 };
    return this.lines.position(offset);
  }

  private construct(composed: Composed, python: boolean): Constructor {
    return new Constructor(composed, this.profile, python);
  }

  /** Whether the value is the fast reader's: tried once, before any exact parse. */
  private readFast(): boolean {
    if (this.fast) return true;
    if (this.parsed || this.failure || this.triedFast) return false;
    this.triedFast = true;
    if (this.invalidUtf8) return false;
    this.fast = readFast(this.text, this.profile, this.limits);
    return this.fast !== undefined;
  }

  private parse(): Parsed {
    if (this.parsed) return this.parsed;
    if (this.failure) throw this.failure;
    try {
      this.checkCharacters();
      const composed = compose(this.text, this.lines, this.profile === 'heat', this.limits);
      const constructor = this.construct(composed, false);
      const value = constructor.document();
      if (composed.recursive) throw composed.recursive;
      this.parsed = { composed, value, constructor };
      return this.parsed;
    } catch (e) {
      if (!(e instanceof YamlError)) throw e;
      this.failure = new ThtError(`invalid YAML: ${e.message}`, { at: { file: this.name, ...this.at(e.offset) }, hint: e.hint ?? HINT });
      throw this.failure;
    }
  }

  /** What PyYAML's Reader refuses: bytes that are not UTF-8, characters outside YAML's printable set. */
  private checkCharacters(): void {
    if (this.invalidUtf8) {
      const { offset, byte } = this.invalidUtf8;
      throw new YamlError(`the file is not UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')})`, offset, 'Save the file as UTF-8.');
    }
    const bad = firstNonPrintable(this.text);
    if (bad >= 0) {
      throw new YamlError(
        `the character ${characterName(this.text, bad)} is not allowed in YAML (control characters other than tab and line breaks are refused)`,
        bad,
        'Remove the character, or write it as an escape in a double-quoted string.',
      );
    }
  }
}
