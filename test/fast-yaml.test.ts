import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fastYamlValue } from '../src/load/fast-yaml.js';
import { parsePositionedYaml } from '../src/load/yaml.js';
import { FIXTURES } from './helpers/fixtures.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.yaml') && !p.endsWith('.j2.yaml'))
    .map((p) => join(dir, p));
}

describe('fast YAML values', () => {
  test('equal the positioned PyYAML-compatible parse on every YAML file of the fixtures', () => {
    const files = [...yamlFiles(join(FIXTURES, 'tht-master')), ...yamlFiles(join(FIXTURES, 'golden', 'tht-master-default'))];
    expect(files.length).toBeGreaterThan(500);
    const differing: string[] = [];
    let readable = 0;
    let fastCount = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      let slow: unknown;
      try {
        slow = parsePositionedYaml(text, f).value;
      } catch {
        continue; // not YAML the reference accepts either
      }
      readable++;
      const fast = fastYamlValue(text);
      if (!fast) continue;
      fastCount++;
      if (JSON.stringify(fast.value) !== JSON.stringify(slow)) differing.push(relative(FIXTURES, f));
    }
    expect(differing).toEqual([]);
    // No fallback to the slow parser for any file the reference reads.
    expect(fastCount).toBe(readable);
  });

  test('follows PyYAML YAML 1.1 scalars', () => {
    const v = fastYamlValue('a: yes\nb: off\nc: 1e3\nd: 1.5\ne: 010\nf: 09\ng: 0x1F\nh: 2021-03-15\ni: ~\nj: 1:30\n')!.value;
    expect(v).toEqual({ a: true, b: false, c: '1e3', d: 1.5, e: 8, f: '09', g: 31, h: '2021-03-15', i: null, j: 90 });
  });

  test('applies merge keys and lets later duplicate keys win', () => {
    const v = fastYamlValue('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nk: 1\nk: 2\n')!.value;
    expect(v).toEqual({ base: { x: 1, y: 2 }, m: { x: 1, y: 3 }, k: 2 });
  });

  test('returns undefined for text it cannot read', () => {
    expect(fastYamlValue('a: [1, 2\n')).toBeUndefined();
  });

  test('reads empty items of compact nested sequences as PyYAML does (js-yaml alone merges the lists)', () => {
    expect(fastYamlValue('- - a\n  -\n- c\n')!.value).toEqual([['a', null], 'c']);
    expect(fastYamlValue('x:\n  - - - a\n    -  # empty\n  - -\n      - b\n    -\n')!.value).toEqual({ x: [[['a'], null], [['b'], null]] });
    expect(fastYamlValue('- - a\n  -\n    b: 1\n- c\n')!.value).toEqual([['a', { b: 1 }], 'c']);
  });
});
