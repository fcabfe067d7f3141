/**
 * Every file of the three reference renders (process-templates.py under
 * jinja2 3.1) must come out byte-identical.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTree, type RenderResult } from '../src/render/index.js';
import { firstDifference } from './helpers/diff.js';
import { GOLDEN, GOLDEN_CASES, THT_MASTER } from './helpers/fixtures.js';

describe.each(GOLDEN_CASES)('golden render $name', ({ name, rolesData, networkData }) => {
  const manifest = readFileSync(`${GOLDEN}/${name}.manifest`, 'utf8').trim().split('\n');
  let result: RenderResult;
  const rendered = () => new Map(result.files.map((f) => [f.path, f.content]));

  it('renders exactly the files of the manifest', async () => {
    result = await renderTree({ templatesDir: THT_MASTER, rolesData, networkData });
    expect(result.files.map((f) => f.path).sort()).toEqual([...manifest].sort());
  });

  it('renders every file byte for byte', () => {
    const files = rendered();
    const failures: string[] = [];
    for (const path of manifest) {
      const expected = readFileSync(`${GOLDEN}/${name}/${path}`, 'utf8');
      const actual = files.get(path);
      if (actual === undefined) failures.push(`${path}: not rendered`);
      else if (actual !== expected) failures.push(`${path}:\n${firstDifference(expected, actual)}`);
    }
    expect(failures.slice(0, 5).join('\n\n'), `${failures.length} of ${manifest.length} files differ`).toBe('');
  });
});
