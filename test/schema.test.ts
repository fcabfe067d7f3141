import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { environmentFiles } from '../src/schema/environments.js';
import { flatten, resourceId } from '../src/schema/flat.js';
import { heatValidateResult, type HeatNested } from '../src/schema/heat-format.js';
import { buildJsonSchema, compileJsonSchema, type JsonSchema } from '../src/schema/json-schema.js';
import { buildSchemaModel, narrowToRole } from '../src/schema/model.js';
import { YamlFile } from '../src/yaml/file.js';
import { renderFixture, THT } from './helpers/rendered.js';

const render = await renderFixture('default');
const model = buildSchemaModel(render);
const validate = heatValidateResult(model.walk.root, model.env);

const tmp = mkdtempSync(join(tmpdir(), 'tht-schema-'));
function envFile(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** A template's raw parameters, read independently of src/heat. */
function rawParameters(file: string): Record<string, Record<string, unknown>> {
  const text = render.files.find((f) => f.path === file)?.content ?? readFileSync(join(THT, file), 'utf8');
  return (new YamlFile(file, text).value as { parameters: Record<string, Record<string, unknown>> }).parameters;
}

const nestedAt = (...names: string[]): HeatNested => {
  let n: { NestedParameters?: Record<string, HeatNested> } = validate;
  for (const name of names) n = n.NestedParameters![name]!;
  return n as HeatNested;
};
const computeChainMember = (type: string): HeatNested =>
  Object.values(nestedAt('ComputeServiceChain', 'ServiceChain').NestedParameters!).find((n) => n.Type === type)!;

describe('heat format', () => {
  test('has the shape of Heat template-validate with nested stacks', () => {
    expect(Object.keys(validate)).toEqual(['Description', 'Parameters', 'ParameterGroups', 'NestedParameters', 'Environment'].filter((k) => k in validate));
    expect(validate.Description).toBe(model.tree.template('overcloud.yaml').description);
    expect(Object.keys(validate.Environment)).toEqual(['parameters', 'parameter_defaults', 'resource_registry', 'event_sinks']);
    const chain = nestedAt('ControllerServiceChain');
    expect(chain.Type).toBe('OS::TripleO::ControllerServices');
    expect(nestedAt('ControllerServiceChain', 'ServiceChain').Type).toBe('OS::Heat::ResourceChain');
    expect(Object.keys(nestedAt('Controller').NestedParameters!)).toEqual(['0']);
    expect(nestedAt('Controller', '0').Type).toBe('OS::TripleO::Controller');
  });

  test('parameters match the templates that declare them', () => {
    const nova = computeChainMember('OS::TripleO::Services::NovaCompute');
    const raw = rawParameters('deployment/nova/nova-compute-container-puppet.yaml');
    expect(Object.keys(nova.Parameters)).toEqual(Object.keys(raw));
    const heatType = { string: 'String', number: 'Number', comma_delimited_list: 'CommaDelimitedList', json: 'Json', boolean: 'Boolean' };
    for (const [name, def] of Object.entries(raw)) {
      const p = nova.Parameters[name]!;
      expect(p.Type).toBe(heatType[def.type as keyof typeof heatType]);
      expect(p.Label).toBe(name);
      expect(p.NoEcho).toBe(def.hidden === true ? 'true' : 'false');
      expect(p.Description).toBe(def.description ?? '');
      if (def.tags) expect(p.Tags).toEqual(def.tags);
      else expect(p).not.toHaveProperty('Tags');
    }
    expect(nova.Parameters.NovaLibvirtRxQueueSize).toMatchObject({ Default: 512, AllowedValues: [256, 512, 1024], Tags: ['role_specific'] });
    expect(nova.Parameters.NovaComputeImageCacheManagerInterval).toMatchObject({ MinValue: -1 });
    expect(nova.Parameters.NovaComputeImageCacheManagerInterval).not.toHaveProperty('MaxValue');
    const keystone = Object.values(nestedAt('ControllerServiceChain', 'ServiceChain').NestedParameters!).find(
      (n) => n.Type === 'OS::TripleO::Services::Keystone',
    )!;
    expect(keystone.Parameters.AdminPassword).toMatchObject({ NoEcho: 'true', Type: 'String' });
    expect(keystone.Parameters.AdminPassword).not.toHaveProperty('Default');
  });

  test('values passed by the parent show as Value, parameter_defaults as Default', () => {
    const nova = computeChainMember('OS::TripleO::Services::NovaCompute');
    expect(nova.Parameters.RoleName).toMatchObject({ Value: 'Compute' });
    // ComputeServices has no template default; the rendered registry's parameter_defaults gives it one.
    expect(validate.Parameters.ComputeServices!.Default).toEqual(model.env.parameterDefaults.ComputeServices);
    const env = envFile('defaults.yaml', 'parameter_defaults:\n  NovaLibvirtRxQueueSize: 1024\nparameters:\n  ControllerCount: 3\n');
    const m = buildSchemaModel(render, [env]);
    const v = heatValidateResult(m.walk.root, m.env);
    expect(v.Parameters.ControllerCount).toMatchObject({ Value: 3 });
    const chain = v.NestedParameters!.ComputeServiceChain!.NestedParameters!.ServiceChain!.NestedParameters!;
    const novaWithEnv = Object.values(chain).find((n) => n.Type === 'OS::TripleO::Services::NovaCompute')!;
    expect(novaWithEnv.Parameters.NovaLibvirtRxQueueSize).toMatchObject({ Default: 1024 });
    expect(v.Environment.parameter_defaults).toMatchObject({ NovaLibvirtRxQueueSize: 1024 });
    expect(v.Environment.parameters).toEqual({ ControllerCount: 3 });
  });
});

describe('flat format', () => {
  const flat = flatten(validate, model.env.parameterDefaults);
  const resources = Object.values(flat.heat_resource_tree.resources);

  test('is the tree the TripleO UI reads, with a Root and role resources', () => {
    const root = resources.find((r) => r.name === 'Root')!;
    expect(root).not.toHaveProperty('type');
    expect(root.parameters).toEqual(Object.keys(validate.Parameters));
    expect(root.resources!.map((id) => flat.heat_resource_tree.resources[id]!.name)).toEqual(Object.keys(validate.NestedParameters!));
    expect(resources.filter((r) => r.type === 'OS::TripleO::Controller').map((r) => r.name)).toEqual(['0']);
    expect(flat.environment_parameters).toBe(model.env.parameterDefaults);
  });

  test('parameters are keyed by name, first definition wins, keys camel-cased like tripleo-common', () => {
    const p = flat.heat_resource_tree.parameters;
    expect(p.ServiceNetMap).toMatchObject({ name: 'ServiceNetMap', type: 'Json', noEcho: 'false', label: 'ServiceNetMap' });
    expect(validate.Parameters).not.toHaveProperty('ServiceNetMap');
    expect(p.NovaLibvirtRxQueueSize).toMatchObject({ allowedValues: [256, 512, 1024], tags: ['role_specific'] });
    // Root parameters come first: overcloud.yaml's own definition of CloudDomain, not a role template's.
    expect(p.CloudDomain!.description).toBe(validate.Parameters.CloudDomain!.Description);
    for (const [name, param] of Object.entries(validate.Parameters)) expect(p[name]!.description).toBe(param.Description);
  });

  test('resource ids are derived from the resource path, the same on every run', () => {
    const again = flatten(heatValidateResult(buildSchemaModel(render).walk.root, model.env), model.env.parameterDefaults);
    expect(Object.keys(again.heat_resource_tree.resources)).toEqual(Object.keys(flat.heat_resource_tree.resources));
    const controller0 = resources.find((r) => r.type === 'OS::TripleO::Controller')!;
    expect(controller0.id).toBe(resourceId(['Controller', '0']));
    expect(controller0.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
  });
});

describe('json-schema format', () => {
  const schema = buildJsonSchema(model);
  const props = schema.properties as Record<string, JsonSchema>;
  const check = compileJsonSchema(schema);

  test('compiles with ajv in strict mode and carries the constraints and annotations', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(props.NovaLibvirtRxQueueSize).toMatchObject({ enum: [256, 512, 1024, '256', '512', '1024'], default: 512, 'x-tht-roles': ['Compute'] });
    expect(props.NovaLibvirtRxQueueSize!['x-tht-templates']).toEqual(['deployment/nova/nova-compute-container-puppet.yaml']);
    expect(props.AdminPassword).toMatchObject({ writeOnly: true });
    expect(props.ServiceNetMapDeprecatedMapping).toMatchObject({ deprecated: true });
    expect(props.NovaComputeImageCacheManagerInterval).toMatchObject({ minimum: -1 });
    expect(props.BondInterfaceOvsOptions).toMatchObject({ pattern: '^(?:^((?!balance.tcp).)*$)$' });
    const computeParams = props.ComputeParameters!;
    expect(computeParams).toMatchObject({ type: 'object', additionalProperties: false, 'x-tht-role': 'Compute' });
    expect((computeParams.properties as Record<string, unknown>).NovaLibvirtRxQueueSize).toEqual({ $ref: '#/properties/NovaLibvirtRxQueueSize' });
    // Every role_specific parameter, and only those.
    const roleSpecific = Object.keys(props).filter((n) => props[n]!['x-tht-role-specific'] === true);
    expect(Object.keys(computeParams.properties as object)).toEqual(roleSpecific);
    expect(roleSpecific.length).toBeGreaterThan(50);
  });

  test('accepts the parameter values of THT environments that match their templates, rejects wrong ones', () => {
    let checked = 0;
    const rejected: string[] = [];
    for (const file of environmentFiles(model.tree)) {
      const v = model.tree.yaml(file).value as { parameter_defaults?: Record<string, unknown> } | null;
      for (const [name, value] of Object.entries(v?.parameter_defaults ?? {})) {
        if (!(name in props) || value === null) continue;
        checked++;
        // Keep the per-role keys that this tree knows (an environment may enable the service that declares one).
        const known = props[name]!['x-tht-role'] === undefined ? value : Object.fromEntries(Object.entries(value as object).filter(([k]) => k in props));
        if (!check({ [name]: known })) rejected.push(`${file}: ${name}: ${JSON.stringify(check.errors![0])}`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(rejected).toEqual([]);
    expect(check({ NovaLibvirtRxQueueSize: 300 })).toBe(false);
    expect(check({ NovaWorkers: 'many' })).toBe(false);
    expect(check({ ComputeParameters: { KeystoneWorkers: 2 } })).toBe(false);
    expect(check({ NoSuchParameter: 1 })).toBe(false);
    expect(check({ ComputeParameters: { NovaLibvirtRxQueueSize: '1024' }, EnablePackageInstall: 'yes', NovaWorkers: '4' })).toBe(true);
  });

  test('an environment that enables services is accepted whole by the schema of the tree it makes', () => {
    const file = join(THT, 'environments/neutron-ovs-dvr.yaml');
    const m = buildSchemaModel(render, [file]);
    const values = (new YamlFile(file, readFileSync(file, 'utf8')).value as { parameter_defaults: Record<string, unknown> }).parameter_defaults;
    expect(values.ComputeParameters).toHaveProperty('NeutronL3AgentMode');
    const checkDvr = compileJsonSchema(buildJsonSchema(m));
    expect(checkDvr(values), JSON.stringify(checkDvr.errors)).toBe(true);
  });

  test('--role narrows the tree to that role', () => {
    const compute = narrowToRole(model, 'Compute');
    expect(compute.children.length).toBeGreaterThan(0);
    expect(compute.children.every((c) => c.name.startsWith('Compute'))).toBe(true);
    expect(compute.parameters.map((p) => p.def.name)).toContain('ComputeCount');
    expect(compute.parameters.map((p) => p.def.name)).not.toContain('ControllerCount');
    const s = buildJsonSchema(model, compute).properties as Record<string, unknown>;
    expect(s).toHaveProperty('NovaLibvirtRxQueueSize');
    expect(s).not.toHaveProperty('KeystoneWorkers');
    expect(() => narrowToRole(model, 'Nope')).toThrow(/unknown role "Nope"/);
  });
});

describe('numbers as Heat writes them', () => {
  test('every format prints a float default with its fraction, as Heat\'s JSON does (NovaRAMAllocationRatio: 1.0)', async () => {
    const { runCli, tempDir } = await import('./helpers/cli.js');
    const expected = { heat: /"NovaRAMAllocationRatio": \{[^}]*"Default": 1\.0,/, flat: /"name": "NovaRAMAllocationRatio",[^}]*"default": 1\.0,/, 'json-schema': /"NovaRAMAllocationRatio": \{[^}]*"default": 1\.0,/ };
    for (const [format, pattern] of Object.entries(expected)) {
      const out = join(tempDir(), `${format}.json`);
      expect((await runCli('schema', '-p', THT, '--role', 'Compute', '-f', format, '-o', out)).code).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text, format).toMatch(pattern);
      expect(text, format).toMatch(/"NovaCPUAllocationRatio": \{[^}]*"[dD]efault": 0\.0,|"name": "NovaCPUAllocationRatio",[^}]*"default": 0\.0,/);
    }
  });
});
