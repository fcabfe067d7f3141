/**
 * The YAML the preview writes (-f yaml, --tasks-dir) reads back as the same
 * data through tht's PyYAML-exact reader, for strings that YAML 1.1 would
 * take for something else and for generated ones.
 */
import { describe, expect, it } from 'vitest';
import { yamlText } from '../src/preview/yaml-text.js';
import { YamlFile } from '../src/yaml/file.js';
import { PyFloat } from '../src/yaml/python.js';

const readBack = (text: string): unknown => new YamlFile('x.yaml', text).value;

const TRICKY = [
  '', ' ', 'a ', ' a', 'yes', 'No', 'ON', 'off', 'y', 'n', 'null', '~', 'true', 'False', '1', '-1', '+1', '0x1F', '0o17', '017', '1_000', '1:20',
  '1.5', '.5', '1e3', '1.0e+3', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', 'a: b', 'a:', 'a #b', '#a', '- a', '-',
  '? a', ': a', '[a]', '{a}', '*a', '&a', '!a', '|', '>', "'a'", '"a"', '%a', '@a', '`a', 'a\nb', 'a\tb', '\u0085', '\u2028', '\ufeff', 'é', '日本', '😀',
  '\u0007', 'step|int == 1', "{{ step }}", '/var/lib/x', 'OS::Heat::None', 'a,b', 'C:\\x',
];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('yamlText', () => {
  it('writes strings YAML 1.1 would read as other types so that they read back as strings', () => {
    const data = { strings: TRICKY, keys: Object.fromEntries(TRICKY.map((s, i) => [s, i])) };
    expect(readBack(yamlText(data))).toEqual(data);
  });

  it('keeps numbers, booleans, null, empty collections and nesting', () => {
    const data = [{ a: 1, b: -2.5, c: true, d: null, e: [], f: {}, g: [[1, [2]], { h: [{ i: 'x' }] }] }, [], {}, 'top', 10n ** 30n];
    expect(readBack(yamlText(data))).toEqual(data);
    const floats = readBack(yamlText([new PyFloat(1), new PyFloat(1e16), 1.5e-7, NaN, Infinity, -Infinity])) as unknown[];
    expect(floats.map((f) => (f instanceof PyFloat ? `float ${f.value}` : f))).toEqual(['float 1', 'float 10000000000000000', 1.5e-7, NaN, Infinity, -Infinity]);
  });

  it('round-trips generated strings of any characters', () => {
    const random = seeded(13);
    const alphabet = [...'ab:-#?&*!|>\'"%@`{}[], \t\n\\yYnN01.eE+_~<=', '\u0085', '\u00a0', '\u2028', '\ufffe', 'é', '😀'];
    const strings = Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const data = strings.map((s) => ({ [s]: s }));
    expect(readBack(yamlText(data))).toEqual(data);
  });
});
