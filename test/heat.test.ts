import { describe, expect, test } from 'vitest';
import { loadEnvironments, parseEnvironment, mergeEnvironments } from '../src/heat/environment.js';
import { walkStacks, type StackNode } from '../src/heat/stack.js';
import { heatModelOf, ROOT_TEMPLATE } from '../src/heat/deployment.js';
import { parseTemplate, templatePosition, type HotParamType, type HotTemplate } from '../src/heat/template.js';
import { isMapping } from '../src/load/values.js';
import { VirtualTree, treeFromRender } from '../src/heat/tree.js';
import { YamlFile } from '../src/yaml/file.js';
import { environmentAsDict } from '../src/schema/heat-format.js';
import { renderFixture } from './helpers/rendered.js';

const REGISTRY = 'overcloud-resource-registry-puppet.yaml';
const render = await renderFixture('default');

/** A tree over the default render plus extra in-memory files (path -> text). */
function treeWith(extra: Record<string, string> = {}): VirtualTree {
  return new VirtualTree(
    render.templatesDir,
    [...render.files.map((f) => [f.path, f.content] as [string, string]), ...Object.entries(extra)],
    render.staticFiles,
  );
}

function child(node: StackNode, ...names: string[]): StackNode {
  let n = node;
  for (const name of names) {
    const next = n.children.find((c) => c.name === name);
    if (!next) throw new Error(`no child ${name} under ${n.path.join('/')}`);
    n = next;
  }
  return n;
}

const controllerChain = (root: StackNode) => child(root, 'ControllerServiceChain', 'ServiceChain');

/** The registry and role service list straight from the rendered YAML (independent of src/heat). */
function registryYaml(): { registry: Record<string, string | null>; defaults: Record<string, unknown> } {
  const v = new YamlFile(REGISTRY, render.files.find((f) => f.path === REGISTRY)!.content).value as {
    resource_registry: Record<string, string | null>;
    parameter_defaults: Record<string, unknown>;
  };
  return { registry: v.resource_registry, defaults: v.parameter_defaults };
}

describe('HOT template model', () => {
  const tree = treeFromRender(render);
  const file = 'deployment/nova/nova-compute-container-puppet.yaml';
  const tmpl = tree.template(file);
  const raw = new YamlFile(file, tree.text(file)!).value as { parameters: Record<string, Record<string, unknown>> };

  test('parameters keep type, default, description, tags and constraints as declared', () => {
    expect([...tmpl.parameters.keys()]).toEqual(Object.keys(raw.parameters));
    for (const [name, def] of Object.entries(raw.parameters)) {
      const p = tmpl.parameters.get(name)!;
      expect(p.type).toBe(def.type);
      expect(p.hasDefault).toBe(def.default !== undefined && def.default !== null);
      if (p.hasDefault) expect(p.default).toEqual(def.default);
      expect(p.tags).toEqual(def.tags ?? []);
      expect(p.description).toBe(def.description);
      expect(p.constraints.length).toBe(Array.isArray(def.constraints) ? def.constraints.length : 0);
    }
    const rx = tmpl.parameters.get('NovaLibvirtRxQueueSize')!;
    expect(rx.constraints).toMatchObject([{ kind: 'allowed_values', values: [256, 512, 1024] }]);
    expect(tmpl.parameters.get('NovaRbdPoolName')!.tags).toContain('role_specific');
  });

  test('hidden parameters are flagged', () => {
    const ironic = tree.template('deployment/ironic/ironic-base-puppet.yaml');
    expect(ironic.parameters.get('IronicPassword')!.hidden).toBe(true);
    expect(ironic.parameters.get('IronicPassword')!.hasDefault).toBe(false);
  });

  test('positions point at the YAML source', () => {
    const at = templatePosition(tmpl, ['parameters', 'NovaRbdPoolName'], { key: true });
    const line = tree.text(file)!.split('\n')[at.line - 1]!;
    expect(line.slice(at.column - 1)).toMatch(/^NovaRbdPoolName:/);
    expect(at.file).toBe(file);
  });

  test('each template is parsed once and shared', () => {
    expect(tree.template(file)).toBe(tmpl);
  });

  test('departures from HOT are recorded, not thrown', () => {
    const t = treeWith({
      'bad.yaml': 'heat_template_version: rocky\nparamters: {}\nresources:\n  A:\n    type: OS::Heat::Value\n    propertes: {}\n',
    }).template('bad.yaml');
    expect(t.unknownSections).toEqual(['paramters']);
    expect(t.problems.map((p) => p.message)).toEqual([
      'resource "A" has unknown key "propertes"',
      'unknown top-level section "paramters"',
    ]);
  });
});

describe('templates read through the tree', () => {
  /** Everything the model holds, as plain data. */
  const snapshot = (t: HotTemplate) =>
    JSON.stringify({
      version: t.version,
      description: t.description,
      groups: t.rawParameterGroups,
      parameters: [...t.parameters],
      resources: [...t.resources.values()].map((r) => [r.name, r.type, r.properties, r.dependsOn, r.condition, r.metadata, r.deletionPolicy, r.updatePolicy]),
      outputs: [...t.outputs],
      conditions: [...t.conditions],
      problems: t.problems,
    });

  test('hold the same model as a full parse for every template the all-roles walk reaches', async () => {
    const all = await renderFixture('allroles');
    const tree = treeFromRender(all);
    const w = walkStacks({ tree, env: loadEnvironments(tree, [REGISTRY]) });
    const files = new Set<string>();
    const collect = (n: StackNode) => {
      if (n.file) files.add(n.file);
      n.children.forEach(collect);
    };
    collect(w.root);
    expect(files.size).toBeGreaterThan(150);
    for (const f of files) {
      const full = parseTemplate(new YamlFile(f, tree.text(f)!));
      expect(snapshot(tree.template(f)), f).toBe(snapshot(full));
    }
  });

  test('keep anchors across resources and flow style', () => {
    const t = treeWith({
      'anchors.yaml': [
        'heat_template_version: rocky',
        'resources:',
        '  A:',
        '    type: OS::Heat::Value',
        '    properties: &props {value: 1}',
        '  B:',
        '    type: OS::Heat::Value',
        '    properties: *props',
        'outputs: {o: {value: {get_attr: [A, value]}}}',
      ].join('\n'),
    }).template('anchors.yaml');
    expect(t.resources.get('B')!.properties).toEqual({ value: 1 });
    expect(t.outputs.get('o')!.value).toEqual({ get_attr: ['A', 'value'] });
  });
});

describe('environments', () => {
  test('registry paths resolve against the environment file that names them', () => {
    const tree = treeWith();
    const env = parseEnvironment(tree, 'environments/enable-designate.yaml');
    const api = env.registry.find((e) => e.type === 'OS::TripleO::Services::DesignateApi')!;
    expect(api.value).toBe('../deployment/experimental/designate/designate-api-container-puppet.yaml');
    expect(api.target).toBe('deployment/experimental/designate/designate-api-container-puppet.yaml');
    expect(tree.has(api.target!)).toBe(true);
  });

  test('aliases resolve again, OS::Heat::None ends a branch, null deletes', () => {
    const tree = treeWith({
      'envs/alias.yaml': [
        'resource_registry:',
        '  OS::Test::Alias: OS::Test::Target',
        '  OS::Test::Target: ../deployment/apache/apache-baremetal-puppet.yaml',
        '  OS::Test::Off: OS::Heat::None',
        '  OS::TripleO::Services::Keystone: null',
        '  OS::Test::Glob::*: OS::Test::Other::*',
        '  OS::Test::Other::X: ../x.yaml',
      ].join('\n'),
    });
    const env = loadEnvironments(tree, [REGISTRY, 'envs/alias.yaml']);
    const r = (type: string) => env.registry.resolve(type, { from: 'overcloud.yaml', tree });
    expect(r('OS::Test::Alias')).toMatchObject({ kind: 'template', file: 'deployment/apache/apache-baremetal-puppet.yaml' });
    expect(r('OS::Test::Alias').via.map((e) => e.type)).toEqual(['OS::Test::Alias', 'OS::Test::Target']);
    expect(r('OS::Test::Off').kind).toBe('none');
    expect(r('OS::TripleO::Services::Keystone')).toMatchObject({ kind: 'plugin', type: 'OS::TripleO::Services::Keystone' });
    expect(r('OS::Test::Glob::X')).toMatchObject({ kind: 'template', file: 'x.yaml' });
    expect(r('OS::Heat::Value')).toMatchObject({ kind: 'plugin', type: 'OS::Heat::Value' });
    // Before the second file, Keystone was mapped to a template.
    const before = loadEnvironments(tree, [REGISTRY]).registry.resolve('OS::TripleO::Services::Keystone', { from: 'overcloud.yaml', tree });
    expect(before.kind).toBe('template');
  });

  test('resources: entries apply to the resource at their nesting only', () => {
    const tree = treeWith({
      'scoped.yaml': [
        'resource_registry:',
        '  resources:',
        '    ControllerServiceChain:',
        '      ServiceChain:',
        '        "*":',
        '          OS::TripleO::Services::Kernel: OS::Heat::None',
        '          hooks: pre-create',
        '    ServiceChain:',
        '      OS::TripleO::Services::Kernel: OS::Heat::None',
      ].join('\n'),
    });
    const w = walkStacks({ tree, env: loadEnvironments(tree, [REGISTRY, 'scoped.yaml']) });
    const kernelIn = (role: string) => child(w.root, `${role}ServiceChain`, 'ServiceChain').children.some((c) => c.type === 'OS::TripleO::Services::Kernel');
    expect(kernelIn('Controller')).toBe(false);
    expect(kernelIn('Compute')).toBe(true);
    // Heat's Environment echo keeps the nesting.
    expect(environmentAsDict(loadEnvironments(tree, [REGISTRY, 'scoped.yaml'])).resource_registry.resources).toEqual({
      ControllerServiceChain: { ServiceChain: { '*': { 'OS::TripleO::Services::Kernel': 'OS::Heat::None' } } },
      ServiceChain: { 'OS::TripleO::Services::Kernel': 'OS::Heat::None' },
    });
  });

  test('parameter_merge_strategies and the drop, as heat/common/environment_util.py merge_environments does', () => {
    // Expected values: Heat 19's merge_environments run on these files and schemata.
    const tree = treeWith({
      'base.yaml': 'parameter_defaults:\n  Extra: {a: {x: 1}, s: "ab"}\n  Names: [one]\n  Plain: first\n',
      'a.yaml': 'parameter_merge_strategies: {Extra: deep_merge, Names: merge}\nparameter_defaults:\n  Extra: {a: {y: 2}, s: "cd"}\n  Names: [two]\n  Plain: second\n',
      'b.yaml': 'parameter_defaults:\n  Names: [three]\n  Undeclared: 1\n  Plain: null\n',
    });
    const schemata = new Map<string, HotParamType>([['Extra', 'json'], ['Names', 'comma_delimited_list'], ['Plain', 'string']]);
    // The first file records its strategies (overwrite by default) even though its values are taken whole.
    expect(() => loadEnvironments(tree, ['base.yaml', 'a.yaml'], schemata)).toThrow(/conflicting merge strategy "deep_merge" for parameter "Extra"/);
    const env = loadEnvironments(tree, ['a.yaml', 'base.yaml'], schemata);
    expect(env.parameterDefaults).toEqual({ Extra: { a: { y: 2, x: 1 }, s: 'cdab' }, Names: ['two', 'one'], Plain: 'first' });
    expect(env.parameterDefaultsFrom.get('Plain')).toEqual({ file: 'base.yaml', path: ['parameter_defaults', 'Plain'] });
    // A later file without strategies keeps the ones chosen before; what no template declares, and nulls, are dropped.
    const later = loadEnvironments(tree, ['a.yaml', 'b.yaml'], schemata);
    expect(later.parameterDefaults).toEqual({ Extra: { a: { y: 2 }, s: 'cd' }, Names: ['two', 'three'], Plain: 'second' });
    expect(later.dropped.map((d) => [d.file, d.name])).toEqual([['b.yaml', 'Undeclared'], ['b.yaml', 'Plain']]);
    // The first file is taken whole, undeclared names and nulls included.
    expect(loadEnvironments(tree, ['b.yaml', 'base.yaml'], schemata).parameterDefaults).toEqual({ Names: ['one'], Undeclared: 1, Plain: 'first', Extra: { a: { x: 1 }, s: 'ab' } });
  });

  test('a lone file is taken whole without asking which parameters Heat knows', () => {
    const tree = treeWith({ 'b.yaml': 'parameter_merge_strategies: {Names: merge}\nparameters:\n  Names: [zero]\nparameter_defaults:\n  Names: [three]\n  Undeclared: 1\n  Plain: null\n' });
    const asked: string[] = [];
    const schemata = { has: (name: string) => (asked.push(name), name === 'Names'), get: (name: string): HotParamType | undefined => (asked.push(name), name === 'Names' ? 'comma_delimited_list' : undefined) };
    const env = loadEnvironments(tree, ['b.yaml'], schemata);
    expect(asked).toEqual([]);
    expect(env.parameters).toEqual({ Names: ['zero'] });
    expect(env.parameterDefaults).toEqual({ Names: ['three'], Undeclared: 1, Plain: null });
    expect(env.dropped).toEqual([]);
    // A second file merges by what Heat knows, so it asks.
    expect(loadEnvironments(tree, ['b.yaml', 'b.yaml'], schemata).parameterDefaults).toEqual({ Names: ['three', 'three'], Undeclared: 1, Plain: null });
    expect(asked).toContain('Names');
  });

  test('wrong and null sections are reported with their file', () => {
    const tree = treeWith({ 'w.yaml': 'parameter_default:\n  A: 1\nresource_registry:\n' });
    const env = mergeEnvironments([parseEnvironment(tree, 'w.yaml')]);
    expect(env.problems.map((p) => [p.file, p.message])).toEqual([
      ['w.yaml', expect.stringContaining('wrong section "parameter_default"')],
      ['w.yaml', expect.stringContaining('section "resource_registry" is empty')],
    ]);
  });
});

describe('the Heat model', () => {
  /** The files of the tree read as YAML, as they are read. */
  function reads(tree: VirtualTree): Set<string> {
    const read = new Set<string>();
    const yaml = tree.yaml.bind(tree);
    tree.yaml = (key) => (read.add(key), yaml(key));
    return read;
  }

  test('with deferRequest, the request is collected when first read, and is the same', () => {
    const eagerTree = treeWith();
    const eagerReads = reads(eagerTree);
    const eager = heatModelOf(eagerTree, ROOT_TEMPLATE, [REGISTRY]);
    const lazyTree = treeWith();
    const lazyReads = reads(lazyTree);
    const lazy = heatModelOf(lazyTree, ROOT_TEMPLATE, [REGISTRY], { deferRequest: true });
    expect(lazy.env).toEqual(eager.env);
    const shape = (n: StackNode): unknown => [n.name, n.file, n.parameters.map((p) => [p.def.name, p.value]), n.children.map(shape)];
    expect(shape(lazy.walk.root)).toEqual(shape(eager.walk.root));
    // The registry maps services no role lists: only the request reads their templates.
    const onlyRequested = [...eagerReads].filter((k) => !lazyReads.has(k));
    expect(onlyRequested.length).toBeGreaterThan(0);
    expect(onlyRequested.every((k) => eager.request.files.includes(k))).toBe(true);
    expect(lazy.request).toEqual(eager.request);
    expect(new Set(lazyReads)).toEqual(eagerReads);
  });
});

describe('nested-stack walk', () => {
  const { registry, defaults } = registryYaml();
  const tree = treeWith({
    'envs/swap.yaml': [
      'resource_registry:',
      '  OS::TripleO::Services::Keystone: OS::Heat::None',
      '  OS::TripleO::Services::Aide: ../deployment/aide/aide-baremetal-ansible.yaml',
      'parameter_defaults:',
      '  KeystoneWorkers: 7',
      '  NovaWorkers: 3',
      '  ControllerServices: [OS::TripleO::Services::Aide, OS::TripleO::Services::Keystone, OS::TripleO::Services::NovaApi]',
    ].join('\n'),
  });
  const base = walkStacks({ tree, env: loadEnvironments(tree, [REGISTRY]) });

  test('the Controller service chain has the templates the registry maps ServicesDefault to, and no None', () => {
    const services = defaults.ControllerServices as string[];
    const expected = services
      .map((type, i) => {
        // Follow aliases (Timesync -> Chrony -> a template) by hand.
        let file = registry[type]!;
        while (file in registry) file = registry[file]!;
        return { name: String(i), type, file };
      })
      .filter((s) => s.file !== 'OS::Heat::None');
    const chain = controllerChain(base.root);
    expect(chain.kind).toBe('chain');
    expect(chain.children.map((c) => ({ name: c.name, type: c.type, file: c.file }))).toEqual(expected);
    expect(expected.length).toBeLessThan(services.length);
  });

  test('a ResourceGroup has one member "0" typed by resource_def', () => {
    const group = child(base.root, 'Controller');
    expect(group.kind).toBe('group');
    expect(group.children.map((c) => [c.name, c.type, c.file])).toEqual([['0', 'OS::TripleO::Controller', registry['OS::TripleO::Controller']]]);
  });

  test('the group member sees the index variable replaced by its name "0", as Heat validates it', () => {
    const overcloud = tree.template('overcloud.yaml').resources.get('Controller')!;
    const passed = (overcloud.properties.resource_def as { properties: Record<string, unknown> }).properties;
    expect(passed.NodeIndex).toBe('%index%');
    const member = child(base.root, 'Controller', '0');
    const nodeIndex = member.parameters.find((p) => p.def.name === 'NodeIndex')!;
    // "0" reaches a number parameter as the number 0 (see the next test).
    expect([nodeIndex.def.type, nodeIndex.userValue]).toEqual(['number', 0]);
    const strings = JSON.stringify(member.parameters.map((p) => p.userValue ?? null));
    expect(strings).not.toContain('%index%');
  });

  test('get_attr is null at validate time: a map holding one is passed with nulls, so parameter_defaults do not apply', () => {
    const raw = tree.template('overcloud.yaml').resources.get('ControllerServiceChain')!.properties.ServiceData as Record<string, unknown>;
    const attrKeys = Object.keys(raw).filter((k) => isMapping(raw[k]) && 'get_attr' in (raw[k] as object));
    expect(attrKeys.length).toBeGreaterThan(0);
    const serviceData = child(base.root, 'ControllerServiceChain').parameters.find((p) => p.def.name === 'ServiceData')!;
    expect(serviceData.userValue).toEqual(Object.fromEntries(attrKeys.map((k) => [k, null])));
  });

  test('property values reach nested parameters converted the way Heat passes them', () => {
    // A list for a comma_delimited_list parameter arrives as one comma-joined string.
    const services = child(base.root, 'ControllerServiceChain').parameters.find((p) => p.def.name === 'Services')!;
    expect(services.def.type).toBe('comma_delimited_list');
    expect(services.userValue).toBe((defaults.ControllerServices as string[]).join(','));
    expect(services.value).toEqual(defaults.ControllerServices);
    const all: StackNode['parameters'] = [];
    const collect = (n: StackNode) => {
      all.push(...n.parameters);
      n.children.forEach(collect);
    };
    collect(base.root);
    const passed = (type: string) => all.filter((p) => p.def.type === type && p.userValue !== undefined).map((p) => p.userValue);
    expect(passed('comma_delimited_list').every((v) => typeof v === 'string')).toBe(true);
    // A list for a json parameter arrives as its JSON text (Python separators), a mapping as it is.
    const jsonTexts = passed('json').filter((v) => typeof v === 'string') as string[];
    expect(jsonTexts.length).toBeGreaterThan(0);
    for (const t of jsonTexts) expect(Array.isArray(JSON.parse(t))).toBe(true);
    expect(jsonTexts.some((t) => t.includes('", "') || t.includes('": '))).toBe(true);
    expect(passed('number').every((v) => typeof v === 'number')).toBe(true);
  });

  test('an environment that maps services to templates or to OS::Heat::None changes the tree', () => {
    const w = walkStacks({ tree, env: loadEnvironments(tree, [REGISTRY, 'envs/swap.yaml']) });
    const chain = controllerChain(w.root);
    expect(chain.children.map((c) => [c.name, c.type, c.file])).toEqual([
      ['0', 'OS::TripleO::Services::Aide', 'deployment/aide/aide-baremetal-ansible.yaml'],
      ['2', 'OS::TripleO::Services::NovaApi', registry['OS::TripleO::Services::NovaApi']],
    ]);
  });

  test('parameter values follow Heat precedence: passed property, then parameter_defaults, then default', () => {
    const w = walkStacks({ tree, env: loadEnvironments(tree, [REGISTRY, 'envs/swap.yaml']) });
    const nova = controllerChain(w.root).children.find((c) => c.type === 'OS::TripleO::Services::NovaApi')!;
    const param = (n: StackNode, name: string) => n.parameters.find((p) => p.def.name === name)!;
    // Passed by the chain's resource_properties: RoleName.
    expect(param(nova, 'RoleName')).toMatchObject({ userValue: 'Controller', value: 'Controller' });
    // Not passed, set in parameter_defaults.
    expect(param(nova, 'NovaWorkers')).toMatchObject({ userDefault: 3, value: 3 });
    // Neither: the template default.
    const tmplDefault = nova.template!.parameters.get('NovaApiPolicies')!.default;
    expect(param(nova, 'NovaApiPolicies').value).toEqual(tmplDefault);
    expect(param(nova, 'NovaApiPolicies').userDefault).toBeUndefined();
  });

  test('resources whose condition is false are left out', () => {
    const t = treeWith({
      'c.yaml': [
        'heat_template_version: rocky',
        'parameters:',
        '  Enable: {type: boolean, default: false}',
        '  Mode: {type: string, default: a}',
        'conditions:',
        '  enabled: {get_param: Enable}',
        '  mode_b: {equals: [{get_param: Mode}, b]}',
        '  either: {or: [enabled, mode_b]}',
        '  neither: {not: either}',
        'resources:',
        '  A: {type: OS::TripleO::Services::Aide, condition: enabled}',
        '  B: {type: OS::TripleO::Services::Aide, condition: either}',
        '  C: {type: OS::TripleO::Services::Aide, condition: neither}',
        '  D: {type: OS::TripleO::Services::Aide, condition: {contains: [b, [a, {get_param: Mode}]]}}',
      ].join('\n'),
      'reg.yaml': 'resource_registry:\n  OS::TripleO::Services::Aide: deployment/aide/aide-baremetal-ansible.yaml\n',
      'mode-b.yaml': 'parameter_defaults: {Mode: b}\n',
    });
    const modeA = walkStacks({ tree: t, env: loadEnvironments(t, ['reg.yaml']), root: 'c.yaml' });
    expect(modeA.root.children.map((c) => c.name)).toEqual(['C']);
    const modeB = walkStacks({ tree: t, env: loadEnvironments(t, ['reg.yaml', 'mode-b.yaml']), root: 'c.yaml' });
    expect(modeB.root.children.map((c) => c.name)).toEqual(['B', 'D']);
  });

  test('a registry entry pointing at a missing file is a walk problem with its position', () => {
    const t = treeWith({ 'm.yaml': 'resource_registry:\n  OS::TripleO::Services::Aide: missing/aide.yaml\n' });
    const w = walkStacks({ tree: t, env: loadEnvironments(t, [REGISTRY, 'm.yaml']) });
    const missing = w.problems.filter((p) => p.message.includes('missing/aide.yaml'));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing[0]!.file).toBe('common/services/controller-role.yaml');
  });
});
