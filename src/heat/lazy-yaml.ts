/**
 * Lazily parsed YAML values for templates.
 *
 * The nested-stack walk needs each template's parameters, conditions and the
 * type of every resource, but the properties only of resources that are
 * nested stacks, and no outputs: for the all-roles tree that is a quarter of
 * the ~6 MB of YAML. A block-style document is cut into its top-level
 * sections, and `resources` into one chunk per resource, by a line scan; a
 * piece is parsed when first read. A `key: scalar` line of a resource is read
 * alone (type, condition, depends_on), without parsing the rest.
 *
 * The values are plain objects whose enumerable properties are getters, so
 * every consumer sees the same data as a full parse. Anything the scan is not
 * sure about (flow style at the top, quoted keys, merge keys, a piece that
 * does not parse alone because of an alias) falls back to the whole-document
 * parse, which is then shared.
 */
import { fastYamlValue } from '../load/fast-yaml.js';

interface Piece {
  key: string;
  /** The piece's lines, its key line included. */
  lines: string[];
}

const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;
const keyLines = new Map<number, RegExp>();
/** A plain block-mapping key line at a given indentation: `key:` then space, end or comment. */
function keyLine(indent: number): RegExp {
  let re = keyLines.get(indent);
  if (!re) keyLines.set(indent, (re = new RegExp(`^ {${indent}}([A-Za-z0-9_][^:#'"{}\\[\\],&*!|>]*?):(?=\\s|$)`)));
  return re;
}

/** Leading spaces (a loop: this runs on every line of every template, and a regex match allocates). */
function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

/** Cut `lines` into the block-mapping entries at `indent`; undefined if anything else sits at or left of it. */
function splitEntries(lines: readonly string[], indent: number): Piece[] | undefined {
  const re = keyLine(indent);
  const pieces: Piece[] = [];
  for (const line of lines) {
    if (BLANK_OR_COMMENT.test(line) || line.startsWith('---')) {
      pieces.at(-1)?.lines.push(line);
      continue;
    }
    const ind = indentOf(line);
    if (ind > indent) {
      if (pieces.length === 0) return undefined;
      pieces.at(-1)!.lines.push(line);
      continue;
    }
    // An indentless sequence (`- item` under `key:` at the key's own indentation) belongs to the key.
    if (ind === indent && /^-(?:[ \t]|$)/.test(line.slice(indent)) && pieces.length > 0) {
      pieces.at(-1)!.lines.push(line);
      continue;
    }
    const m = ind === indent ? re.exec(line) : null;
    if (!m || m[1] === '<<') return undefined;
    pieces.push({ key: m[1]!.trimEnd(), lines: [line] });
  }
  return pieces;
}

/** Shared fallback: the whole document parsed once. */
class Whole {
  private value: unknown;
  private done = false;
  constructor(private readonly parseAll: () => unknown) {}
  get(): unknown {
    if (!this.done) {
      this.value = this.parseAll();
      this.done = true;
    }
    return this.value;
  }
  /** The value at a path in the whole document. */
  at(...path: string[]): unknown {
    let v = this.get();
    for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  }
  parse(text: string): Record<string, unknown> | undefined {
    const r = fastYamlValue(text);
    return r && r.value !== null && typeof r.value === 'object' ? (r.value as Record<string, unknown>) : undefined;
  }
}

/** Define `key` on `obj` as an enumerable getter computing once. */
export function defineLazy(obj: Record<string, unknown>, key: string, compute: () => unknown): void {
  let cached: unknown;
  let done = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        cached = compute();
        done = true;
      }
      return cached;
    },
  });
}

/**
 * The value of a YAML document with sections parsed on first read, or
 * undefined when the text is not laid out plainly enough to cut safely.
 * `parseAll` gives the full value (used when a piece cannot stand alone).
 */
export function lazyDocument(text: string, parseAll: () => unknown): Record<string, unknown> | undefined {
  const lines = text.split('\n');
  const sections = splitEntries(lines, 0);
  if (!sections || sections.length === 0) return undefined;
  // A key given twice: the later definition replaces the earlier in place, as in the full parse.
  const whole = new Whole(parseAll);
  const doc: Record<string, unknown> = {};
  for (const s of sections) {
    defineLazy(doc, s.key, () => (s.key === 'resources' ? lazyResources(s, whole) : sectionValue(s, whole, [s.key])));
  }
  return doc;
}

/** A piece's value: parsed alone, or taken from the whole document if it cannot be. */
function sectionValue(piece: Piece, whole: Whole, path: string[]): unknown {
  const parsed = whole.parse(piece.lines.join('\n'));
  return parsed && piece.key in parsed ? parsed[piece.key] : whole.at(...path);
}

function lazyResources(section: Piece, whole: Whole): unknown {
  const lines = section.lines;
  // `resources: {...}` or anything on the key line: parse the section as it is.
  if (!BLANK_OR_COMMENT.test(lines[0]!.replace(/^resources:/, ''))) return sectionValue(section, whole, ['resources']);
  const body = lines.slice(1);
  const first = body.find((l) => !BLANK_OR_COMMENT.test(l));
  if (first === undefined) return sectionValue(section, whole, ['resources']);
  const entries = splitEntries(body, indentOf(first));
  if (!entries) return sectionValue(section, whole, ['resources']);
  const out: Record<string, unknown> = {};
  for (const e of entries) defineLazy(out, e.key, () => lazyResource(e, whole));
  return out;
}

/**
 * One resource: a mapping whose single-line `key: value` entries are read
 * alone; the others (properties...) parse the resource's chunk when read.
 */
function lazyResource(entry: Piece, whole: Whole): unknown {
  const lines = entry.lines;
  const full = () => sectionValue(entry, whole, ['resources', entry.key]);
  if (!BLANK_OR_COMMENT.test(lines[0]!.replace(keyLine(indentOf(lines[0]!)), ''))) return full();
  const body = lines.slice(1);
  const first = body.find((l) => !BLANK_OR_COMMENT.test(l));
  if (first === undefined) return full();
  const indent = indentOf(first);
  const fields = splitEntries(body, indent);
  if (!fields) return full();
  let chunk: Record<string, unknown> | undefined;
  const fromChunk = (key: string) => {
    chunk ??= (full() as Record<string, unknown> | undefined) ?? {};
    return chunk[key];
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    // A value on the key line alone (type: OS::Heat::Value) parses by itself.
    defineLazy(out, f.key, () => {
      const own = f.lines.filter((l) => !BLANK_OR_COMMENT.test(l));
      if (own.length === 1) {
        const v = whole.parse(own[0]!.slice(indent));
        if (v && f.key in v) return v[f.key];
      }
      return fromChunk(f.key);
    });
  }
  return out;
}
