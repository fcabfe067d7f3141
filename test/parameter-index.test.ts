/**
 * The index of declared parameters picks its did-you-mean candidates by
 * shared letter pairs before any edit distance is computed; this checks
 * that no name a full search would suggest is lost on the way, on the
 * parameter names of THT master and seeded misspellings of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParameterIndex } from '../src/heat/parameter-index.js';
import { editDistance, suggestKey } from '../src/load/suggest.js';
import { isMapping } from '../src/load/values.js';
import { YamlFile } from '../src/yaml/file.js';
import { random, type Rng } from './helpers/mutate.js';

const DEPLOYMENT = join(import.meta.dirname, 'fixtures/tht-master/deployment');

function declaredNames(): { file: string; names: string[] }[] {
  const templates: { file: string; names: string[] }[] = [];
  for (const entry of readdirSync(DEPLOYMENT, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.yaml') || entry.endsWith('.j2.yaml')) continue;
    const value = new YamlFile(entry, readFileSync(join(DEPLOYMENT, entry), 'utf8')).value;
    const parameters = isMapping(value) && isMapping(value.parameters) ? value.parameters : {};
    templates.push({ file: entry, names: Object.keys(parameters) });
  }
  return templates;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-0';

/** One to three random edits: a letter changed, added, dropped, or two swapped. */
function misspell(rng: Rng, name: string): string {
  let s = name;
  const edits = 1 + Math.floor(rng() * 3);
  for (let e = 0; e < edits && s.length > 1; e++) {
    const i = Math.floor(rng() * s.length);
    const letter = LETTERS[Math.floor(rng() * LETTERS.length)]!;
    const kind = Math.floor(rng() * 4);
    if (kind === 0) s = s.slice(0, i) + letter + s.slice(i + 1);
    else if (kind === 1) s = s.slice(0, i) + letter + s.slice(i);
    else if (kind === 2) s = s.slice(0, i) + s.slice(i + 1);
    else if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  }
  return s;
}

describe('ParameterIndex.suggest', () => {
  it('suggests what a search of every declared name finds by spelling or edit distance', () => {
    // Every name once, and few enough of them that the full search stays quick.
    const all = [...new Set(declaredNames().flatMap((t) => t.names))].filter((_, i) => i % 4 === 0);
    expect(all.length).toBeGreaterThan(300);
    const index = new ParameterIndex([{ file: 'parameters.yaml', names: all }]);
    const rng = random(9);
    const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
    let compared = 0;
    for (let round = 0; round < 150; round++) {
      const name = misspell(rng, all[Math.floor(rng() * all.length)]!);
      const full = suggestKey(name, all);
      // suggestKey's last resort (a name one extends) is not an edit-distance match: the index looks only among close names.
      const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
      if (full === undefined || (norm(full) !== norm(name) && editDistance(name.toLowerCase(), full.toLowerCase()) > limit)) continue;
      expect(index.suggest(name), name).toBe(full);
      compared++;
    }
    expect(compared).toBeGreaterThan(90);
  });
});
