/**
 * What templates print from roles and networks data, against jinja2: the
 * cases of tools/template-data-reference.py (generated YAML values: dates,
 * typed keys, sets, floats, big ints..., printed, computed with, filtered),
 * each rendered through tht's own path (loading, schema checks, the name
 * tags, idx and name_lower, the Python construction of the data, the engine).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planTree } from '../src/render/index.js';
import { renderTemplate, TemplateCompiler } from '../src/render/jinja/environment.js';
import { TemplateFailure } from '../src/render/jinja/errors.js';
import { FIXTURES } from './helpers/fixtures.js';
import { tempDir } from './helpers/cli.js';

interface Rendered {
  template: string;
  output?: string;
  error?: string;
}
interface Case {
  name: string;
  roles: string;
  networks: string;
  templates: Rendered[];
}

/** The committed cases, or a larger run of the tool (TEMPLATE_DATA_REFERENCE=run.json), whose differences are printed. */
const larger = process.env.TEMPLATE_DATA_REFERENCE;
const reference = JSON.parse(readFileSync(larger ?? join(FIXTURES, 'template-data/reference.json'), 'utf8')) as { cases: Case[] };

/** Each template of a case rendered on its own, as the reference renders it: output, or the Python exception class. */
async function renderCase(root: string, c: Case): Promise<Rendered[]> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root);
  writeFileSync(join(root, 'roles_data.yaml'), c.roles);
  writeFileSync(join(root, 'network_data.yaml'), c.networks);
  c.templates.forEach((t, i) => writeFileSync(join(root, `t${i}.j2.yaml`), t.template));
  const plan = planTree({ templatesDir: root });
  const compiler = new TemplateCompiler({ read: (path) => plan.sources.get(path) });
  return c.templates.map((t, i) => {
    const job = plan.jobs.find((j) => j.source === `t${i}.j2.yaml`)!;
    try {
      return { template: t.template, output: renderTemplate(compiler, compiler.template(job.source), job.context) };
    } catch (e) {
      if (!(e instanceof TemplateFailure)) throw e;
      return { template: t.template, error: e.pyType };
    }
  });
}

describe('templates print roles and networks data as jinja2 does', () => {
  it(`${reference.cases.length} generated cases`, { timeout: larger ? 1_800_000 : 60_000 }, async () => {
    const root = join(tempDir(), 'tree');
    const differences: { name: string; expected: Rendered; got: Rendered }[] = [];
    for (const c of reference.cases) {
      const got = await renderCase(root, c);
      got.forEach((g, i) => {
        if (JSON.stringify(g) !== JSON.stringify(c.templates[i])) differences.push({ name: c.name, expected: c.templates[i]!, got: g });
      });
    }
    if (larger) for (const d of differences.slice(0, 40)) console.log(d.name, JSON.stringify(d.expected), '\n  tht:', JSON.stringify(d.got.output ?? d.got.error));
    expect(differences).toEqual([]);
  });
});
