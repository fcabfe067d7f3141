/**
 * YAML loading with PyYAML's YAML 1.1 rules (what process-templates.py and Heat
 * use), with positions kept for error messages and findings.
 *
 * The npm `yaml` package in 1.1 mode is close to PyYAML but not equal: PyYAML
 * does not treat y/n as booleans, needs a dot for a float (`1e3` is a string),
 * has no `09` integer, and Heat keeps timestamps as strings. Those tags are
 * replaced here so that values (and so the Python reprs printed by templates)
 * match the reference.
 */
import { createRequire } from 'node:module';
import type * as YamlLib from 'yaml';
import type { Document, LineCounter, Node, ScalarTag, Tags } from 'yaml';
import { ThtError } from './errors.js';
import { readTextFile } from './files.js';
import { fastYamlValue } from './fast-yaml.js';

/**
 * The positioned parser is loaded on first use: most runs read only valid
 * files through the fast parser and never need it (it costs ~25 ms to load).
 */
let yamlLib: typeof YamlLib | undefined;
function yaml(): typeof YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof YamlLib);
}

const YAML_BOOL = 'tag:yaml.org,2002:bool';
const YAML_INT = 'tag:yaml.org,2002:int';
const YAML_FLOAT = 'tag:yaml.org,2002:float';
const YAML_TIMESTAMP = 'tag:yaml.org,2002:timestamp';

const pyBool = (value: boolean, test: RegExp): ScalarTag => ({
  identify: (v) => v === value,
  default: true,
  tag: YAML_BOOL,
  test,
  resolve: () => new (yaml().Scalar)(value),
});

const stripUnderscores = (s: string): string => s.replace(/_/g, '');

/** Decimal ints as PyYAML reads them: no leading zero (that is octal). */
const pyDecimalInt: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: YAML_INT,
  test: /^[-+]?(?:0|[1-9][0-9_]*)$/,
  resolve: (s) => Number(stripUnderscores(s)),
};

/** Floats need a dot in YAML 1.1 (PyYAML): `1.5`, `1.`, `.5`, `1.0e+3`. */
const pyFloat: ScalarTag = {
  identify: (v) => typeof v === 'number' && !Number.isInteger(v),
  default: true,
  tag: YAML_FLOAT,
  test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?)$/,
  resolve: (s) => Number(stripUnderscores(s)),
};

function pythonTags(defaults: Tags): Tags {
  const kept = defaults.filter((t) => {
    const tag = (t as ScalarTag).tag;
    if (tag === YAML_BOOL || tag === YAML_TIMESTAMP) return false;
    // Replace the decimal int and exponent/plain float tests; keep bin/oct/hex/inf/nan.
    const test = (t as ScalarTag).test?.source;
    if (tag === YAML_INT && test === '^[-+]?[0-9][0-9_]*$') return false;
    if (tag === YAML_FLOAT && test !== undefined && !test.includes('inf')) return false;
    return true;
  });
  return [
    ...kept,
    pyDecimalInt,
    pyFloat,
    pyBool(true, /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/),
    pyBool(false, /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/),
  ];
}

export interface ParsedYaml {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS values (maps become objects, in source order). */
  value: unknown;
}

/** Parse YAML text with positions; a syntax error becomes a ThtError naming file, line and column. */
export function parsePositionedYaml(text: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    customTags: pythonTags,
    uniqueKeys: false,
    merge: true,
    lineCounter,
    prettyErrors: false,
  });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ThtError(`invalid YAML: ${firstLine(first.message)}`, {
      at: { file, line: pos.line, column: pos.col },
      hint: 'Fix the YAML syntax at that position.',
    });
  }
  // maxAliasCount -1: THT files use anchors freely and are trusted input.
  const value = doc.toJS({ maxAliasCount: -1 });
  return { file, text, doc, lineCounter, value };
}

/**
 * Parse YAML text. The values come from the fast parser; the positioned
 * document (several times slower to build) is made only when something asks
 * for `doc` or `lineCounter`, which is when a message needs a position.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const fast = fastYamlValue(text);
  if (!fast) return parsePositionedYaml(text, file);
  let positioned: ParsedYaml | undefined;
  const full = () => (positioned ??= parsePositionedYaml(text, file));
  return {
    file,
    text,
    value: fast.value,
    get doc() {
      return full().doc;
    },
    get lineCounter() {
      return full().lineCounter;
    },
  };
}

export async function loadYamlFile(path: string, displayName = path): Promise<ParsedYaml> {
  return parseYaml(await readTextFile(path, displayName), displayName);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

export type PathSegment = string | number;

/**
 * The YAML node at a path of keys/indexes, or the deepest node that exists on
 * the way. For a key, `key: true` returns the key node instead of its value.
 */
export function nodeAt(doc: Document.Parsed, path: readonly PathSegment[], opts: { key?: boolean } = {}): Node | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return node as Node;
      if (last && opts.key) return pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return node as Node;
      node = item;
    } else {
      return node as Node | undefined;
    }
  }
  return node as Node | undefined;
}

/** 1-based line and column of the node at a path (see nodeAt). */
export function positionAt(
  parsed: Pick<ParsedYaml, 'doc' | 'lineCounter'>,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): { line: number; column: number } {
  const node = nodeAt(parsed.doc, path, opts);
  const offset = node?.range?.[0] ?? 0;
  const pos = parsed.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
