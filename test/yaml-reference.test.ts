import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixtures.js';
import { compareCase, loadReference, type Disagreement } from './helpers/yaml-reference.js';

/** The committed sample, or a larger run of tools/yaml-reference.py (YAML_REFERENCE=run.json), which prints its figures. */
const larger = process.env.YAML_REFERENCE;
const run = loadReference(larger ?? `${FIXTURES}/yaml-reference/sample.json`);

describe('the YAML layer against PyYAML', () => {
  it('reads and refuses what PyYAML reads and refuses, at the same line', { timeout: larger ? 1_800_000 : 60_000 }, () => {
    const differences: Disagreement[] = run.cases.flatMap((c) => compareCase(c, FIXTURES));
    if (larger) {
      const kinds = new Map<string, number>();
      for (const d of differences) {
        const kind = `${d.profile}: ${d.what.split(/[(:]/)[0]!.trim()}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      console.log(`${run.cases.length} documents, each read with both loaders: ${differences.length} disagreements`, kinds);
      for (const d of differences.slice(0, Number(process.env.SHOW ?? 40))) console.log(d.name, d.profile, d.what);
    }
    expect(differences).toEqual([]);
  });
});
