/**
 * schema and preview render only the templates the stack reads
 * (renderOnDemand); validate and render render them all, as
 * process-templates.py does before anything is deployed.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { preview, schema, validate } from '../src/index.js';
import { ThtError } from '../src/load/errors.js';
import { renderOnDemand, renderTree } from '../src/render/index.js';
import { treeOf } from './helpers/cli.js';
import { THT } from './helpers/rendered.js';

const OVERCLOUD = `heat_template_version: rocky
parameters:
{% for role in roles %}
  {{role.name}}Count:
    type: number
    default: 1
{% endfor %}
resources: {}
`;

/** A tree whose stack is overcloud.yaml and its registry, with one more template the stack never reads. */
function tree(files: Record<string, string> = {}): string {
  return treeOf({
    'roles_data.yaml': '- name: Controller\n  ServicesDefault: []\n',
    'network_data.yaml': '[]\n',
    'overcloud.j2.yaml': OVERCLOUD,
    'overcloud-resource-registry-puppet.j2.yaml': 'resource_registry: {}\n',
    ...files,
  });
}

const BROKEN = 'parameter_defaults:\n  X: {{ 1 + }}\n';

async function failure(run: Promise<unknown>): Promise<ThtError> {
  const e = await run.then(() => undefined, (e: unknown) => e);
  expect(e).toBeInstanceOf(ThtError);
  return e as ThtError;
}

describe('rendering on demand', () => {
  test('renders a file, compiling its template, only when its content is first read', () => {
    const result = renderOnDemand({ templatesDir: THT });
    expect(result.templates).toBe(0);
    const registry = result.files.find((f) => f.path === 'overcloud-resource-registry-puppet.yaml')!;
    expect(registry.content).toContain('resource_registry:');
    expect(result.templates).toBe(1);
    expect(registry.content).toBe(registry.content);
    expect(result.templates).toBe(1);
  });

  test('gives the same files, in the same order and with the same text, as the whole render', async () => {
    const whole = await renderTree({ templatesDir: THT });
    const onDemand = renderOnDemand({ templatesDir: THT });
    expect(onDemand.files.map((f) => [f.path, f.source, f.content])).toEqual(whole.files.map((f) => [f.path, f.source, f.content]));
    expect(onDemand.staticFiles).toEqual(whole.staticFiles);
    expect(onDemand.templates).toBe(whole.templates);
  });

  test('schema and preview answer although a template the stack never reads fails; validate reports it', async () => {
    const root = tree({ 'environments/broken.j2.yaml': BROKEN });
    const answer = await schema({ templates: root, format: 'heat' });
    expect(answer.document).toMatchObject({ Parameters: { ControllerCount: { Default: 1 } } });
    expect((await preview({ templates: root, role: 'Controller' })).preview).toBeDefined();
    const e = await failure(validate({ templates: root }));
    expect([e.file, e.line, e.column]).toEqual([join(root, 'environments/broken.j2.yaml'), 2, 13]);
    expect(e.message).toMatch(/^Jinja syntax error/);
  });

  test('a template the stack reads fails schema and preview at its position, named as render names it', async () => {
    const root = tree({ 'overcloud.j2.yaml': OVERCLOUD.replace('default: 1', 'default: {{ role.name | nosuchfilter }}') });
    const rendered = await failure(renderTree({ templatesDir: root }));
    for (const run of [schema({ templates: root }), preview({ templates: root, role: 'Controller' })]) {
      const e = await failure(run);
      expect([e.file, e.line, e.column, e.message]).toEqual([rendered.file, rendered.line, rendered.column, rendered.message]);
    }
  });
});
