/**
 * The deployment object (issue 9) on THT master's Compute role: which
 * services are deployed and which are OS::Heat::None, and where the value of
 * NovaLibvirtRxQueueSize comes from. Every expectation is read from the YAML
 * files themselves (the roles file, the rendered registry, the template, the
 * environment written here), never typed in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDeployment, refPosition, type Deployment, type ParameterValue } from '../src/heat/deployment.js';
import { DeployedValues } from '../src/heat/deployed-values.js';
import { previewRole } from '../src/preview/model.js';
import { Positions } from '../src/preview/positions.js';
import { renderTree } from '../src/render/index.js';
import type { RenderResult } from '../src/render/types.js';
import { tempDir } from './helpers/cli.js';

const THT = 'test/fixtures/tht-master';
const ROLES = join(THT, 'roles_data.yaml');
const PARAM = 'NovaLibvirtRxQueueSize';
const TEMPLATE = 'deployment/nova/nova-compute-container-puppet.yaml';

let render: RenderResult;
beforeAll(async () => {
  render = await renderTree({ templatesDir: THT });
});

const compute = (environments: string[] = []): Deployment => buildDeployment({ render, rolesFile: ROLES, environments, roles: ['Compute'] });

/** The one value of the parameter in Compute's stacks. */
function rxQueueSize(d: Deployment): ParameterValue {
  const found = d.roles[0]!.parameters.filter((p) => p.name === PARAM);
  expect(found.map((p) => p.template)).toEqual([TEMPLATE]);
  return found[0]!;
}

/** 1-based line of the first line at or after `from` that starts (after indentation) with `key:`. */
function lineOfKey(text: string, key: string, from = 0): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l, n) => n >= from && l.trimStart().startsWith(`${key}:`));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

function envFile(text: string): string {
  const file = join(tempDir('tht-deployment-'), 'env.yaml');
  writeFileSync(file, text);
  return file;
}

describe('the deployment object for Compute on THT master', () => {
  it('deploys each listed service its registry maps to a template and disables those mapped to OS::Heat::None', () => {
    const d = compute();
    const rendered = new Map(render.files.map((f) => [f.path, f.content]));
    const registryText = rendered.get('overcloud-resource-registry-puppet.yaml')!;
    // The registry's service lines are `  OS::TripleO::Services::X: value` on one line each.
    const mapped = new Map<string, string>();
    for (const m of registryText.matchAll(/^ {2}(OS::TripleO::Services::\S+): *(\S+)\s*$/gm)) mapped.set(m[1]!, m[2]!);
    const rolesText = readFileSync(ROLES, 'utf8');
    const start = rolesText.split('\n').findIndex((l) => l === '- name: Compute');
    const listed: string[] = [];
    const lines = rolesText.split('\n');
    let i = lines.findIndex((l, n) => n > start && l.trim() === 'ServicesDefault:') + 1;
    for (; lines[i]!.trimStart().startsWith('- OS::'); i++) listed.push(lines[i]!.trim().slice(2));
    expect(listed.length).toBeGreaterThan(20);

    const services = d.roles[0]!.services;
    expect(services.map((s) => s.type)).toEqual(listed);
    const expected = listed.map((type) => {
      let value = mapped.get(type);
      // An alias (Timesync -> Chrony) is followed to what it names.
      while (value !== undefined && value !== 'OS::Heat::None' && value.includes('::')) value = mapped.get(value);
      if (value === 'OS::Heat::None') return { type, status: 'disabled' };
      return { type, status: 'deployed', template: posix.normalize(value!) };
    });
    expect(services.map((s) => ({ type: s.type, status: s.status, ...(s.template ? { template: s.template } : {}) }))).toEqual(expected);
    expect(expected.filter((s) => s.status === 'disabled').length).toBeGreaterThan(0);
    expect(expected.filter((s) => s.status === 'deployed').length).toBeGreaterThan(0);
  });

  it('NovaLibvirtRxQueueSize without an environment: the template default, at its line', () => {
    const d = compute();
    const p = rxQueueSize(d);
    const text = readFileSync(join(THT, TEMPLATE), 'utf8');
    const declared = lineOfKey(text, PARAM);
    const defaultLine = lineOfKey(text, 'default', declared);
    const written = text.split('\n')[defaultLine - 1]!.split(':')[1]!.trim();
    expect(p.value).toBe(Number(written));
    expect(p.source.kind).toBe('default');
    expect(p.source.kind !== 'none' && refPosition(d.tree, p.source.at)).toMatchObject({ file: TEMPLATE, line: defaultLine });
  });

  it('with a global parameter_defaults value, then with a ComputeParameters override: value, file and line', () => {
    const globalValue = 1000 + Math.floor(Math.random() * 1000);
    const global = envFile(`parameter_defaults:\n  # a comment moves the line\n\n  ${PARAM}: ${globalValue}\n`);
    let d = compute([global]);
    let p = rxQueueSize(d);
    expect(p.value).toBe(globalValue);
    expect(p.source.kind).toBe('parameter_defaults');
    expect(p.source.kind !== 'none' && refPosition(d.tree, p.source.at)).toMatchObject({
      file: d.tree.keyForFsPath(global),
      line: lineOfKey(readFileSync(global, 'utf8'), PARAM),
    });

    const roleValue = globalValue + 1;
    const both = envFile(`parameter_defaults:\n  ${PARAM}: ${globalValue}\n  ComputeParameters:\n    TunedCustomProfile: x\n    ${PARAM}: ${roleValue}\n`);
    d = compute([both]);
    p = rxQueueSize(d);
    const bothText = readFileSync(both, 'utf8');
    expect(p.value).toBe(roleValue);
    expect(p.source).toMatchObject({ kind: 'role_parameters', via: 'RoleParameters' });
    expect(p.source.kind !== 'none' && refPosition(d.tree, p.source.at)).toMatchObject({
      file: d.tree.keyForFsPath(both),
      line: lineOfKey(bothText, PARAM, lineOfKey(bothText, 'ComputeParameters')),
    });
  });
});

describe("a service's role_data sections", () => {
  const TYPE = 'OS::TripleO::Services::Kernel';
  /** An environment mapping Kernel (every role runs it) to a template written here, with Flag set or not. */
  function probe(flag: boolean): string {
    const dir = tempDir('tht-role-data-');
    writeFileSync(
      join(dir, 'probe.yaml'),
      [
        'heat_template_version: wallaby',
        'parameters:',
        '  ServiceData: {default: {}, type: json}',
        '  ServiceNetMap: {default: {}, type: json}',
        '  EndpointMap: {default: {}, type: json}',
        "  RoleName: {default: '', type: string}",
        '  RoleParameters: {default: {}, type: json}',
        '  ProbeFlag: {default: false, type: boolean}',
        'conditions:',
        '  flag: {get_param: ProbeFlag}',
        'outputs:',
        '  role_data:',
        '    value:',
        '      service_name: probe',
        '      left_out: {if: [flag, {a: 1}]}',
        '      kept: {if: [flag, {a: 1}, {b: 2}]}',
        '      docker_config: {step_1: {probe: {image: {get_param: RoleName}}}}',
        '      global_config_settings: {probe::role: {get_param: RoleName}}',
        '      upgrade_tasks: [{name: probe upgrade, when: step|int == 1}]',
        '      deploy_steps_tasks: [{name: probe deploy, when: step|int == 2}]',
      ].join('\n'),
    );
    const file = join(dir, 'env.yaml');
    writeFileSync(file, `resource_registry:\n  ${TYPE}: probe.yaml\nparameter_defaults:\n  ProbeFlag: ${flag}\n`);
    return file;
  }

  it('are evaluated when first read; only one an if leaves out is missing', () => {
    const kernel = (d: Deployment) => d.roles[0]!.services.find((s) => s.type === TYPE)!;
    const evaluated = vi.spyOn(DeployedValues.prototype, 'value');
    try {
      const s = kernel(compute([probe(false)]));
      expect(Object.keys(s.roleData!)).toEqual(['service_name', 'kept', 'docker_config', 'global_config_settings', 'upgrade_tasks', 'deploy_steps_tasks']);
      const docker = (s.stack!.template!.outputs.get('role_data')!.value as Record<string, unknown>).docker_config;
      const calls = () => evaluated.mock.calls.filter(([v]) => v === docker).length;
      expect(calls()).toBe(0);
      expect(s.roleData!.docker_config).toEqual({ step_1: { probe: { image: 'Compute' } } });
      expect(s.roleData!.docker_config).toEqual({ step_1: { probe: { image: 'Compute' } } });
      expect(calls()).toBe(1);
      expect(s.roleData!.kept).toEqual({ b: 2 });
      expect(s.roleDataLost?.docker_config ?? []).toEqual([]);
    } finally {
      evaluated.mockRestore();
    }
    const on = kernel(compute([probe(true)]));
    expect(Object.keys(on.roleData!)).toEqual(['service_name', 'left_out', 'kept', 'docker_config', 'global_config_settings', 'upgrade_tasks', 'deploy_steps_tasks']);
    expect([on.roleData!.left_out, on.roleData!.kept]).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('--section: the preview evaluates that task section only', () => {
    const d = compute([probe(false)]);
    const role = d.roles[0]!;
    const written = (role.services.find((s) => s.type === TYPE)!.stack!.template!.outputs.get('role_data')!.value as Record<string, unknown>);
    const evaluated = vi.spyOn(DeployedValues.prototype, 'value');
    try {
      const p = previewRole(d, role, new Positions(d.tree, THT), { section: 'upgrade_tasks' });
      expect(p.tasks.map((t) => t.section)).toEqual(['upgrade_tasks']);
      expect(p.tasks[0]!.tasks.filter((t) => t.service === 'Kernel')).toMatchObject([{ name: 'probe upgrade', steps: [1] }]);
      expect(p.sections.map((s) => s.section)).toEqual(['upgrade_tasks']);
      const sections = (v: unknown) => Object.keys(written).filter((k) => written[k] === v);
      expect(evaluated.mock.calls.flatMap(([v]) => sections(v))).not.toContain('deploy_steps_tasks');
      expect(evaluated.mock.calls.flatMap(([v]) => sections(v))).toContain('upgrade_tasks');
    } finally {
      evaluated.mockRestore();
    }
  });

  it("reach the other roles: every role's global_config_settings, evaluated in that role's stacks", () => {
    const d = compute([probe(false)]);
    const probes = d.crossRole.filter((c) => c.service === TYPE);
    // Every role runs Kernel: each sets the key, to its own name.
    expect(probes.map((c) => [c.role, c.global_config_settings])).toEqual(d.roleNames.map((r) => [r, { 'probe::role': r }]));
  });
});
