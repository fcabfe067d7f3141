/**
 * src/yaml/pyprint.ts, Python's printing shared by the Jinja engine and the
 * yaql/Heat layer, against Python itself: the generated cases of
 * test/fixtures/pyprint-reference.json (written by
 * tools/pyprint_reference.py) through each engine that prints with it, and
 * the cases where the two engines' former copies disagreed, pinned to
 * Python's answer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PyDict, float, int } from '../src/yaml/python.js';
import { strRepr } from '../src/yaml/pyprint.js';
import { decimalValue } from '../src/yaml/python-numbers.js';
import { evaluateYaql, YaqlError } from '../src/heat/yaql/index.js';
import { pythonJsonDumps } from '../src/heat/python-data.js';
import { PyException } from '../src/render/jinja/exceptions.js';
import { formatString, formatValue as jinjaFormatValue } from '../src/render/jinja/format.js';
import { formatValue as yaqlFormatValue } from '../src/heat/yaql/pystr.js';
import { toJson } from '../src/render/jinja/json.js';
import { pyRepr } from '../src/render/jinja/py.js';
import { renderWithTht } from './helpers/jinja.js';
import { FIXTURES } from './helpers/fixtures.js';

type Outcome = { out: string } | { error: { type: string; message: string } };

const reference = JSON.parse(readFileSync(`${FIXTURES}pyprint-reference.json`, 'utf8')) as {
  python: string;
  format_args: unknown[];
  format_kwargs: Record<string, unknown>;
  repr: Array<[string, string]>;
  json: Array<{ value: unknown; str_keys: boolean; dumps: Outcome; sorted: Outcome }>;
  spec: Array<{ value: unknown; spec: string } & Outcome>;
  format: Array<{ template: string } & Outcome>;
};

/** The fixture's typed JSON as the value model; dicts as PyDicts, or as plain objects (template data). */
function decode(v: unknown, plain = false): unknown {
  if (Array.isArray(v)) return v.map((x) => decode(x, plain));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$float' in o) return float(Number(String(o.$float).replace(/^(-?)inf$/, '$1Infinity').replace('nan', 'NaN')));
    if ('$int' in o) return int(BigInt(o.$int as string));
    const entries = (o.$dict as [unknown, unknown][]).map(([k, x]) => [decode(k, plain), decode(x, plain)] as const);
    // A plain object puts integer-like keys first: such a dict stays a PyDict, to keep its order.
    const keepsOrder = entries.every(([k]) => typeof k === 'string' && !/^(0|[1-9]\d*)$/.test(k));
    return plain && keepsOrder ? Object.fromEntries(entries) : new PyDict(entries);
  }
  return v;
}

/** A template's output with tht's Jinja engine, or its error's message thrown. */
function renderString(template: string): string {
  const r = renderWithTht({ template });
  if ('output' in r) return r.output;
  throw new Error('failure' in r ? r.failure.message : r.crash);
}

/** What a call gives, as the fixture writes it. */
function outcome(fn: () => string): Outcome {
  try {
    return { out: fn() };
  } catch (e) {
    if (e instanceof PyException) return { error: { type: e.pyType, message: e.message } };
    if (e instanceof YaqlError) return { error: { type: e.pythonType, message: e.message } };
    throw e;
  }
}

/** jinja2's htmlsafe_json_dumps after json.dumps. */
const htmlSafe = (o: Outcome): Outcome =>
  'out' in o ? { out: o.out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027') } : o;

describe(`Python's printing, as Python ${reference.python} prints`, () => {
  it(`repr of a str (${reference.repr.length} generated strings)`, () => {
    const wrong = reference.repr.filter(([s, r]) => strRepr(s) !== r || pyRepr(s) !== r);
    expect(wrong).toEqual([]);
  });

  it(`json.dumps in Jinja's tojson (${reference.json.length} generated values)`, () => {
    const wrong = reference.json.filter((c) => JSON.stringify(outcome(() => toJson(decode(c.value), null))) !== JSON.stringify(htmlSafe(c.sorted)));
    expect(wrong).toEqual([]);
  });

  it("json.dumps of Heat's template data, keys sorted or not", () => {
    const wrong: unknown[] = [];
    for (const c of reference.json) {
      const value = decode(c.value, c.str_keys);
      for (const [sortKeys, expected] of [[false, c.dumps], [true, c.sorted]] as const) {
        let got: Outcome;
        try {
          got = { out: pythonJsonDumps(value, sortKeys) };
        } catch (e) {
          got = { error: { type: e instanceof YaqlError ? e.pythonType : e instanceof TypeError ? 'TypeError' : 'ValueError', message: (e as Error).message } };
        }
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push({ value: c.value, sortKeys, got, expected });
      }
    }
    expect(wrong).toEqual([]);
  });

  it(`format(value, spec) in Jinja and in yaql (${reference.spec.length} generated specs)`, () => {
    const wrong = reference.spec.flatMap((c) => {
      const { value, spec, ...expected } = c;
      const jinja = outcome(() => jinjaFormatValue(decode(value), spec));
      const yaql = outcome(() => yaqlFormatValue(decode(value), spec));
      return JSON.stringify(jinja) === JSON.stringify(expected) && JSON.stringify(yaql) === JSON.stringify(expected) ? [] : [{ value, spec, jinja, yaql, expected }];
    });
    expect(wrong).toEqual([]);
  });

  const args = reference.format_args.map((v) => decode(v));
  const kwargs = new Map(Object.entries(reference.format_kwargs).map(([k, v]) => [k, decode(v)]));

  it(`str.format in Jinja (${reference.format.length} generated format strings)`, () => {
    const wrong = reference.format.flatMap((c) => {
      const { template, ...expected } = c;
      const got = outcome(() => formatString(template, args, kwargs));
      return JSON.stringify(got) === JSON.stringify(expected) ? [] : [{ template, got, expected }];
    });
    expect(wrong).toEqual([]);
  });

  it("str.format in yaql: the same parser's errors (yaql's values print as yaql's)", () => {
    const call = "$.data.format('a', 12, ['x', 'y', 'z'], {'k' => 'v', '0' => 'zero'}, name => 'N', k => {'z' => 'deep'}, n => 5, w => 6)";
    // Attribute access ({1.real}) is Python objects' business, which tht's yaql does not reproduce.
    const parserErrors = reference.format.filter((c) => 'error' in c && c.error.type === 'ValueError' && !c.template.includes('.'));
    expect(parserErrors.length).toBeGreaterThan(200);
    const wrong = parserErrors.flatMap((c) => {
      const { template, ...expected } = c;
      const got = outcome(() => evaluateYaql(call, template) as string);
      return JSON.stringify(got) === JSON.stringify(expected) ? [] : [{ template, got, expected }];
    });
    expect(wrong).toEqual([]);
  });
});

describe('where the two former copies disagreed, Python decides', () => {
  it("tojson writes a float key as json does: NaN, not repr's nan", () => {
    // jinja2: {{ {'nan'|float: 1, 'inf'|float: 2}|tojson }} is {"NaN": 1, "Infinity": 2} (nan compares false: no reordering)
    expect(renderString("{{ {'nan'|float: 1, 'inf'|float: 2}|tojson }}")).toBe('{"NaN": 1, "Infinity": 2}');
  });

  it("Heat's json.dumps sorts keys by code point, as Python compares str", () => {
    // json.dumps({'\U0001f600': 1, '\uffff': 2}, sort_keys=True) == '{"\\uffff": 2, "\\ud83d\\ude00": 1}'
    expect(pythonJsonDumps({ '\u{1f600}': 1, '\uffff': 2 }, true)).toBe('{"\\uffff": 2, "\\ud83d\\ude00": 1}');
  });

  it("yaql's !a conversion escapes non-ASCII, as ascii() does", () => {
    // '{0!a}'.format('é') == "'\\xe9'"
    expect(evaluateYaql("$.data.format('é')", '{0!a}')).toBe("'\\xe9'");
  });

  it('format_map has no positional arguments', () => {
    // '{0}'.format_map({}) raises ValueError: Format string contains positional fields
    expect(() => renderString("{{ '{0}'.format_map({}) }}")).toThrow('Format string contains positional fields');
  });

  it('a decimal digit of another script counts as its value, in format fields and in int() and float()', () => {
    // '{\uff12}'.format('a', 'b', 'c') == 'c'; float('\U0001d7d9') == 1.0 (the second run of mathematical digits)
    expect(formatString('{\uff12}', ['a', 'b', 'c'], new Map())).toBe('c');
    expect(decimalValue('\u{1d7d9}')).toBe(1);
    expect(renderString("{{ '\u{1d7d9}'|float }} {{ '\u{1d7e3}'|int }}")).toBe('1.0 1');
  });
});
