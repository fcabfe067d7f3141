/**
 * The fast reader (src/yaml/fast.ts) against the exact parser: on every
 * YAML file of THT master, on documents generated in the subset the fast
 * reader takes, on PyYAML's generated and mutated sample, and on mutations
 * of all of these, the fast reader either gives up or builds the value the
 * exact parser builds (same types, same key order, same sharing of aliased
 * collections), knows whether a key is repeated, and places every node (and
 * paths that lead nowhere) where the exact parser does, for both profiles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFast } from '../src/yaml/fast.js';
import { type PathSegment, YamlFile, type YamlProfile } from '../src/yaml/file.js';
import { DEFAULT_LIMITS } from '../src/yaml/limits.js';
import { PyFloat } from '../src/yaml/python.js';
import { decodeUtf8 } from '../src/yaml/reader.js';
import { FIXTURES, THT_MASTER } from './helpers/fixtures.js';
import { random } from './helpers/mutate.js';
import { caseBytes, loadReference } from './helpers/yaml-reference.js';

const PROFILES: YamlProfile[] = ['heat', 'safe_load'];

/** A value as text that tells every difference the two readers could make: types, key order, prototypes, shared objects. */
function describeValue(v: unknown, seen = new Map<object, number>()): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return `number:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'bigint') return `bigint:${v}`;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof PyFloat) return `PyFloat:${Object.is(v.value, -0) ? '-0' : String(v.value)}`;
  if (typeof v !== 'object') throw new Error(`unexpected ${typeof v}`);
  const shared = seen.get(v);
  if (shared !== undefined) return `@${shared}`;
  seen.set(v, seen.size);
  if (Array.isArray(v)) return `[${v.map((x) => describeValue(x, seen)).join(',')}]`;
  if (Object.getPrototypeOf(v) !== Object.prototype) throw new Error('a mapping that is not a plain object');
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${describeValue(x, seen)}`).join(',')}}`;
}

interface Outcome {
  /** Whether the fast reader took the text. */
  fast: boolean;
  /** What differs, if anything. */
  problem?: string;
}

function check(name: string, text: string, profile: YamlProfile): Outcome {
  const fast = readFast(text, profile, DEFAULT_LIMITS);
  if (fast === undefined) return { fast: false };
  const exact = new YamlFile(name, text, { profile });
  // python() makes the exact parse, whose value and positions `value` and position() then give.
  try {
    exact.python();
  } catch (e) {
    return { fast: true, problem: `the fast reader takes it, the exact parser refuses it: ${(e as Error).message}` };
  }
  const ours = describeValue(fast.value);
  const theirs = describeValue(exact.value);
  if (ours !== theirs) {
    let at = 0;
    while (ours[at] === theirs[at]) at++;
    return { fast: true, problem: `values differ:\n  fast  ${ours.slice(Math.max(0, at - 80), at + 80)}\n  exact ${theirs.slice(Math.max(0, at - 80), at + 80)}` };
  }
  if (fast.repeatedKeys !== exact.repeatedKeys().length > 0) return { fast: true, problem: `repeated keys: fast ${fast.repeatedKeys}, exact ${!fast.repeatedKeys}` };
  const file = new YamlFile(name, text, { profile });
  const repeats = [JSON.stringify(file.repeatedKeys()), JSON.stringify(exact.repeatedKeys())];
  if (repeats[0] !== repeats[1]) return { fast: true, problem: `repeated keys: fast ${repeats[0]}, exact ${repeats[1]}` };
  for (const path of paths(exact.value)) {
    for (const key of [false, true]) {
      const ours = file.position(path, { key });
      const theirs = exact.position(path, { key });
      if (ours.line !== theirs.line || ours.column !== theirs.column) {
        return { fast: true, problem: `position of ${JSON.stringify(path)}${key ? ' (key)' : ''}: fast ${ours.line}:${ours.column}, exact ${theirs.line}:${theirs.column}` };
      }
    }
  }
  return { fast: true };
}

/** Paths into a value (at most `limit`): every node's, and some that lead nowhere (a missing key, an index past the end, before the start, between two). */
function paths(value: unknown, limit = 3000): PathSegment[][] {
  const out: PathSegment[][] = [[], ['missing'], [0]];
  const walk = (v: unknown, path: PathSegment[]): void => {
    if (out.length >= limit || v === null || typeof v !== 'object' || v instanceof PyFloat) return;
    if (Array.isArray(v)) {
      out.push([...path, v.length], [...path, -1], [...path, 0.5], [...path, 'name']);
      v.forEach((x, i) => {
        out.push([...path, i]);
        walk(x, [...path, i]);
      });
    } else {
      out.push([...path, 'no such key'], [...path, 0]);
      for (const [k, x] of Object.entries(v)) {
        out.push([...path, k], [...path, k, 'deeper']);
        walk(x, [...path, k]);
      }
    }
  };
  walk(value, []);
  return out.slice(0, limit);
}

/** Both profiles on each text: the problems, and how many texts the fast reader took under Heat's profile. */
function checkAll(texts: Array<[string, string]>): { problems: string[]; taken: number } {
  const problems: string[] = [];
  let taken = 0;
  for (const [name, text] of texts) {
    for (const profile of PROFILES) {
      const outcome = check(name, text, profile);
      if (outcome.problem) problems.push(`${name} (${profile}): ${outcome.problem}\n--- text:\n${text.slice(0, 1500)}`);
      if (outcome.fast && profile === 'heat') taken++;
    }
  }
  return { problems, taken };
}

/** Scalars that resolve every way YAML 1.1 resolves them, and text that is only almost special. */
const PLAIN = [
  'a', 'word', 'two words', 'x  y', 'a:b', 'http://h:80/p', '::1', 'a#b', '-1', '-x', '+1', '1', '0', '010', '0o17', '08', '0x1f', '0b101', '1_000',
  '1:30', '1:70', '190:20:30', '1.5', '1.', '.5', '1e3', '1.0e+3', '1.5E-2', '-.inf', '.NaN', '.nan', 'inf', '~', 'null', 'Null', 'NULL', 'nUll',
  'yes', 'No', 'on', 'OFF', 'y', 'true', 'False', 'TRUE', 'tRue', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  '2001-13-01', '2002-02-30', '1001-01-01 25:00:00', '<<', '=', '?x', ':x', 'é', 'ça va', 'a\'b', 'a"b', 'x!y', 'x&y', 'x*y', 'a,b', 'a[0]',
  '12345678901234567890', '-9007199254740993', '9007199254740991', '1_2_3', '0x_1', '6.02e+23', '1e', '@x', '`x', '%x', '0.1e-1',
];
const STRING_KEYS = ['a', 'b', 'key', 'two words', 'x_y', 'get_param', 'type', 'a:b', 'é', '"quoted key"', "'single'", '__proto__'];
const KEYS = ['a', 'b', 'key', 'two words', 'x_y', 'get_param', 'type', 'a:b', 'é', '"quoted key"', "'single'", '1', 'true', 'null', '__proto__', 'constructor', 'toString'];

/** A document in (and around) the fast reader's subset. */
function generate(rnd: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const anchors: string[] = [];
  const comment = (): string => (rnd() < 0.15 ? ` # ${pick(['note', 'a: b', '- x', "'"])}` : '');
  const quoted = (): string => {
    const r = rnd();
    if (r < 0.3) return `'${pick(PLAIN).replace(/'/g, "''")}'`;
    if (r < 0.5) return `'it''s\n  folded\n\n  twice'`;
    if (r < 0.7) return `"${pick(['tab\\t', 'nl\\n', 'u\\u00e9', 'x\\x41', 'bs\\\\', 'q\\"', 'e\\e', 'U\\U0001F600', 'bad\\q', 'sur\\ud800'])}"`;
    if (r < 0.85) return `"line one\n  line two \\\n  joined"`;
    return `"${pick(PLAIN).replace(/["\\]/g, (c) => `\\${c}`)}"`;
  };
  const scalar = (indent: string): string => {
    const r = rnd();
    if (r < 0.55) return pick(PLAIN) + (rnd() < 0.1 ? `\n${indent}  continued\n\n${indent}  again` : '');
    if (r < 0.8) return quoted();
    const header = `${pick(['|', '>'])}${pick(['', '-', '+', '2', '-1', '+2', '1-'])}`;
    const lines = [pick(['text', '  more', '# not a comment', '', 'x: y']), pick(['last', '', '   ', '  deeper'])];
    return `${header}${comment()}\n${lines.map((l) => (l === '' ? '' : `${indent}  ${l}`)).join('\n')}${rnd() < 0.3 ? '\n' : ''}`;
  };
  const flow = (depth: number): string => {
    const items = Array.from({ length: Math.floor(rnd() * 4) }, () =>
      depth < 2 && rnd() < 0.3 ? flow(depth + 1) : rnd() < 0.7 ? pick(PLAIN.filter((p) => !/[,[\]{}#]/.test(p))) : quoted(),
    );
    if (rnd() < 0.5) return `[${items.join(pick([', ', ',', ' , ', ',\n    ']))}${rnd() < 0.1 ? ',' : ''}]`;
    return `{${items.map((x, i) => (rnd() < 0.15 ? x : `${pick(KEYS)}${pick([': ', ':', ' : '])}${i % 3 === 2 ? '' : x}`)).join(', ')}}`;
  };
  const value = (indent: string, depth: number): string => {
    const r = rnd();
    const anchor = rnd() < 0.08 ? `&a${anchors.push(`a${anchors.length}`) - 1} ` : '';
    if (anchors.length > 0 && rnd() < 0.06) return ` *${pick(anchors)}${comment()}`;
    if (depth < 4 && r < 0.3) return ` ${anchor}${comment()}\n${mapping(`${indent}${pick(['  ', '    ', ' '])}`, depth + 1)}`;
    if (depth < 4 && r < 0.45) return ` ${anchor}${comment()}\n${sequence(rnd() < 0.5 ? indent : `${indent}  `, depth + 1)}`;
    if (r < 0.55) return ` ${anchor}${flow(0)}${comment()}`;
    if (r < 0.6) return comment();
    return ` ${anchor}${scalar(indent)}${comment()}`;
  };
  const mapping = (indent: string, depth: number): string =>
    (rnd() < 0.05
      ? // Now and then a long mapping of string keys, so that keys repeat in one.
        Array.from({ length: 20 + Math.floor(rnd() * 20) }, () => `${indent}${pick(STRING_KEYS)}: ${pick(PLAIN)}`)
      : Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => `${indent}${pick(KEYS)}${rnd() < 0.05 ? ' ' : ''}:${value(indent, depth)}`)
    ).join('\n') +
    (rnd() < 0.2 ? `\n${indent}# comment\n` : '');
  const sequence = (indent: string, depth: number): string =>
    Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const r = rnd();
      if (depth < 4 && r < 0.25) return `${indent}- ${mapping(`${indent}  `, depth + 1).trimStart()}`;
      if (depth < 4 && r < 0.35) return `${indent}- ${sequence(`${indent}  `, depth + 1).trimStart()}`;
      return `${indent}-${value(indent, depth)}`;
    }).join('\n');
  const r = rnd();
  const body = r < 0.6 ? mapping('', 0) : r < 0.85 ? sequence('', 0) : r < 0.95 ? flow(0) : scalar('');
  return `${rnd() < 0.2 ? '# head\n\n' : ''}${body}${rnd() < 0.7 ? '\n' : ''}`;
}

/** A text changed at a random place, in ways that break or bend YAML. */
function mutate(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  if (r < 0.3) return text.slice(0, at) + pick([' ', ':', '-', '#', "'", '"', '\n', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '?', '\\', '\t', 'x', '0', '.', '%', '@']) + text.slice(at);
  if (r < 0.5) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  if (r < 0.7) return text.slice(0, start) + pick([' ', '  ', '- ', '#', '---\n', '\n']) + text.slice(start);
  if (r < 0.85) return text.slice(0, start) + text.slice(start).replace(/^ {1,2}/, '');
  const end = text.indexOf('\n', at);
  return end < 0 ? text : text.slice(0, start) + text.slice(start, end + 1) + text.slice(start);
}

function thtFiles(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  (function walk(dir: string) {
    for (const e of readdirSync(dir)) {
      const path = join(dir, e);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(e)) out.push([relative(THT_MASTER, path), readFileSync(path, 'utf8')]);
    }
  })(THT_MASTER);
  return out;
}

describe('the fast YAML reader', () => {
  const tht = thtFiles();

  it('reads every THT master file as the exact parser does, and takes nearly all of its YAML', { timeout: 120_000 }, () => {
    const { problems } = checkAll(tht);
    expect(problems).toEqual([]);
    // What tht parses as YAML: the plain .yaml files (a .j2.yaml is Jinja until rendered).
    const plain = tht.filter(([name]) => !name.includes('.j2.'));
    const bytes = plain.reduce((n, [, text]) => n + text.length, 0);
    const taken = plain.reduce((n, [, text]) => n + (readFast(text, 'heat', DEFAULT_LIMITS) ? text.length : 0), 0);
    expect(taken / bytes).toBeGreaterThan(0.99);
  });

  it('reads generated documents as the exact parser does, or gives up', { timeout: 120_000 }, () => {
    const rnd = random(20261201);
    const texts: Array<[string, string]> = Array.from({ length: 3000 }, (_, i) => [`generated-${i}`, generate(rnd)]);
    const { problems, taken } = checkAll(texts);
    expect(problems.slice(0, 3)).toEqual([]);
    // The generator aims at the subset: most documents are taken, not all (some are not YAML at all).
    expect(taken).toBeGreaterThan(texts.length / 4);
    expect(taken).toBeLessThan(texts.length);
  });

  it("reads PyYAML's generated and mutated sample as the exact parser does, or gives up", { timeout: 120_000 }, () => {
    const run = loadReference(`${FIXTURES}/yaml-reference/sample.json`);
    const texts: Array<[string, string]> = [];
    for (const c of run.cases) {
      if (c.file !== undefined) continue;
      const decoded = decodeUtf8(caseBytes(c, FIXTURES));
      if (decoded.invalid === undefined) texts.push([c.name, decoded.text]);
    }
    const { problems, taken } = checkAll(texts);
    expect(problems.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(20);
  });

  it('reads mutated THT files and generated documents as the exact parser does, or gives up', { timeout: 120_000 }, () => {
    const rnd = random(77001);
    const sources = [...tht.filter((_, i) => i % 3 === 0).map(([, t]) => t), ...Array.from({ length: 400 }, () => generate(rnd))];
    const texts: Array<[string, string]> = [];
    for (let i = 0; i < 2000; i++) {
      let text = sources[Math.floor(rnd() * sources.length)]!;
      for (let k = 1 + Math.floor(rnd() * 2); k > 0; k--) text = mutate(text, rnd);
      texts.push([`mutated-${i}`, text]);
    }
    const { problems, taken } = checkAll(texts);
    expect(problems.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(texts.length / 4);
  });
});
