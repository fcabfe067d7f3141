/**
 * Nodes to values, as PyYAML's SafeConstructor builds them, in two forms:
 *
 * - `python`: the exact Python data (PyDict with typed keys, PyFloat,
 *   PyDate, PyBytes, PySet, tuples for `!!omap`/`!!pairs`), for the render
 *   data that templates see as process-templates.py's Jinja does;
 * - JSON-like (the default): what that data is once Python's json module has
 *   carried it, as heatclient sends a template to Heat: plain objects with
 *   string keys, numbers still ints or floats (PyFloat, bigint), timestamps
 *   as written.
 *
 * Merge keys (`<<`) are applied as PyYAML applies them (merged pairs first,
 * the mapping's own pairs after, so own keys win; of a list of mappings the
 * first wins). A collection node is built once and shared by every path to
 * it (aliases, merges), as in Python.
 */
import { ANCHORED, HAS_MERGE, MAPPING_NODE, type Composed, type Nodes, SCALAR_NODE, SEQUENCE_NODE } from './compose.js';
import { YamlError } from './error.js';
import { jsonKey } from './pyprint.js';
import { PyDict, PySet, isPlainMapping, tuple } from './python.js';
import { BINARY, BOOL, FLOAT, INT, MAP, MERGE, NULL, OMAP, OTHER, PAIRS, SEQ, SET, STR, tagName, TIMESTAMP, VALUE } from './resolve.js';
import { constructScalar } from './scalars.js';

/** Which reference loader a file is read as. */
export type YamlProfile = 'heat' | 'safe_load';

/** A repeated key: the node of the later key and of the first one. */
export interface RepeatedKeyNodes {
  key: number;
  first: number;
}

const KIND_NAMES = ['', 'a scalar', 'a sequence', 'a mapping', 'an alias'];

/** Key and value nodes, flat (key, value, key, value...), and the index where the mapping's own pairs start. */
interface MergedPairs {
  pairs: number[];
  own: number;
}

/** A mapping being filled (`form`: which of the three `into` is, asked once per mapping), and the JSON-like names of its non-string keys so far. */
interface KeyNames {
  into: PyDict | PySet | Record<string, unknown>;
  form: number;
  isSet: boolean;
  others?: PyDict;
}

const OBJECT_FORM = 0;
const DICT_FORM = 1;
const SET_FORM = 2;

export class Constructor {
  private readonly nodes: Nodes;
  /** Collection node -> its value, while the document is built; anchored scalar node -> its value. */
  private collections: unknown[];
  private readonly scalars = new Map<number, unknown>();
  /** Mapping node -> its pairs once merge keys are applied (for mappings that have merge keys). */
  private readonly merged = new Map<number, MergedPairs>();
  /** Mappings whose merge keys are being applied. */
  private readonly flattening = new Set<number>();
  /** Collections made but not filled yet (see document()): node, container, node, container... */
  private pending: unknown[] = [];

  constructor(
    private readonly composed: Composed,
    private readonly profile: YamlProfile,
    private readonly python: boolean,
  ) {
    this.nodes = composed.nodes;
    this.collections = new Array<unknown>(composed.nodes.count);
  }

  /**
   * The whole document. As in PyYAML, a collection is made empty when first
   * met and filled in a later round, level by level, so that when a document
   * has several faults the one reported is the one PyYAML reports.
   */
  document(): unknown {
    if (this.composed.root < 0) return null;
    const value = this.build(this.composed.root);
    while (this.pending.length > 0) {
      const round = this.pending;
      this.pending = [];
      for (let p = 0; p < round.length; p += 2) this.fill(round[p] as number, round[p + 1]);
    }
    // Done: the file keeps its store for positions, not a second index of its values.
    this.collections = [];
    return value;
  }

  /**
   * A node's value, built once: like PyYAML, one object per collection node
   * however many paths reach it (aliases, and merge keys that copy pairs).
   */
  private build(node: number): unknown {
    const n = this.nodes;
    const i = n.deref(node);
    if (n.kind[i] === SCALAR_NODE) {
      if ((n.flags[i]! & ANCHORED) === 0) return this.scalarValue(n.tag[i]!, n.text[i]!, i);
      if (!this.scalars.has(i)) this.scalars.set(i, this.scalarValue(n.tag[i]!, n.text[i]!, i));
      return this.scalars.get(i);
    }
    let v = this.collections[i];
    if (v === undefined) this.collections[i] = v = this.collection(i);
    return v;
  }

  private fail(message: string, node: number): YamlError {
    return new YamlError(message, this.nodes.start[node]!);
  }

  private undefinedTag(i: number): YamlError {
    const n = this.nodes;
    const tag = n.tag[i] === OTHER ? n.otherTag.get(i)! : tagName(n.tag[i]!);
    return this.fail(`the tag ${tag} is not one that Heat's and PyYAML's safe loaders can build`, i);
  }

  /** The value of scalar text under a tag (node i: where to report a failure). */
  private scalarValue(tag: number, text: string, i: number): unknown {
    try {
      switch (tag) {
        case STR:
        case NULL:
        case BOOL:
        case INT:
        case FLOAT:
        case TIMESTAMP:
        case BINARY:
          return constructScalar(tag, text, this.profile, this.python);
        case SEQ:
        case OMAP:
        case PAIRS:
        case MAP:
        case SET:
          return this.collection(i);
        default:
          throw this.undefinedTag(i);
      }
    } catch (e) {
      if (e instanceof YamlError) throw e;
      throw this.fail(`${(e as Error).message} (tagged ${tagName(tag)})`, i);
    }
  }

  /**
   * A collection of the node's tag, empty, with its filling queued. Scalar
   * tags on a collection fail now, as PyYAML's scalar constructors do; a
   * collection tag on the wrong kind of node fails when filled.
   */
  private collection(i: number): unknown {
    const n = this.nodes;
    const tag = n.tag[i]!;
    let container: unknown;
    switch (tag) {
      case SEQ:
      case OMAP:
      case PAIRS:
        container = [];
        break;
      case MAP:
        container = this.python ? new PyDict() : {};
        break;
      case SET:
        container = this.python ? new PySet() : {};
        break;
      case OTHER:
      case MERGE:
      case VALUE:
        throw this.undefinedTag(i);
      default:
        // A scalar tag on a collection: PyYAML takes the value of a `=` key of a mapping, if it has one.
        return this.scalarValue(tag, this.scalarText(i), i);
    }
    this.pending.push(i, container);
    return container;
  }

  private fill(i: number, container: unknown): void {
    const tag = this.nodes.tag[i];
    if (tag === SEQ) this.fillSequence(i, container as unknown[]);
    else if (tag === MAP || tag === SET) this.fillMapping(i, container as PyDict | PySet | Record<string, unknown>, tag === SET);
    else this.fillPairs(i, container as unknown[]);
  }

  /** construct_scalar: a scalar's text, or for a mapping with a `=` key, that key's value. */
  private scalarText(i: number): string {
    const n = this.nodes;
    if (n.kind[i] === SCALAR_NODE) return n.text[i]!;
    if (n.kind[i] === MAPPING_NODE) {
      const pairs = this.ownPairs(i);
      for (let p = 0; p < pairs.length; p += 2) if (n.tag[n.deref(pairs[p]!)] === VALUE) return this.scalarText(n.deref(pairs[p + 1]!));
    }
    throw this.fail(`expected a scalar for the tag ${tagName(n.tag[i]!)}, found ${KIND_NAMES[n.kind[i]!]}`, i);
  }

  private expectKind(i: number, kind: number): void {
    const n = this.nodes;
    if (n.kind[i] !== kind) throw this.fail(`expected ${KIND_NAMES[kind]} for the tag ${tagName(n.tag[i]!)}, found ${KIND_NAMES[n.kind[i]!]}`, i);
  }

  private fillSequence(i: number, list: unknown[]): void {
    this.expectKind(i, SEQUENCE_NODE);
    const n = this.nodes;
    const end = n.next[i]!;
    for (let c = i + 1; c < end; c = n.next[c]!) list.push(this.build(c));
  }

  /** `!!omap` / `!!pairs`: a list of one-pair mappings, read as (key, value) tuples. */
  private fillPairs(i: number, list: unknown[]): void {
    const n = this.nodes;
    this.expectKind(i, SEQUENCE_NODE);
    const what = n.tag[i] === OMAP ? 'an ordered map (!!omap)' : 'pairs (!!pairs)';
    for (let c = i + 1; c < n.next[i]!; c = n.next[c]!) {
      const item = n.deref(c);
      if (n.kind[item] !== MAPPING_NODE) throw this.fail(`each item of ${what} must be a mapping of one key, found ${KIND_NAMES[n.kind[item]!]}`, item);
      const pairs = this.ownPairs(item);
      if (pairs.length !== 2) throw this.fail(`each item of ${what} must be a mapping of one key, found ${pairs.length / 2} keys`, item);
      const pair = [this.build(pairs[0]!), this.build(pairs[1]!)];
      list.push(this.python ? tuple(pair) : pair);
    }
  }

  /** A mapping's key and value nodes as written, flat: key, value, key, value... */
  private ownPairs(i: number): number[] {
    const n = this.nodes;
    const out: number[] = [];
    for (let k = i + 1; k < n.next[i]!; k = n.next[n.next[k]!]!) out.push(k, n.next[k]!);
    return out;
  }

  /**
   * A mapping's key and value nodes (flat: key, value, key, value...) once
   * merge keys are applied, as PyYAML's flatten_mapping orders them: merged
   * pairs first; `own` is where the mapping's own pairs start.
   */
  pairs(i: number): MergedPairs {
    const n = this.nodes;
    if ((n.flags[i]! & HAS_MERGE) === 0) return { pairs: this.ownPairs(i), own: 0 };
    const cached = this.merged.get(i);
    if (cached) return cached;
    // Only an alias inside the node it names can lead back here, and such data is refused.
    if (this.flattening.has(i)) throw this.composed.recursive!;
    this.flattening.add(i);
    const merge: number[] = [];
    const own: number[] = [];
    const pairs = this.ownPairs(i);
    for (let p = 0; p < pairs.length; p += 2) {
      const k = pairs[p]!;
      const v = pairs[p + 1]!;
      if (n.tag[n.deref(k)] !== MERGE) {
        own.push(k, v);
        continue;
      }
      const source = n.deref(v);
      if (n.kind[source] === MAPPING_NODE) {
        merge.push(...this.pairs(source).pairs);
      } else if (n.kind[source] === SEQUENCE_NODE) {
        const parts: number[][] = [];
        for (let c = source + 1; c < n.next[source]!; c = n.next[c]!) {
          const m = n.deref(c);
          if (n.kind[m] !== MAPPING_NODE) throw this.fail(`a merge key (<<) takes mappings, found ${KIND_NAMES[n.kind[m]!]} in its list`, m);
          parts.push(this.pairs(m).pairs);
        }
        for (const part of parts.reverse()) merge.push(...part);
      } else {
        throw this.fail(`a merge key (<<) takes a mapping or a list of mappings, found ${KIND_NAMES[n.kind[source]!]}`, source);
      }
    }
    this.flattening.delete(i);
    const result = { pairs: merge.concat(own), own: merge.length };
    this.merged.set(i, result);
    return result;
  }

  /** A key as Python has it (hashable); `=` keys are the string '='. */
  key(k: number): unknown {
    const n = this.nodes;
    const i = n.deref(k);
    // Most keys are strings, whose value is their text (`=` keys are the string '=' too).
    if (n.kind[i] === SCALAR_NODE && (n.tag[i] === STR || n.tag[i] === VALUE)) return n.text[i];
    const v = this.build(i);
    if (v !== null && typeof v === 'object' && !isHashable(v)) {
      throw this.fail('a mapping key cannot be a list, a mapping or a set (Python cannot use it as a dict key)', i);
    }
    return v;
  }

  /** The string a key becomes in the JSON-like form (json.dumps's; the text as written where json has none). */
  keyName(k: number): string {
    const v = this.key(k);
    return jsonKey(v) ?? this.nodes.text[this.nodes.deref(k)] ?? String(v);
  }

  private fillMapping(i: number, into: PyDict | PySet | Record<string, unknown>, isSet: boolean): void {
    this.expectKind(i, MAPPING_NODE);
    const n = this.nodes;
    const form = into instanceof PySet ? SET_FORM : into instanceof PyDict ? DICT_FORM : OBJECT_FORM;
    const names: KeyNames = { into, form, isSet };
    if ((n.flags[i]! & HAS_MERGE) === 0) {
      for (let k = i + 1; k < n.next[i]!; k = n.next[n.next[k]!]!) this.addPair(names, k, n.next[k]!);
    } else {
      const { pairs } = this.pairs(i);
      for (let p = 0; p < pairs.length; p += 2) this.addPair(names, pairs[p]!, pairs[p + 1]!);
    }
  }

  private addPair(state: KeyNames, keyNode: number, valueNode: number): void {
    const key = this.key(keyNode);
    // A set keeps only the keys, but PyYAML builds the values too (and refuses what they hold).
    const built = this.build(valueNode);
    const value = state.isSet ? null : built;
    const into = state.into;
    if (state.form === OBJECT_FORM) setProperty(into as Record<string, unknown>, this.jsonName(state, key, keyNode), value);
    else if (state.form === DICT_FORM) (into as PyDict).set(key, value);
    else (into as PySet).add(key);
  }

  /** The JSON-like name of a key: keys equal in Python (1, 1.0, True) are one key, named after the first as json.dumps names it. */
  private jsonName(state: KeyNames, key: unknown, keyNode: number): string {
    if (typeof key === 'string') return key;
    state.others ??= new PyDict();
    let name = state.others.get(key) as string | undefined;
    if (name === undefined) state.others.set(key, (name = jsonKey(key) ?? this.keyName(keyNode)));
    return name;
  }

  /**
   * The keys a mapping gives twice (Python-equal; merge keys `<<` and the
   * pairs they merge in aside), found from the nodes, whatever was built.
   */
  repeatedKeys(): RepeatedKeyNodes[] {
    const n = this.nodes;
    const out: RepeatedKeyNodes[] = [];
    for (let i = 0; i < n.count; i++) {
      if (n.kind[i] !== MAPPING_NODE) continue;
      // One pair (or none) cannot repeat a key.
      if (i + 1 >= n.next[i]! || n.next[n.next[i + 1]!]! >= n.next[i]!) continue;
      let strings: Map<string, number> | undefined;
      let others: PyDict | undefined;
      for (let k = i + 1; k < n.next[i]!; k = n.next[n.next[k]!]!) {
        const d = n.deref(k);
        if (n.tag[d] === MERGE) continue;
        const key = this.key(k);
        let first: number | undefined;
        if (typeof key === 'string') {
          first = (strings ??= new Map()).get(key);
          if (first === undefined) strings.set(key, k);
        } else {
          first = (others ??= new PyDict()).get(key) as number | undefined;
          if (first === undefined) others.set(key, k);
        }
        if (first !== undefined) out.push({ key: k, first });
      }
    }
    return out;
  }
}

/** Python's hashability, for the values a key can be: lists, dicts and sets are not. */
function isHashable(v: object): boolean {
  return !(Array.isArray(v) || v instanceof PyDict || v instanceof PySet || isPlainMapping(v));
}

/** Assign a key, `__proto__` included, without touching the object's prototype. */
export function setProperty(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
