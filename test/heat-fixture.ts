/**
 * Test input for the Heat model: a RenderResult for the THT master fixture,
 * built from the reference rendered files (golden) over the static tree, the
 * same shape renderTree returns.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RenderResult } from '../src/render/types.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const THT = join(FIXTURES, 'tht-master');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const cache = new Map<string, RenderResult>();

/** The golden render of tht-master: `default`, `allroles` or `routed`. */
export function goldenRender(variant: 'default' | 'allroles' | 'routed' = 'default'): RenderResult {
  let r = cache.get(variant);
  if (r) return r;
  const golden = join(FIXTURES, 'golden', `tht-master-${variant}`);
  const manifest = readFileSync(`${golden}.manifest`, 'utf8').split('\n').filter(Boolean);
  const rendered = new Set(manifest);
  r = {
    templatesDir: THT,
    files: manifest.map((path) => ({ path, content: readFileSync(join(golden, path), 'utf8'), source: path })),
    staticFiles: listFiles(THT).filter((p) => !rendered.has(p) && !p.endsWith('.j2.yaml')),
    roles: [],
    networks: [],
    templates: 0,
    warnings: [],
  };
  cache.set(variant, r);
  return r;
}
