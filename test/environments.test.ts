import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadEnvironments } from '../src/heat/environment.js';
import { treeFromRender } from '../src/heat/tree.js';
import { environmentFiles, environmentMetadata, summarizeEnvironment } from '../src/schema/environments.js';
import { renderFixture, THT } from './helpers/rendered.js';
import { copyOfThtMaster, inFolder, runCli } from './helpers/cli.js';
import { displayPath } from '../src/load/paths.js';

const render = await renderFixture('default');
const tree = treeFromRender(render);
const base = loadEnvironments(tree, ['overcloud-resource-registry-puppet.yaml']).registry;

describe('environment metadata', () => {
  test('title and multi-line description from the sample generator header', () => {
    const s = summarizeEnvironment(tree, 'environments/ssl/enable-tls.yaml');
    expect(s.title).toBe('Enable SSL on OpenStack Public Endpoints');
    expect(s.description).toBe(
      'Use this environment to pass in certificates for SSL deployments.\nFor these values to take effect, one of the tls-endpoints-*.yaml\nenvironments must also be used.',
    );
    expect(s.parameterDefaults).toHaveProperty('PublicTLSCAFile', '');
  });

  test('else the leading comment lines, else a description key', () => {
    const rear = summarizeEnvironment(tree, 'environments/backup-and-restore/rear.yaml');
    expect(rear.title).toBeUndefined();
    expect(rear.description).toBe('A Heat environment file which can be used to deploy ReaR');
    expect(environmentMetadata('# ******\n# Banner only\n# ******\nparameter_defaults: {}\n', {})).toEqual({ description: 'Banner only' });
    expect(environmentMetadata('description: From a key\n', { description: 'From a key' })).toEqual({ description: 'From a key' });
    expect(environmentMetadata('parameter_defaults: {}\n', {})).toEqual({});
  });

  test('registry entries say what they replace, with paths resolved against the file', () => {
    const s = summarizeEnvironment(tree, 'environments/disable-heat.yaml', base);
    const api = s.registry.find((r) => r.type === 'OS::TripleO::Services::HeatApi')!;
    expect(api).toMatchObject({ value: 'OS::Heat::None', replaces: 'deployment/heat/heat-api-container-puppet.yaml' });
    const rear = summarizeEnvironment(tree, 'environments/backup-and-restore/rear.yaml', base).registry[0]!;
    expect(rear.target).toBe('deployment/backup-and-restore/rear-baremetal-ansible.yaml');
    expect(rear.replaces).toBe('OS::Heat::None');
  });

  test('the list covers every environment file of the tree, static and rendered', () => {
    const files = environmentFiles(tree);
    const onDisk = readdirSync(join(THT, 'environments'), { recursive: true, encoding: 'utf8' }).filter(
      (p) => p.endsWith('.yaml') && !p.endsWith('.j2.yaml'),
    );
    for (const f of onDisk) expect(files).toContain(`environments/${f}`);
    const rendered = render.files.map((f) => f.path).filter((p) => p.startsWith('environments/'));
    expect(rendered.length).toBeGreaterThan(0);
    for (const f of rendered) expect(files).toContain(f);
  });
});

describe('schemas/environment.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schemas', 'environment.schema.json'), 'utf8')) as object;
  const check = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);

  test('accepts every environment file of the tree but those with a null section, which Heat rejects', () => {
    const files = environmentFiles(tree);
    expect(files.length).toBeGreaterThan(100);
    const rejected = new Map<string, string>();
    for (const f of files) if (!check(tree.yaml(f).value)) rejected.set(f, JSON.stringify(check.errors));
    const withNullSection = files.filter((f) => {
      const v = tree.yaml(f).value;
      return v !== null && Object.values(v as object).some((section) => section === null);
    });
    expect(withNullSection.length).toBeGreaterThan(0);
    expect([...rejected.keys()]).toEqual(withNullSection);
    for (const reason of rejected.values()) expect(reason).toContain('"type"');
  });

  test('rejects what Heat rejects', () => {
    expect(check({ parameter_default: {} })).toBe(false);
    expect(check({ parameter_merge_strategies: { A: 'append' } })).toBe(false);
    expect(check({ resource_registry: { 'OS::X': 3 } })).toBe(false);
    expect(check({ resource_registry: { resources: { A: { hooks: 'pre-launch' } } } })).toBe(false);
  });
});

describe('tht environments on the command line', () => {
  const run = (...args: string[]) => runCli('environments', ...args, '-p', THT);

  test('list --json and show', async () => {
    const list = await run('list', '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<{ file: string; title?: string }>;
    // Files are named as they open from the current folder.
    expect(rows.find((r) => r.file === displayPath(join(THT, 'environments/ssl/enable-tls.yaml')))?.title).toBe('Enable SSL on OpenStack Public Endpoints');
    expect(rows.every((r) => existsSync(r.file) || existsSync(r.file.replace(/\.yaml$/, '.j2.yaml')))).toBe(true);
    const show = await run('show', 'environments/disable-heat.yaml');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('OS::TripleO::Services::HeatEngine: OS::Heat::None  (was deployment/heat/heat-engine-container-puppet.yaml)');
    const missing = await run('show', 'environments/nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot find the environment file environments\/nope\.yaml: there is no environments\/nope\.yaml and no \S+\/environments\/nope\.yaml\. /);
    const typo = await run('show', 'environments/disable-het.yaml');
    expect(typo.stderr).toContain(`(did you mean ${displayPath(join(THT, 'environments/disable-heat.yaml'))}?)`);
  });
});

describe('tht environments show on a file Heat would refuse', () => {
  test('a wrong section: shown, then named on stderr with its position, exit 1', async () => {
    const root = copyOfThtMaster();
    writeFileSync(join(root, 'environments/typo.yaml'), 'parameter_defaults:\n  X: 1\nparameter_default:\n  Y: 2\n');
    const run = await inFolder(root, () => runCli('environments', 'show', 'environments/typo.yaml'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^environments\/typo\.yaml\nparameters:\n {2}X: 1\n/);
    expect(run.stderr).toBe(
      'error: environments/typo.yaml:3:1: environment has wrong section "parameter_default" (did you mean "parameter_defaults"? allowed: parameters, parameter_defaults, resource_registry, encrypted_param_names, event_sinks, parameter_merge_strategies)\n',
    );
  });

  test('random bytes: an error exit, one message, no stack trace', async () => {
    const root = copyOfThtMaster();
    // Deterministic random bytes (a linear congruential sequence): letters and bytes above 127, which
    // are not UTF-8. Read leniently they are one long scalar, so the file is "not a mapping" (exit 1);
    // a YAML reader that refuses invalid UTF-8, as PyYAML does, makes it exit 2.
    let x = 12345;
    const bytes = Buffer.from(
      Array.from({ length: 3000 }, () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        const r = (x >> 16) & 255;
        return r < 128 ? 97 + (r % 26) : r;
      }),
    );
    writeFileSync(join(root, 'environments/random.yaml'), bytes);
    const run = await inFolder(root, () => runCli('environments', 'show', 'environments/random.yaml'));
    expect([1, 2]).toContain(run.code);
    expect(run.stderr).toMatch(/^error: environments\/random\.yaml:\d+:\d+: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
