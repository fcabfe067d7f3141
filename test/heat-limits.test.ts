/**
 * Heat's limits, each on both sides, against real Heat: the probes of
 * tools/heat/probes.py (test/fixtures/heat/probes.json) rebuilt here as
 * probes.py builds them (the same generated templates, with the pad lengths
 * it recorded), then checked as tht checks a deployment. Where Heat refused a
 * probe for a limit, tht must report that limit; where Heat accepted it, tht
 * must not; and the sizes tht measures must be Heat's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { heatModelOf } from '../src/heat/deployment.js';
import { heatLimits, parseHeatLimitOption, HEAT_LIMITS, type HeatLimitOverride } from '../src/heat/limits.js';
import { heatRejections, type HeatRejection } from '../src/heat/rejections.js';
import { VirtualTree } from '../src/heat/tree.js';
import { runCli, tempDir } from './helpers/cli.js';
import { FIXTURES, THT_MASTER } from './helpers/fixtures.js';

interface Probe {
  id: string;
  limit: string;
  setting: Record<string, number>;
  measured: { pad?: number; root_str_len?: number; files?: Record<string, number>; request_bytes?: number };
  status: number;
  error?: { type: string; message: string };
}

const probes = (JSON.parse(readFileSync(`${FIXTURES}heat/probes.json`, 'utf8')) as { probes: Probe[] }).probes;
const probe = (id: string): Probe => probes.find((p) => p.id === id)!;

// probes.py's builders.
const HOT = '2018-03-02';
type Template = Record<string, unknown>;
const hot = (resources: Template = {}, extra: Template = {}): Template => ({ heat_template_version: HOT, ...extra, resources });
const noneResources = (n: number, prefix = 'r'): Template => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, { type: 'OS::Heat::None' }]));

function chain(depth: number, group?: 'ResourceGroup' | 'ResourceChain'): Record<string, Template | string> {
  const files: Record<string, Template | string> = {};
  for (let i = 1; i <= depth; i++) files[`l${i}.yaml`] = hot(i < depth ? { next: { type: `l${i + 1}.yaml` } } : noneResources(1));
  if (group === 'ResourceGroup') files['root.yaml'] = hot({ g: { type: 'OS::Heat::ResourceGroup', properties: { count: 1, resource_def: { type: 'l1.yaml' } } } });
  else if (group === 'ResourceChain') {
    files['root.yaml'] = hot({ g: { type: 'OS::Heat::ResourceChain', properties: { resources: ['Probe::L1'] } } });
    files['env.yaml'] = 'resource_registry:\n  Probe::L1: l1.yaml\n';
  } else files['root.yaml'] = hot({ next: { type: 'l1.yaml' } });
  return files;
}

/** The limits a probe ran with (Heat's defaults otherwise). */
const settingOf = (p: Probe): HeatLimitOverride[] => Object.entries(p.setting).map(([name, value]) => ({ name, value, source: 'probe' }));

/** Check a probe's files as tht checks a deployment: the rejections, and the limits they were checked against. */
function check(p: Probe, files: Record<string, Template | string>, envs: string[] = []): HeatRejection[] {
  const tree = new VirtualTree(`/probe/${p.id}`, Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v, null, 1)]));
  const d = heatModelOf(tree, 'root.yaml', envs, { heatLimits: settingOf(p) });
  return heatRejections({ tree, root: 'root.yaml', walk: d.walk, request: d.request, environments: d.env.files, limits: d.limits });
}

const CODES: Record<string, HeatRejection['code']> = {
  max_template_size: 'max-template-size',
  max_nested_stack_depth: 'max-nested-stack-depth',
  max_resources_per_stack: 'max-resources-per-stack',
  max_json_body_size: 'max-json-body-size',
};

/** tht reports the probe's limit exactly when Heat refused the probe. */
function expectHeatsVerdict(p: Probe, rejections: HeatRejection[]): void {
  const code = CODES[p.limit]!;
  const reported = rejections.filter((r) => r.code === code);
  expect(reported.length > 0, `${p.id}: Heat answered ${p.status} ${p.error?.message ?? ''}`).toBe(p.status === 400);
  // Heat's own message opens tht's.
  if (p.status === 400) expect(reported[0]!.message.startsWith(p.error!.message.replace(/\.$/, ''))).toBe(true);
}

describe('Heat limits against Heat (tools/heat/probes.py)', () => {
  test('max_template_size: the root by str() of its parsed form, nested templates by their JSON, get_file and environment files by their text', () => {
    for (const id of ['root-at-limit', 'root-over-limit']) {
      const p = probe(id);
      expectHeatsVerdict(p, check(p, { 'root.yaml': hot(noneResources(1), { description: 'x'.repeat(p.measured.pad!) }) }));
    }
    const raw = probe('root-raw-over-parsed-under');
    expectHeatsVerdict(raw, check(raw, { 'root.yaml': `heat_template_version: ${HOT}\n#${'c'.repeat(524288 + 1000)}\nresources:\n  r0: {type: OS::Heat::None}\n` }));
    for (const id of ['nested-at-limit', 'nested-over-limit']) {
      const p = probe(id);
      expectHeatsVerdict(p, check(p, { 'root.yaml': hot({ c: { type: 'child.yaml' } }), 'child.yaml': hot(noneResources(1), { description: 'y'.repeat(p.measured.pad!) }) }));
    }
    const nonAscii = probe('nested-non-ascii');
    const n = Math.floor(524288 / 6) + 10;
    expectHeatsVerdict(nonAscii, check(nonAscii, { 'root.yaml': hot({ c: { type: 'child.yaml' } }), 'child.yaml': hot(noneResources(1), { description: '\u00e9'.repeat(n) }) }));
    const getFile = probe('get-file-over-limit');
    expectHeatsVerdict(getFile, check(getFile, { 'root.yaml': hot({ v: { type: 'OS::Heat::Value', properties: { value: { get_file: 'big.txt' } } } }), 'big.txt': 'z'.repeat(524288 + 1) }));
    const envOver = probe('environment-over-limit');
    const envFiles = { 'root.yaml': hot(noneResources(1), { parameters: { Foo: { type: 'string' } } }), 'env.yaml': `parameter_defaults:\n  Foo: "${'e'.repeat(524288 + 1)}"\n` };
    expectHeatsVerdict(envOver, check(envOver, envFiles, ['env.yaml']));
  });

  test('the sizes are the ones Heat measured', () => {
    const p = probe('root-over-limit');
    const r = check(p, { 'root.yaml': hot(noneResources(1), { description: 'x'.repeat(p.measured.pad!) }) });
    expect(r.find((x) => x.code === 'max-template-size')!.message).toContain(`(${p.measured.root_str_len} bytes)`);
    const nested = probe('nested-non-ascii');
    const n = Math.floor(524288 / 6) + 10;
    const rn = check(nested, { 'root.yaml': hot({ c: { type: 'child.yaml' } }), 'child.yaml': hot(noneResources(1), { description: '\u00e9'.repeat(n) }) });
    expect(rn.find((x) => x.code === 'max-template-size')!.message).toContain(`(${nested.measured.files!['child.yaml']} bytes)`);
  });

  test('max_nested_stack_depth: templates, a group and a chain each a stack of their own, Heat default and undercloud', () => {
    for (const id of ['depth-templates-5', 'depth-templates-6', 'depth-templates-7-limit-7', 'depth-templates-8-limit-7']) {
      const p = probe(id);
      expectHeatsVerdict(p, check(p, chain(Number(/depth-templates-(\d+)/.exec(id)![1]))));
    }
    for (const depth of [4, 5]) {
      const g = probe(`depth-group-${depth}`);
      expectHeatsVerdict(g, check(g, chain(depth, 'ResourceGroup')));
      const c = probe(`depth-chain-${depth}`);
      expectHeatsVerdict(c, check(c, chain(depth, 'ResourceChain'), ['env.yaml']));
    }
  });

  test('max_resources_per_stack: every resource of one template (conditions ignored), not a group\'s members; -1 is none', () => {
    for (const n of [1000, 1001]) {
      const p = probe(`root-resources-${n}`);
      expectHeatsVerdict(p, check(p, { 'root.yaml': hot(noneResources(n)) }));
    }
    const off = probe('root-resources-1000-plus-condition-false');
    expectHeatsVerdict(off, check(off, { 'root.yaml': hot({ ...noneResources(1000), off: { type: 'OS::Heat::None', condition: false } }) }));
    const nested = probe('nested-resources-1001');
    expectHeatsVerdict(nested, check(nested, { 'root.yaml': hot({ c: { type: 'child.yaml' } }), 'child.yaml': hot(noneResources(1001)) }));
    const split = probe('root-600-nested-600');
    expectHeatsVerdict(split, check(split, { 'root.yaml': hot({ ...noneResources(599), c: { type: 'child.yaml' } }), 'child.yaml': hot(noneResources(600)) }));
    const group = probe('group-count-1001');
    expectHeatsVerdict(group, check(group, { 'root.yaml': hot({ g: { type: 'OS::Heat::ResourceGroup', properties: { count: 1001, resource_def: { type: 'OS::Heat::None' } } } }) }));
    const unlimited = probe('root-resources-1001-unlimited');
    expectHeatsVerdict(unlimited, check(unlimited, { 'root.yaml': hot(noneResources(1001)) }));
  });

  test('max_json_body_size: the bytes of heatclient\'s JSON request (a non-ASCII character counts 6)', () => {
    for (const id of ['body-at-limit', 'body-over-limit']) {
      const p = probe(id);
      const r = check(p, { 'root.yaml': hot(noneResources(1), { description: 'x'.repeat(p.measured.pad!) }) });
      expectHeatsVerdict(p, r);
      if (p.status === 400) expect(r.find((x) => x.code === 'max-json-body-size')!.message).toContain(`(${p.measured.request_bytes} bytes)`);
    }
    const p = probe('body-non-ascii');
    expectHeatsVerdict(p, check(p, { 'root.yaml': hot(noneResources(1), { description: '\u00e9'.repeat(Math.floor(1048576 / 6) + 10) }) }));
  });

  test('yaql limits: a yaql over them is no rejection at validate time, the property falls back to its empty value', () => {
    for (const [id, count] of [['yaql-iterators-200', 200], ['yaql-iterators-201', 201], ['yaql-iterators-201-limit-10000', 201]] as const) {
      const p = probe(id);
      const root = hot({ c: { type: 'child.yaml', properties: { In: { yaql: { expression: '$.data.items.select($)', data: { get_param: 'Data' } } } } } }, {
        parameters: { Data: { type: 'json', default: { items: Array.from({ length: count }, (_, i) => i) } } },
      });
      const files = { 'root.yaml': root, 'child.yaml': hot(noneResources(1), { parameters: { In: { type: 'json' } } }) };
      const tree = new VirtualTree(`/probe/${p.id}`, Object.entries(files).map(([k, v]) => [k, JSON.stringify(v, null, 1)]));
      const { walk } = heatModelOf(tree, 'root.yaml', [], { heatLimits: settingOf(p) });
      const child = walk.root.children[0]!.parameters.find((x) => x.def.name === 'In')!;
      // Heat shows a Value only where the yaql stayed within the limit (probes.json summarises long values).
      expect(child.userValue !== undefined && (child.userValue as string).length > 0).toBe('Value' in ((p.measured as Record<string, unknown>).child_In as Record<string, unknown>));
    }
  });
});

describe('the limits table', () => {
  test('the undercloud environment of the tree sets the defaults, Heat\'s default elsewhere', () => {
    const undercloud = new VirtualTree('/t', [['environments/undercloud.yaml', 'parameter_defaults:\n  HeatMaxNestedStackDepth: 7\n  HeatMaxJsonBodySize: 4194304\n']]);
    const limits = heatLimits(undercloud);
    expect(limits.max_nested_stack_depth).toEqual({ value: 7, source: 'environments/undercloud.yaml (HeatMaxNestedStackDepth)' });
    expect(limits.max_template_size).toEqual({ value: HEAT_LIMITS.find((l) => l.name === 'max_template_size')!.heatDefault, source: "Heat's default" });
    expect(heatLimits(new VirtualTree('/t', [])).max_nested_stack_depth.value).toBe(5);
    expect(heatLimits(undercloud, [parseHeatLimitOption('max_nested_stack_depth=9')]).max_nested_stack_depth).toEqual({ value: 9, source: '--heat-limit' });
  });

  test('a mistyped limit name is an error with a did-you-mean; a value that is no whole number too', () => {
    expect(() => heatLimits(undefined, [parseHeatLimitOption('max_nested_stak_depth=3')])).toThrow(/unknown Heat limit "max_nested_stak_depth" \(did you mean "max_nested_stack_depth"\?\)/);
    expect(() => heatLimits(undefined, [parseHeatLimitOption('max_template_size=big')])).toThrow(/must be a whole number/);
    expect(() => parseHeatLimitOption('max_template_size')).toThrow(/NAME=VALUE/);
  });
});

describe(".thtlint.yaml's heat_limits", () => {
  /** A tree two templates deep below its root, with this .thtlint.yaml. */
  function nestedTree(config: string): string {
    const root = tempDir('tht-heat-limits-');
    const files: Record<string, string> = {
      'roles_data.yaml': '- name: Compute\n  tags: [compute]\n',
      'network_data.yaml': '',
      'overcloud-resource-registry-puppet.yaml': 'resource_registry: {}\n',
      'overcloud.yaml': 'heat_template_version: rocky\nresources:\n  a: {type: child.yaml}\n',
      'child.yaml': 'heat_template_version: rocky\nresources:\n  b: {type: grandchild.yaml}\n',
      'grandchild.yaml': 'heat_template_version: rocky\nresources: {}\n',
      '.thtlint.yaml': config,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
    return root;
  }

  test('tht validate and tht schema check the deployment against them, and name the file', async () => {
    const tree = nestedTree('heat_limits:\n  max_nested_stack_depth: 1\n');
    const run = await runCli('validate', '-p', tree, '-f', 'json');
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ code: string; file: string; message: string }> }).findings;
    expect(findings.map((f) => [f.code, relative(tree, resolve(f.file))])).toEqual([['HOT015', 'child.yaml']]);
    expect(findings[0]!.message).toContain('max_nested_stack_depth is 1, .thtlint.yaml');
    const schema = await runCli('schema', '-p', tree, '-o', '-');
    expect(schema.code).toBe(0);
    expect(schema.stderr).toContain('max_nested_stack_depth is 1, .thtlint.yaml');
    // Raised on the command line, the same tree passes.
    expect((await runCli('validate', '-p', tree, '--heat-limit', 'max_nested_stack_depth=2')).code).toBe(0);
  });

  test("a mistyped limit or key is an error at its line with a did-you-mean; the lint-only keys are lint's to check", async () => {
    const limit = await runCli('validate', '-p', nestedTree('heat_limits:\n  max_nested_stak_depth: 1\n'));
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/\.thtlint\.yaml:2:3: unknown Heat limit "max_nested_stak_depth" \(did you mean "max_nested_stack_depth"\?\)/);
    const key = await runCli('schema', '-p', nestedTree('heat_limit:\n  max_nested_stack_depth: 1\n'), '-o', '-');
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/\.thtlint\.yaml:1:1: \.thtlint\.yaml has an unknown key "heat_limit" \(did you mean "heat_limits"\?\)/);
    const ruleIds = nestedTree('ignore: [NOPE1]\n');
    expect((await runCli('validate', '-p', ruleIds)).code).toBe(0);
    const lint = await runCli('lint', '-p', ruleIds);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/\.thtlint\.yaml:1:10: \.thtlint\.yaml ignore: "NOPE1" is not a rule id or id prefix/);
  });
});

describe('THT master with all 55 roles, which Heat refuses (master-allroles.rejections.json)', () => {
  const heat = JSON.parse(readFileSync(`${FIXTURES}heat/master-allroles.rejections.json`, 'utf8')) as {
    steps: Array<{ error: { message: string } }>;
    oversized: Array<{ file: string; error: string }>;
  };
  const unmapped = heat.steps.map((s) => /^The Resource Type \((.+)\) could not be found\.$/.exec(s.error.message)?.[1]).filter((t) => t !== undefined).sort();
  const oversized = heat.oversized.map((o) => (o.file === '(root template)' ? 'overcloud.yaml' : o.file.replace('file:///tht/', ''))).sort();

  test('tht validate exits 1 naming every type Heat cannot find, at its roles-file line, and every template over max_template_size', async () => {
    const run = await runCli('validate', '-p', THT_MASTER, '-r', `${FIXTURES}roles_data_all.yaml`, '-f', 'json');
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ code: string; file: string; line: number; message: string }> }).findings;
    // Everything Heat refuses is HOT015, as in tht lint; the message says what.
    const refused = findings.filter((f) => f.code === 'HOT015');
    const unmappedTypes = refused.filter((f) => /\) could not be found/.test(f.message));
    const types = unmappedTypes.map((f) => /\(([^)]+)\) could not be found/.exec(f.message)![1]!).sort();
    expect(types).toEqual(unmapped);
    const roles = readFileSync(`${FIXTURES}roles_data_all.yaml`, 'utf8').split('\n');
    for (const f of unmappedTypes) {
      expect(resolve(f.file)).toBe(resolve(`${FIXTURES}roles_data_all.yaml`));
      expect(roles[f.line - 1]).toContain(/\(([^)]+)\) could not be found/.exec(f.message)![1]!.replace('OS::TripleO::Services::', ''));
    }
    const big = refused.filter((f) => f.message.startsWith('Request limit exceeded: Template size'));
    expect(big.map((f) => relative(THT_MASTER, resolve(f.file))).sort()).toEqual(oversized);
    // The root's size does not depend on where the tree is (no URL is in it): Heat's own figure.
    const rootError = heat.oversized.find((o) => o.file === '(root template)')!.error.replace(/\.$/, '');
    expect(big.find((f) => f.file.endsWith('overcloud.yaml'))!.message.startsWith(rootError)).toBe(true);
    expect(refused.some((f) => f.message.startsWith('Request limit exceeded: JSON body size'))).toBe(true);
  });

  test('tht lint reports them too (HOT015), and nothing of the kind with the default roles, which Heat accepts', async () => {
    const run = await runCli('lint', '-p', THT_MASTER, '-r', `${FIXTURES}roles_data_all.yaml`, '--select', 'HOT015', '-f', 'json');
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as Array<{ rule: string; file: string; message: string }>;
    const types = findings.map((f) => /\(([^)]+)\) could not be found/.exec(f.message)?.[1]).filter((t) => t !== undefined).sort();
    expect(types).toEqual(unmapped);
    const big = findings.filter((f) => f.message.includes('Template size')).map((f) => relative(THT_MASTER, resolve(f.file))).sort();
    expect(big).toEqual(oversized);
    const clean = await runCli('lint', '-p', THT_MASTER, '--select', 'HOT015', '-f', 'json');
    expect(JSON.parse(clean.stdout)).toEqual([]);
  });
});

describe('registry cycles', () => {
  test('a template that nests itself through the registry, and aliases that loop, are errors', () => {
    const p: Probe = { id: 'cycle', limit: 'registry', setting: {}, measured: {}, status: 400 };
    const files = {
      'root.yaml': hot({ a: { type: 'Loop::A' }, s: { type: 'Self::T' } }),
      'self.yaml': hot({ again: { type: 'Self::T' } }),
      'env.yaml': 'resource_registry:\n  Loop::A: Loop::B\n  Loop::B: Loop::A\n  Self::T: self.yaml\n',
    };
    const cycles = check(p, files, ['env.yaml']).filter((r) => r.code === 'registry-cycle');
    expect(cycles.map((r) => [r.severity, r.file, r.message.split(': Heat')[0]])).toEqual([
      ['error', 'root.yaml', 'registry aliases for Loop::A loop'],
      ['error', 'self.yaml', 'Self::T nests self.yaml inside itself'],
    ]);
  });

  test('a template that nests itself, reached by several stacks, is one finding', () => {
    const p: Probe = { id: 'cycle-shared', limit: 'registry', setting: {}, measured: {}, status: 400 };
    const files = {
      'root.yaml': hot({ s1: { type: 'Self::T' }, s2: { type: 'Self::T' }, g: { type: 'OS::Heat::ResourceGroup', properties: { count: 3, resource_def: { type: 'Self::T' } } } }),
      'self.yaml': hot({ again: { type: 'Self::T' } }),
      'env.yaml': 'resource_registry:\n  Self::T: self.yaml\n',
    };
    const cycles = check(p, files, ['env.yaml']).filter((r) => r.code === 'registry-cycle');
    expect(cycles.map((r) => [r.file, r.line, r.message.split(': Heat')[0]])).toEqual([['self.yaml', expect.any(Number), 'Self::T nests self.yaml inside itself']]);
  });
});
