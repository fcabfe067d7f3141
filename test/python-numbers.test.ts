/**
 * Python's int(text, base) and float(text) as src/yaml/python-numbers.ts
 * reads them, and through it Jinja's int and float filters and Heat's number
 * parameters, against what Python and jinja2 made of 1,500 generated texts
 * (tools/python-numbers-reference.py wrote the fixture).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heatModelOf } from '../src/heat/deployment.js';
import { nestedStackParameters, parameterValue } from '../src/heat/parameter-value.js';
import { pythonJsonDumps } from '../src/heat/python-data.js';
import { VirtualTree } from '../src/heat/tree.js';
import { heatValidateResult } from '../src/schema/heat-format.js';
import { parseTemplate } from '../src/heat/template.js';
import { YamlFile } from '../src/yaml/file.js';
import { floatFromText, intFromText } from '../src/yaml/python-numbers.js';
import { PyFloat } from '../src/yaml/python.js';
import { FIXTURES } from './helpers/fixtures.js';
import { renderWithTht } from './helpers/jinja.js';

interface NumberCase {
  text: string;
  /** By base: the value in hex (0x..., -0x...), 'invalid' or 'too many digits'. */
  int: Record<string, string>;
  /** repr() of the float, or 'invalid'. */
  float: string;
  /** `{{ t|int }}|{{ t|float }}` under jinja2. */
  jinja: string;
}

const { cases } = JSON.parse(readFileSync(`${FIXTURES}/python-numbers.json`, 'utf8')) as { cases: NumberCase[] };

const hexToBigInt = (hex: string): bigint => (hex.startsWith('-') ? -BigInt(hex.slice(1)) : BigInt(hex));
const reprToNumber = (repr: string): number => (repr === 'inf' ? Infinity : repr === '-inf' ? -Infinity : repr === 'nan' ? NaN : Number(repr));

/**
 * Whether `value` is what Heat's Schema.str_to_num makes of the case's
 * text: Python's int() of it, else its float() (a float, the integral ones
 * boxed as PyFloat), else `refused`.
 */
function isStrToNum(c: NumberCase, value: unknown, refused: unknown): boolean {
  const asInt = c.int['10']!;
  if (asInt.includes('0x')) return (typeof value === 'number' || typeof value === 'bigint') && BigInt(value) === hexToBigInt(asInt);
  if (c.float === 'invalid') return value === refused;
  const isFloat = value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
  return isFloat && Object.is(Number(value), reprToNumber(c.float));
}

/** What intFromText answered, as the fixture writes Python's answer. */
function intAnswer(text: string, base: number): string {
  const n = intFromText(text, base);
  if (n === undefined) return 'invalid';
  if (typeof n !== 'bigint') return 'too many digits';
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

describe("Python's int() and float() of a text", () => {
  it('has cases of every kind: valid and refused ints in each base, floats, and int() refusing a text for its length', () => {
    for (const base of ['0', '2', '8', '10', '16', '36']) {
      expect(cases.filter((c) => c.int[base]!.startsWith('0x') || c.int[base]!.startsWith('-0x')).length).toBeGreaterThan(20);
      expect(cases.filter((c) => c.int[base] === 'invalid').length).toBeGreaterThan(20);
    }
    expect(cases.filter((c) => c.float !== 'invalid').length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.int['10'] === 'too many digits').length).toBeGreaterThan(0);
  });

  it('int(text, base) takes the texts Python takes, with their values', () => {
    const disagreements = cases.flatMap((c) =>
      Object.entries(c.int).flatMap(([base, expected]) => {
        const actual = intAnswer(c.text, Number(base));
        return actual === expected ? [] : [{ text: c.text, base, expected, actual }];
      }),
    );
    expect(disagreements).toEqual([]);
  });

  it('float(text) takes the texts Python takes, with their values', () => {
    const disagreements = cases.flatMap((c) => {
      const actual = floatFromText(c.text);
      const agrees = c.float === 'invalid' ? actual === undefined : actual !== undefined && Object.is(actual, reprToNumber(c.float));
      return agrees ? [] : [{ text: c.text, expected: c.float, actual }];
    });
    expect(disagreements).toEqual([]);
  });

  it("Jinja's int and float filters print what jinja2 prints", () => {
    const disagreements = cases.flatMap((c) => {
      const result = renderWithTht({ template: '{{ t|int }}|{{ t|float }}', files: {}, context: { t: c.text } });
      return 'output' in result && result.output === c.jinja ? [] : [{ text: c.text, expected: c.jinja, actual: result }];
    });
    expect(disagreements).toEqual([]);
  });

  it("Heat's number parameter given as a string is int() of it, else float() of it, else stays as written", () => {
    const disagreements = cases.flatMap((c) => {
      const actual = parameterValue('number', c.text);
      return isStrToNum(c, actual, c.text) ? [] : [{ text: c.text, int: c.int['10'], float: c.float, actual }];
    });
    expect(disagreements).toEqual([]);
  });

  it("Heat's str_to_num keeps any number: a parent's 1.0 or big int reaches a nested stack's number parameter as it is", () => {
    const nested = parseTemplate(new YamlFile('nested.yaml', 'heat_template_version: rocky\nparameters:\n  Ratio: {type: number}\n  Count: {type: number}\n  Text: {type: number}\n'));
    const parent = new YamlFile('parent.yaml', 'Ratio: 1.0\nCount: 1180591620717411303424\nText: "\\x855"\n').value as Record<string, unknown>;
    const passed = nestedStackParameters(parent, nested, (v) => v);
    expect(passed).toEqual({ Ratio: new PyFloat(1), Count: 2n ** 70n, Text: 5 });
    // Not 0, the number type's empty value, which Heat gives only where the conversion fails.
    expect(nestedStackParameters({ Ratio: 'one' }, nested, (v) => v)).toEqual({ Ratio: 0 });
  });

  it("Heat's validate shows the nested number parameters the values-numbers probe of real Heat shows (tools/heat/probes.py)", () => {
    const { probes } = JSON.parse(readFileSync(`${FIXTURES}heat/probes.json`, 'utf8')) as {
      probes: { id: string; measured: { root: string; child_template: string; child_values: Record<string, string | null> } }[];
    };
    const { measured } = probes.find((p) => p.id === 'values-numbers')!;
    const tree = new VirtualTree('/probe/values-numbers', [['root.yaml', measured.root], ['child.yaml', measured.child_template]]);
    const model = heatModelOf(tree, 'root.yaml', []);
    const child = heatValidateResult(model.walk.root, model.env).NestedParameters!.c!.Parameters;
    const shown = Object.fromEntries(Object.entries(child).map(([name, entry]) => [name, 'Value' in entry ? pythonJsonDumps(entry.Value) : null]));
    expect(shown).toEqual(measured.child_values);
  });

  it("Heat's range bounds given as texts are int() of them, else float() of them (Schema.get_num), else none", () => {
    // JSON is YAML; escaped where YAML's double-quoted scalars would read a character otherwise (NEL folds as a line break).
    const quoted = (t: string) => JSON.stringify(t).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const parameters = cases.map((c, i) => `"P${i}": {"type": "number", "constraints": [{"range": {"min": ${quoted(c.text)}}}]}`);
    const template = parseTemplate(new YamlFile('bounds.json', `{"heat_template_version": "rocky", "parameters": {${parameters.join(', ')}}}`));
    const disagreements = cases.flatMap((c, i) => {
      const constraint = template.parameters.get(`P${i}`)!.constraints[0]!;
      const min = 'min' in constraint ? constraint.min : 'no range';
      return isStrToNum(c, min, undefined) ? [] : [{ text: c.text, int: c.int['10'], float: c.float, min }];
    });
    expect(disagreements).toEqual([]);
  });
});
