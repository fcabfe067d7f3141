/**
 * src/heat/yaql against Python yaql as Heat runs it: every case of
 * test/fixtures/heat/yaql-reference.json.gz (written by
 * tools/heat/yaql_reference.py: THT's expressions on the data Heat gives them
 * at validate time, crossed with other data, generated and mutated
 * expressions, other limits) must give the same value, or the same error.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PyDict, PyFloat, PyTuple, float, int, tuple } from '../src/yaml/python.js';
import { HARD_LIMITS, HEAT_YAQL_DEFAULTS, PySet, YaqlError, evaluateYaql } from '../src/heat/yaql/index.js';
import { numberRepr, pyRepr } from '../src/heat/yaql/pyops.js';
import { compile } from '../src/heat/yaql/pyre.js';
import { FIXTURES } from './helpers/fixtures.js';

interface Case {
  expression: string;
  data: unknown;
  limits: { limit_iterators: number; memory_quota: number };
  source: string;
  ok?: unknown;
  error?: { type: string; message: string };
  hash_order?: 'sets' | 'unstable';
}

const reference = JSON.parse(gunzipSync(readFileSync(`${FIXTURES}heat/yaql-reference.json.gz`)).toString('utf8')) as {
  reference: Record<string, string>;
  cases: Case[];
};

/** The fixture's typed JSON as the Python value model. */
function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$dict' in o) return new PyDict((o.$dict as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
    if ('$tuple' in o) return tuple((o.$tuple as unknown[]).map(decode));
    if ('$float' in o) return float(Number(String(o.$float).replace(/^(-?)inf$/, '$1Infinity').replace('nan', 'NaN')));
    if ('$int' in o) return int(BigInt(o.$int as string));
    throw new Error(`cannot decode ${JSON.stringify(v)}`);
  }
  return v;
}

/** A result in the fixture's typed JSON (sets sorted when their order is Python's hash order). */
function encode(v: unknown, unordered: boolean): unknown {
  if (v instanceof PyFloat) return { $float: pyFloatRepr(v.value) };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $float: pyFloatRepr(v) };
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (v instanceof PyTuple) return { $tuple: v.map((x) => encode(x, unordered)) };
  if (Array.isArray(v)) return v.map((x) => encode(x, unordered));
  if (v instanceof PyDict) return { $dict: [...v.items()].map(([k, x]) => [encode(k, unordered), encode(x, unordered)]) };
  if (v instanceof PySet) {
    const items = [...v].map((x) => encode(x, unordered));
    return { $set: unordered ? sortJson(items) : items, frozen: v.frozen };
  }
  // Objects that are not data (a compiled regex, an iterator...) are compared by their repr.
  if (v !== null && typeof v === 'object') return { $repr: pyRepr(v) };
  return v;
}

const pyFloatRepr = (n: number): string => numberRepr(new PyFloat(n));

const sortJson = (items: unknown[]): unknown[] => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

function normalizeExpected(v: unknown, unordered: boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => normalizeExpected(x, unordered));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$set' in o) {
      const items = (o.$set as unknown[]).map((x) => normalizeExpected(x, unordered));
      return { $set: unordered ? sortJson(items) : items, frozen: o.frozen };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, normalizeExpected(x, unordered)]));
  }
  return v;
}

const BOUND_MESSAGE = `evaluation took more than ${HARD_LIMITS.steps} steps`;

type Outcome = { ok: unknown } | { error: { type: string; message: string } };

/**
 * What can be compared of an answer in Python's hash order (a set, or what
 * was taken from one): for a value, the multiset of its leaves; for an error,
 * its type and its message without what is inside braces.
 */
/** Python's answer varies with its hash seed: only whether it is a value, or which error, can be compared. */
const kindOf = (o: Outcome): string => ('error' in o ? o.error.type : 'value');

function withoutOrder(o: Outcome): unknown {
  if ('error' in o) return { error: { type: o.error.type, message: withoutSetOrder(o.error.message) } };
  const leaves: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (k === 'frozen' ? leaves.push(`frozen=${String(x)}`) : walk(x)));
    else leaves.push(JSON.stringify(v));
  };
  walk(o.ok);
  return { ok: leaves.sort() };
}

function run(c: Case): Outcome {
  const options = { limitIterators: c.limits.limit_iterators, memoryQuota: c.limits.memory_quota };
  try {
    return { ok: encode(evaluateYaql(c.expression, decode(c.data), options), Boolean(c.hash_order)) };
  } catch (e) {
    if (!(e instanceof YaqlError)) throw e;
    return { error: comparable({ type: e.pythonType, message: c.hash_order ? withoutSetOrder(e.message) : e.message }) };
  }
}

/**
 * A regex Python's re refuses is refused too, but the message is not sre's
 * (tht translates the pattern to a JS RegExp): only the type is compared.
 */
const comparable = (e: { type: string; message: string }): { type: string; message: string } =>
  e.type === 'error' ? { type: e.type, message: '(re.error)' } : e;

/** A message that prints a set shows Python's hash order: compared without what is inside the braces. */
const withoutSetOrder = (message: string): string => message.replace(/\{.*\}/su, '{...}');

function expected(c: Case): Outcome {
  if (!c.error) return { ok: normalizeExpected(c.ok, Boolean(c.hash_order)) };
  // Where Python yaql runs forever (an unlimited infinite iterator), tht stops at its bound.
  if (c.error.type === 'PythonHang') return { error: { type: 'ThtEvaluationBound', message: BOUND_MESSAGE } };
  return { error: comparable(c.hash_order ? { ...c.error, message: withoutSetOrder(c.error.message) } : c.error) };
}

describe('yaql evaluator against Python yaql (Heat configuration)', () => {
  it('uses Heat defaults for the limits', () => {
    expect(HEAT_YAQL_DEFAULTS).toEqual({ limitIterators: 200, memoryQuota: 10000 });
  });

  const bySource = new Map<string, Case[]>();
  for (const c of reference.cases) {
    const key = c.source.split(':')[0]!;
    bySource.set(key, [...(bySource.get(key) ?? []), c]);
  }
  for (const [source, cases] of bySource) {
    it(`agrees on every ${source} case (${cases.length})`, () => {
      const mismatches: string[] = [];
      for (const c of cases) {
        let got: unknown = run(c);
        let want: unknown = expected(c);
        if (c.hash_order === 'sets') [got, want] = [withoutOrder(got as Outcome), withoutOrder(want as Outcome)];
        if (c.hash_order === 'unstable') [got, want] = [kindOf(got as Outcome), kindOf(want as Outcome)];
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          mismatches.push(`${c.expression}\n  data ${JSON.stringify(c.data)}\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
        }
      }
      expect(mismatches.slice(0, 10).join('\n'), `${mismatches.length} of ${cases.length} differ`).toBe('');
    });
  }
});

describe('compiled patterns', () => {
  const plain = { ignoreCase: false, multiLine: false, dotAll: false };
  it('are kept per pattern and flags, the oldest dropped past 512 as by Python re', () => {
    const first = compile('([a-z0-9])([A-Z])', plain);
    expect(compile('([a-z0-9])([A-Z])', { ...plain })).toBe(first);
    const folded = compile('([a-z0-9])([A-Z])', { ...plain, ignoreCase: true });
    expect(folded).not.toBe(first);
    expect(folded.js.flags).toContain('i');
    for (let i = 0; i < 512; i++) compile(`p${i}`, plain);
    expect(compile('([a-z0-9])([A-Z])', plain)).not.toBe(first);
    // A kept pattern matches as a new one would (nothing of one use stays in it).
    expect(evaluateYaql(String.raw`$.data.select(regex('([a-z0-9])([A-Z])').replace($, '\\1_\\2'))`, ['HeatApi', 'NovaApiNetwork', 'HeatApi'])).toEqual(['Heat_Api', 'Nova_Api_Network', 'Heat_Api']);
  });
});
