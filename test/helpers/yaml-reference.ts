/**
 * Comparing tht's YAML layer with what tools/yaml-reference.py recorded from
 * PyYAML: the exact Python data (python()) against PyYAML's value, the
 * JSON-like value against Heat's value after a trip through json, and
 * refusals against refusals, at the same line.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { floatRepr } from '../../src/yaml/pyprint.js';
import { PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet, PyTuple } from '../../src/yaml/python.js';
import { YamlFile, type YamlProfile } from '../../src/yaml/file.js';

type Encoded = unknown;

interface ReferenceResult {
  /** The value, or for fixture files {sha1} of its canonical JSON. */
  value?: Encoded;
  json?: Encoded | null;
  /** Repeated keys: [json name, line, column] of the later key, by position. */
  repeated?: [string, number, number][];
  error?: { type: string; message: string; line: number | null; column: number | null };
}

export interface ReferenceCase {
  name: string;
  file?: string;
  text?: string;
  base64?: string;
  safe_load: ReferenceResult;
  heat: ReferenceResult;
}

export interface ReferenceRun {
  pyyaml: string;
  libyaml: boolean;
  seed: number;
  cases: ReferenceCase[];
}

/** Errors tht raises on purpose where PyYAML carries on (limits.ts): not disagreements. */
const OWN_BOUNDS = /recursive data|alias bomb|levels deep/;

export interface Disagreement {
  name: string;
  profile: YamlProfile;
  what: string;
}

export function loadReference(path: string): ReferenceRun {
  return JSON.parse(readFileSync(path, 'utf8')) as ReferenceRun;
}

export function caseBytes(c: ReferenceCase, fixtures: string): Uint8Array {
  if (c.file !== undefined) return readFileSync(join(fixtures, c.file));
  if (c.base64 !== undefined) return Buffer.from(c.base64, 'base64');
  return Buffer.from(c.text!, 'utf8');
}

/** Our value in the reference's typed encoding. */
export function encode(v: unknown): Encoded {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: String(v) };
  if (typeof v === 'number') return Number.isInteger(v) ? { int: String(v) } : { float: floatRepr(v) };
  if (v instanceof PyFloat) return { float: floatRepr(v.value) };
  if (v instanceof PyTuple) return { tuple: [...v].map(encode) };
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof PyDict) return { dict: [...v.items()].map(([k, x]) => [encode(k), encode(x)]) };
  if (v instanceof PySet) return { set: sortedSet([...v].map(encode)) };
  if (v instanceof PyDateTime) {
    return { datetime: [v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, v.utcOffsetMinutes] };
  }
  if (v instanceof PyDate) return { date: `${String(v.year).padStart(4, '0')}-${String(v.month).padStart(2, '0')}-${String(v.day).padStart(2, '0')}` };
  if (v instanceof PyBytes) return { bytes: Buffer.from(v.data).toString('base64') };
  if (typeof v === 'object') return { dict: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, encode(x)]) };
  throw new Error(`cannot encode ${typeof v}`);
}

/** Compact JSON text, as the tool's canonical() writes it. */
const canonical = (e: Encoded): string => JSON.stringify(e);

/** Python's string order: by code point (JavaScript's < compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
const sortedSet = (items: Encoded[]): Encoded[] => [...items].sort((a, b) => byCodePoint(canonical(a), canonical(b)));

/** Sets compare as sets; with `unordered`, dict entries compare by key (JS objects reorder integer-like keys). */
function normalize(e: Encoded, unordered: boolean): Encoded {
  if (Array.isArray(e)) return e.map((x) => normalize(x, unordered));
  if (e !== null && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    if ('set' in o) return { set: sortedSet((o.set as Encoded[]).map((x) => normalize(x, unordered))) };
    if ('dict' in o) {
      const entries = (o.dict as [Encoded, Encoded][]).map(([k, x]) => [normalize(k, unordered), normalize(x, unordered)] as [Encoded, Encoded]);
      if (unordered) entries.sort((a, b) => byCodePoint(canonical(a[0]), canonical(b[0])));
      return { dict: entries };
    }
    if ('tuple' in o) return { tuple: (o.tuple as Encoded[]).map((x) => normalize(x, unordered)) };
  }
  return e;
}

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** Whether our encoded value is the reference's (which may be a digest of it). */
function same(ours: Encoded, ref: Encoded, unordered: boolean): boolean {
  const text = canonical(normalize(ours, unordered));
  if (ref !== null && typeof ref === 'object' && 'sha1' in ref) return sha1(text) === (ref as { sha1: string }).sha1;
  return text === canonical(normalize(ref, unordered));
}

/** Every way tht's reading of one case differs from the reference's. */
export function compareCase(c: ReferenceCase, fixtures: string): Disagreement[] {
  const bytes = caseBytes(c, fixtures);
  const out: Disagreement[] = [];
  for (const profile of ['safe_load', 'heat'] as const) {
    const ref = c[profile];
    const file = YamlFile.fromBytes(c.name, bytes, { profile });
    const error = file.error;
    const say = (what: string) => out.push({ name: c.name, profile, what });
    if (ref.error) {
      if (!error) say(`PyYAML refuses it (${ref.error.type}: ${ref.error.message} at line ${ref.error.line}), tht reads it`);
      // Where tht stops at one of its own bounds, PyYAML goes on and fails elsewhere.
      else if (ref.error.line !== null && error.line !== ref.error.line && !OWN_BOUNDS.test(error.message)) {
        say(`both refuse it, PyYAML at line ${ref.error.line} (${ref.error.message}), tht at line ${error.line} (${error.message})`);
      }
      continue;
    }
    if (error) {
      if (!OWN_BOUNDS.test(error.message)) say(`PyYAML reads it, tht refuses it: ${error.message} at line ${error.line}`);
      continue;
    }
    const python = encode(file.python());
    if (!same(python, ref.value, false)) say(`python() differs:\n  tht    ${canonical(python).slice(0, 600)}\n  PyYAML ${canonical(ref.value).slice(0, 600)}`);
    const repeated = file.repeatedKeys().map((r) => [r.key, r.line, r.column]);
    repeated.sort((a, b) => (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number));
    if (ref.repeated !== undefined && canonical(repeated) !== canonical(ref.repeated)) {
      say(`repeated keys differ: tht ${canonical(repeated)}, PyYAML ${canonical(ref.repeated)}`);
    }
    if (profile === 'heat' && ref.json !== null && ref.json !== undefined) {
      const value = encode(file.value);
      if (!same(value, ref.json, true)) say(`value differs from Heat's JSON:\n  tht    ${canonical(value).slice(0, 600)}\n  Heat   ${canonical(ref.json).slice(0, 600)}`);
    }
  }
  return out;
}
