/**
 * tht preview and tht explain on THT master (the fixture tree), checked
 * against the schema walk, the positioned YAML parse, and the reference
 * fixtures of tools/preview (render-ansible-tasks.py's output and
 * tripleo-common's step rule).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { explain, preview } from '../src/index.js';
import type { PreviewResult } from '../src/api/preview.js';
import type { PreviewParameter, RolePreview } from '../src/preview/model.js';
import { renderTree } from '../src/render/index.js';
import { buildSchemaModel } from '../src/schema/model.js';
import type { StackNode } from '../src/heat/stack.js';
import { YamlFile } from '../src/yaml/file.js';
import { formatFinding } from '../src/load/finding.js';
import { displayPath } from '../src/load/paths.js';
import { jsonData } from '../src/yaml/json.js';
import { LIFECYCLE_SECTIONS, stepFiles } from '../src/preview/tasks.js';
import { runCli, tempDir } from './helpers/cli.js';

const THT = 'test/fixtures/tht-master';
const FIXTURES = 'test/fixtures/preview';
const ALL_ROLES = 'test/fixtures/roles_data_all.yaml';
const SERVICES = 'OS::TripleO::Services::';

const facts = JSON.parse(readFileSync(join(FIXTURES, 'role-data-facts.json'), 'utf8')) as {
  when_forms: Array<{ when: unknown; steps: number[] }>;
  hiera_clashes_default_roles: Record<string, Array<{ key: string; setters: Array<{ service: string }> }>>;
  role_specific_parameters: { tagged_but_never_read_from_RoleParameters: string[] };
};

/** `line:column` of a YAML key in a file. */
function keyAt(file: string, path: (string | number)[], text = readFileSync(file, 'utf8')): string {
  const { line, column } = new YamlFile(file, text).position(path, { key: true });
  return `${line}:${column}`;
}

const yamlValue = (text: string): unknown => new YamlFile('x.yaml', text).value;

function env(text: string): string {
  const file = join(tempDir('tht-preview-'), 'env.yaml');
  writeFileSync(file, text);
  return file;
}

const param = (p: RolePreview, name: string): PreviewParameter => {
  const found = p.parameters.find((x) => x.name === name);
  if (!found) throw new Error(`no parameter ${name}`);
  return found;
};

/** The member types of a role's service chain that the schema walk turns into stacks, in order. */
async function walkedServices(roles: string[], rolesData?: string): Promise<Record<string, string[]>> {
  const render = await renderTree({ templatesDir: THT, ...(rolesData ? { rolesData: join(process.cwd(), rolesData) } : {}) });
  const model = buildSchemaModel(render);
  const out: Record<string, string[]> = {};
  for (const role of roles) {
    const chainRoot = model.walk.root.children.find((c) => c.name === `${role}ServiceChain`)!;
    const chain = chainRoot.children.find((c: StackNode) => c.kind === 'chain')!;
    out[role] = chain.children.map((c) => c.type!);
  }
  return out;
}

describe('tht preview on THT master', () => {
  let compute: PreviewResult;
  let controller: PreviewResult;
  let rendered: Map<string, string>;
  beforeAll(async () => {
    [compute, controller] = await Promise.all([preview({ templates: THT, role: 'Compute' }), preview({ templates: THT, role: 'Controller' })]);
    rendered = new Map((await renderTree({ templatesDir: THT })).files.map((f) => [f.path, f.content]));
  });
  const key = (r: PreviewResult, k: string) => r.preview.configuration.keys.find((x) => x.key === k)!;
  /** A template of the tree as YAML (a rendered one from the render), by the path the preview shows. */
  const templateYaml = (shown: string): Record<string, any> => {
    const rel = shown.slice(displayPath(THT).length + 1);
    return yamlValue(rendered.get(rel) ?? readFileSync(join(THT, rel), 'utf8')) as Record<string, any>;
  };

  it("deploys the services the schema walk finds in the role's chain, in chain order", async () => {
    const walked = await walkedServices(['Compute', 'Controller']);
    for (const [role, result] of [['Compute', compute], ['Controller', controller]] as const) {
      const deployed = result.preview.services.filter((s) => s.status === 'deployed').map((s) => s.type);
      expect(deployed).toEqual(walked[role]);
      // Everything else the role lists is OS::Heat::None on THT master: nothing is unmapped.
      const disabled = result.preview.services.filter((s) => s.status === 'disabled');
      expect(disabled.length + deployed.length).toBe(result.preview.services.length);
      expect(result.preview.problems).toEqual([]);
    }
    // The alias is followed, with both registry entries named.
    const timesync = compute.preview.services.find((s) => s.name === 'Timesync')!;
    expect(timesync.mappedBy.map((m) => m.value)).toEqual([`${SERVICES}Chrony`, 'deployment/timesync/chrony-baremetal-ansible.yaml']);
    const registry = 'overcloud-resource-registry-puppet.yaml';
    const rendered = (await renderTree({ templatesDir: THT })).files.find((f) => f.path === registry)!.content;
    expect(timesync.mappedBy[0]!.at).toBe(`${displayPath(join(THT, registry))}:${keyAt(registry, ['resource_registry', `${SERVICES}Timesync`], rendered)}`);
  });

  it('gives the role facts: count, hostname of node 0, networks with subnets, tags', () => {
    expect(compute.preview.role).toMatchObject({
      name: 'Compute',
      count: 1,
      hostnameFormat: '%stackname%-novacompute-%index%',
      node0: 'overcloud-novacompute-0',
      tags: ['compute', 'external_bridge'],
    });
    expect(compute.preview.role.networks).toEqual([
      { name: 'ctlplane', subnet: 'ctlplane-subnet' },
      { name: 'InternalApi', subnet: 'internal_api_subnet' },
      { name: 'Tenant', subnet: 'tenant_subnet' },
      { name: 'Storage', subnet: 'storage_subnet' },
    ]);
  });

  it('names the template default as the source of a parameter nothing sets, with its line', () => {
    const p = param(compute.preview, 'NovaLibvirtRxQueueSize');
    const file = join(THT, 'deployment/nova/nova-compute-container-puppet.yaml');
    expect(p.roleSpecific).toBe(true);
    expect(p.changed).toBe(false);
    expect(p.uses).toEqual([
      {
        value: 512,
        asWritten: false,
        source: { kind: 'default' },
        at: [`${displayPath(file)}:${keyAt(file, ['parameters', 'NovaLibvirtRxQueueSize', 'default'])}`],
        templates: [displayPath(file)],
      },
    ]);
  });

  it('names a global parameter_defaults value, then a ComputeParameters override that the template reads', async () => {
    const global = env('parameter_defaults:\n  NovaLibvirtRxQueueSize: 1024\n');
    const a = await preview({ templates: THT, role: 'Compute', environments: [global], param: 'NovaLibvirtRxQueueSize' });
    expect(a.preview.parameters.map((p) => p.uses.map((u) => [u.value, u.source.kind, u.at]))).toEqual([[[1024, 'parameter_defaults', [`${displayPath(global)}:2:3`]]]]);
    const both = env('parameter_defaults:\n  NovaLibvirtRxQueueSize: 1024\n  ComputeParameters:\n    NovaLibvirtRxQueueSize: 2048\n    TunedCustomProfile: x\n');
    const b = await preview({ templates: THT, role: 'Compute', environments: [both], changed: true });
    const rx = param(b.preview, 'NovaLibvirtRxQueueSize');
    expect(rx.uses).toMatchObject([{ value: 2048, source: { kind: 'role_parameters', via: 'RoleParameters' }, at: [`${displayPath(both)}:4:5`] }]);
    // Tagged role_specific, but no template reads it from RoleParameters: the override does nothing.
    expect(b.preview.parameters.some((p) => p.name === 'TunedCustomProfile')).toBe(false);
    expect(b.preview.parameters.every((p) => p.changed)).toBe(true);
  });

  it("takes the roles file's RoleParametersDefault only where a template reads it from RoleParameters", () => {
    const p = param(compute.preview, 'TunedProfileName');
    const rolesFile = join(THT, 'roles_data.yaml');
    const computeIndex = (yamlValue(readFileSync(rolesFile, 'utf8')) as Array<{ name: string }>).findIndex((r) => r.name === 'Compute');
    expect(p.uses).toEqual([
      {
        value: 'virtual-host',
        asWritten: false,
        source: { kind: 'role_parameters', via: 'RoleParametersDefault' },
        at: [`${displayPath(rolesFile)}:${keyAt(rolesFile, [computeIndex, 'RoleParametersDefault', 'TunedProfileName'])}`],
        templates: [displayPath(join(THT, 'deployment/kernel/kernel-boot-params-baremetal-ansible.yaml'))],
      },
      expect.objectContaining({ value: 'throughput-performance', source: { kind: 'default' }, templates: [displayPath(join(THT, 'deployment/tuned/tuned-baremetal-ansible.yaml'))] }),
    ]);
  });

  it('names the parent stack as the source of a passed parameter, and keeps what cannot be known offline as written', () => {
    const p = param(compute.preview, 'RoleName');
    expect(p.uses[0]).toMatchObject({ value: 'Compute', asWritten: false, source: { kind: 'parent' } });
    expect(p.uses[0]!.templates).toContain(displayPath(join(THT, 'deployment/nova/nova-compute-container-puppet.yaml')));
    const endpoints = param(compute.preview, 'EndpointMap');
    expect(endpoints.uses[0]).toMatchObject({ asWritten: true, value: { get_attr: ['EndpointMapData', 'value'] }, source: { kind: 'parent' } });
    // Below it, services get {get_param: EndpointMap} of a stack whose EndpointMap is unknown: unknown too, not the walk's {}.
    expect(endpoints.uses.filter((u) => u.source.kind === 'parent' && !u.asWritten)).toEqual([]);
    expect(endpoints.uses).toContainEqual(expect.objectContaining({ asWritten: true, value: { get_param: 'EndpointMap' } }));
  });

  it('evaluates role_data as Heat would, from the parameters: an if in a section and in a hiera value, a str_replace in a nested stack', async () => {
    const read = (file: string) => yamlValue(readFileSync(join(THT, file), 'utf8')) as Record<string, any>;
    const tls = env('parameter_defaults:\n  EnableInternalTLS: true\n  LibvirtLogLevel: 1\n');
    const withTls = await preview({ templates: THT, role: 'Compute', environments: [tls] });
    const hiera = (r: PreviewResult, key: string) => r.preview.configuration.keys.find((k) => k.key === key)?.value;

    // OVNMetadataAgent: metadata_protocol is `if: [internal_tls_enabled, a, b]`, the condition EnableInternalTLS == true (default false).
    const ovn = read('deployment/ovn/ovn-metadata-container-puppet.yaml');
    const written = JSON.stringify(ovn.outputs).match(/"neutron::agents::ovn_metadata::metadata_protocol":(\{"if":[^}]*\})/)![1]!;
    const [condition, whenTrue, whenFalse] = (JSON.parse(written) as { if: [string, string, string] }).if;
    expect(ovn.conditions[condition]).toEqual({ equals: [{ get_param: 'EnableInternalTLS' }, true] });
    expect(ovn.parameters.EnableInternalTLS.default).toBe(false);
    expect(hiera(compute, 'neutron::agents::ovn_metadata::metadata_protocol')).toBe(whenFalse);
    expect(hiera(withTls, 'neutron::agents::ovn_metadata::metadata_protocol')).toBe(whenTrue);

    // NovaLibvirt's deploy_steps_tasks hold `if: [use_tls_for_live_migration, [tasks], []]`: no tasks without TLS, those with it.
    const libvirt = read('deployment/nova/nova-libvirt-container-puppet.yaml');
    const items = (libvirt.outputs.role_data.value.deploy_steps_tasks.list_concat as unknown[]).flat() as Array<Record<string, any>>;
    const tlsItem = items.find((i) => Array.isArray(i.if) && i.if[0] === 'use_tls_for_live_migration')!;
    const tlsTasks = (tlsItem.if[1] as Array<{ name: string }>).map((t) => t.name);
    expect(tlsTasks.length).toBeGreaterThan(0);
    const libvirtTasks = (r: PreviewResult) => r.preview.tasks.find((t) => t.section === 'deploy_steps_tasks')!.tasks.filter((t) => t.service === 'NovaLibvirt').map((t) => t.name);
    for (const name of tlsTasks) {
      expect(libvirtTasks(compute)).not.toContain(name);
      expect(libvirtTasks(withTls)).toContain(name);
    }
    for (const r of [compute, withTls]) expect(r.preview.tasks.flatMap((t) => t.unevaluated).filter((u) => u.service === 'NovaLibvirt')).toEqual([]);

    // A str_replace in the nested logging stack NovaLibvirt's role_data reads through get_attr.
    const logging = read('deployment/logging/files/nova-libvirt.yaml');
    const replace = logging.outputs.config_settings.value['nova::compute::libvirt::log_outputs'].str_replace as { template: string; params: Record<string, { get_param: string }> };
    const [[placeholder, { get_param: level }]] = Object.entries(replace.params) as [[string, { get_param: string }]];
    const expected = (v: unknown) => replace.template.split(placeholder).join(String(v));
    expect(hiera(compute, 'nova::compute::libvirt::log_outputs')).toBe(expected(logging.parameters[level].default));
    expect(hiera(withTls, 'nova::compute::libvirt::log_outputs')).toBe(expected(1));

    // What needs a server or a port stays as written: EndpointMap's hosts are the VIPs' addresses.
    expect(hiera(compute, 'nova::keystone::authtoken::auth_url')).toEqual({ get_param: ['EndpointMap', 'KeystoneInternal', 'uri_no_suffix'] });
  });

  it("gives a parameter passed a Value's get_attr its value: ServiceNames, the deployed services' service_name", () => {
    const names = compute.preview.services
      .filter((s) => s.status === 'deployed')
      .map((s) => templateYaml(s.template!).outputs.role_data.value.service_name);
    expect(names.length).toBe(20);
    const p = param(compute.preview, 'ServiceNames');
    expect(p.uses.map((u) => [u.asWritten, u.source.kind])).toEqual([[false, 'parent']]);
    expect(p.uses[0]!.value).toEqual(names);
  });

  it("puts the role aggregation's own tasks where it puts them: the firewall task before host_prep_tasks", () => {
    const aggregation = yamlValue(readFileSync(join(THT, 'common/services/role.role.j2.yaml'), 'utf8')) as Record<string, any>;
    const [own, services] = aggregation.outputs.role_data.value.host_prep_tasks.list_concat as [Array<{ name: string }>, unknown];
    expect(services).toEqual({ get_attr: ['HostPrepTasks', 'value'] });
    for (const result of [compute, controller]) {
      const section = result.preview.tasks.find((t) => t.section === 'host_prep_tasks')!;
      expect(section.tasks.slice(0, own.length).map((t) => [t.service, t.name])).toEqual(own.map((t) => ['(role)', t.name]));
      expect(section.tasks.slice(own.length).every((t) => t.service !== '(role)')).toBe(true);
    }
  });

  it("lists container_puppet_tasks by step, as the deployed services' templates set them", () => {
    const expected: string[] = [];
    for (const s of controller.preview.services.filter((x) => x.status === 'deployed')) {
      const t = templateYaml(s.template!);
      const value = t.outputs?.role_data?.value?.container_puppet_tasks as Record<string, { config_volume: string }> | undefined;
      for (const [key, entry] of Object.entries(value ?? {})) expected.push(`${key.slice('step_'.length)} ${s.name} ${entry.config_volume}`);
    }
    expect(expected.length).toBeGreaterThan(1);
    const section = controller.preview.tasks.find((t) => t.section === 'container_puppet_tasks')!;
    expect(section.shape).toBe('by_step');
    expect(section.tasks.map((t) => `${t.steps!.join(',')} ${t.service} ${t.name}`)).toEqual(expected);
  });

  it("names every role_data section of the role's services, and the ones the role aggregation does not read", () => {
    const text = readFileSync(join(THT, 'common/services/role.role.j2.yaml'), 'utf8');
    const keys = new Set<string>();
    for (const s of controller.preview.services.filter((x) => x.status === 'deployed')) {
      const value = templateYaml(s.template!).outputs.role_data.value;
      if (!('map_merge' in value)) for (const k of Object.keys(value)) keys.add(k);
    }
    expect(controller.preview.sections.map((x) => x.section)).toEqual(expect.arrayContaining([...keys]));
    for (const x of controller.preview.sections) {
      // The aggregation reads a section by name in its yaql or with get_attr: [ServiceChain, role_data, <section>].
      expect(x.aggregated, x.section).toBe(text.includes(`'${x.section}'`) || text.includes(`role_data, ${x.section}]`));
    }
    expect(controller.preview.sections.find((x) => x.section === 'host_prep_config')).toMatchObject({ services: ['Sshd'], aggregated: false, passedWholeTo: [{ resource: 'ServiceServerMetadataHook', none: true }] });
  });

  it('layers hiera as the hierarchy does: service_configs, then ExtraConfig, then <Role>ExtraConfig, and NodeDataLookup per node', async () => {
    // The hierarchy as overcloud.j2.yaml writes hieradata_files.
    const text = readFileSync(join(THT, 'overcloud.j2.yaml'), 'utf8');
    const block = text.slice(text.indexOf('hieradata_files:')).split('\n').slice(1);
    const items = block.slice(0, block.findIndex((l) => !/^\s+(- |#)/.test(l))).filter((l) => /^\s+- /.test(l));
    const files = items.map((l) => yamlValue(l.trim().replace(/^- /, '').replace(/\s+#.*$/, '')) as string);
    expect(compute.preview.configuration.hierarchy).toEqual(files);
    expect(files.indexOf('role_extraconfig')).toBeLessThan(files.indexOf('extraconfig'));
    expect(files.indexOf('extraconfig')).toBeLessThan(files.indexOf('service_configs'));

    const layers = env(
      'parameter_defaults:\n  ExtraConfig:\n    nova::my_ip: from-extraconfig\n    tht::test::global: 1\n  ComputeExtraConfig:\n    nova::my_ip: from-role\n  NodeDataLookup:\n    NODE-A: {nova::my_ip: from-node}\n',
    );
    const perNode = env(`resource_registry:\n  OS::TripleO::ComputeExtraConfigPre: ${join(process.cwd(), THT, 'puppet/extraconfig/pre_deploy/per_node.yaml')}\n`);
    const a = await preview({ templates: THT, role: 'Compute', environments: [layers] });
    const myIp = key(a, 'nova::my_ip');
    expect(myIp).toMatchObject({ value: 'from-role', layer: 'role_extraconfig', overridden: true, conflict: false });
    expect(myIp.setters.map((x) => [x.layer, x.service])).toEqual([
      ['config_settings', 'NovaCompute'],
      ['config_settings', 'NovaLibvirt'],
      ['extraconfig', 'ExtraConfig'],
      ['role_extraconfig', 'ComputeExtraConfig'],
    ]);
    expect(key(a, 'tht::test::global')).toMatchObject({ value: 1, layer: 'extraconfig', overridden: false });
    expect(a.preview.configuration.overridden).toContain('nova::my_ip');
    // Heat drops a parameter_defaults no template declares: NodeDataLookup counts once per_node.yaml is deployed.
    expect(myIp.nodes).toBeUndefined();
    const b = await preview({ templates: THT, role: 'Compute', environments: [layers, perNode] });
    expect(key(b, 'nova::my_ip').nodes).toEqual([{ node: 'NODE-A', value: 'from-node' }]);
  });

  it("applies every role's global_config_settings, and service_config_settings to the roles that run the service", () => {
    // The global_config_settings Controller's services write as plain values.
    const globals = controller.preview.services.filter((x) => x.status === 'deployed').flatMap((x) => {
      const g = templateYaml(x.template!).outputs.role_data.value.global_config_settings as Record<string, unknown> | undefined;
      return Object.entries(g ?? {}).filter(([k, v]) => typeof v === 'string' && !k.includes('(')).map(([k, v]) => ({ service: x.name, k, v }));
    });
    expect(globals.length).toBeGreaterThan(0);
    for (const result of [compute, controller]) {
      for (const g of globals) expect(key(result, g.k), g.k).toMatchObject({ value: g.v, layer: 'global_config_settings', setters: expect.arrayContaining([expect.objectContaining({ service: g.service, role: 'Controller' })]) });
    }
    // Keystone sets mysql's hiera: on Controller, which runs mysql, not on Compute.
    const keystone = controller.preview.services.find((x) => x.name === 'Keystone')!;
    const mysql = templateYaml(keystone.template!).outputs.role_data.value.service_config_settings.mysql as Record<string, unknown>;
    const plain = Object.entries(mysql).filter(([, v]) => typeof v === 'string');
    expect(plain.length).toBeGreaterThan(1);
    for (const [k, v] of plain) {
      expect(key(controller, k), k).toMatchObject({ value: v, layer: 'service_config_settings' });
      expect(compute.preview.configuration.keys.some((x) => x.key === k)).toBe(false);
    }
  });

  it("files every task under the steps tripleo-common's _write_tasks_per_step gives its when", () => {
    const table = new Map(facts.when_forms.map((f) => [JSON.stringify(f.when ?? null), f.steps]));
    let checked = 0;
    for (const result of [compute, controller]) {
      for (const section of result.preview.tasks.filter((t) => t.shape === 'tasks')) {
        const range = LIFECYCLE_SECTIONS.find((s) => s.name === section.section)!.steps;
        for (const t of section.tasks) {
          const when = (t.task as { when?: unknown }).when ?? null;
          const expected = table.get(JSON.stringify(when));
          if (expected === undefined) continue;
          checked++;
          expect(stepFiles(t.task)).toEqual(expected);
          if (range) expect(t.steps).toEqual(range.filter((s) => expected.includes(s) || (t.everyStep && !expected.length)));
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("lists one service's upgrade tasks in the order config-download runs them (by step, then as written)", () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'render-ansible-tasks/Controller_upgrade_tasks.json'), 'utf8')) as {
      tasks: Array<{ service: string; name: string | null; when: unknown }>;
    };
    const table = new Map(facts.when_forms.map((f) => [JSON.stringify(f.when ?? null), f.steps]));
    const service = `${SERVICES}CinderVolume`;
    const written = fixture.tasks.filter((t) => t.service === service);
    expect(written.length).toBeGreaterThan(3);
    // Expected: for each step 0-5, the tasks whose when tripleo-common files under it, in the order written.
    const expected = [0, 1, 2, 3, 4, 5].flatMap((step) => written.filter((t) => table.get(JSON.stringify(t.when ?? null))!.includes(step)).map((t) => `${step} ${t.name}`));
    const section = controller.preview.tasks.find((s) => s.section === 'upgrade_tasks')!;
    const actual = section.steps!.flatMap((step) => section.tasks.filter((t) => t.service === 'CinderVolume' && t.steps!.includes(step)).map((t) => `${step} ${t.name}`));
    expect(actual).toEqual(expected);
    expect(new Set(actual.map((a) => a.split(' ')[0])).size).toBeGreaterThan(1);
  });

  it('merges config_settings by service: the key two Controller services set to different values', () => {
    for (const clash of facts.hiera_clashes_default_roles.Controller!) {
      expect(controller.preview.configuration.conflicts).toContain(clash.key);
      const key = controller.preview.configuration.keys.find((k) => k.key === clash.key)!;
      expect(key.setters.map((s) => s.service)).toEqual(clash.setters.map((s) => s.service.slice(SERVICES.length)));
      // A scalar: the later service in the chain wins.
      expect(key.value).toEqual(key.setters.at(-1)!.value);
    }
    expect(controller.preview.configuration.conflicts).toHaveLength(facts.hiera_clashes_default_roles.Controller!.length);
    expect(facts.hiera_clashes_default_roles.Compute).toEqual([]);
    expect(compute.preview.configuration.conflicts).toEqual([]);
    // Keys set by two services alike (shared base templates, followed through get_attr).
    const shared = compute.preview.configuration.keys.filter((k) => k.setters.length > 1);
    expect(shared.length).toBeGreaterThan(10);
    expect(shared.find((k) => k.key === 'nova::my_ip')?.setters.map((s) => s.service)).toEqual(expect.arrayContaining(['NovaCompute', 'NovaLibvirt']));
  });

  it('--tasks-dir writes every upgrade task render-ansible-tasks.py lists for the services the registry maps', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'render-ansible-tasks/Controller_upgrade_tasks.json'), 'utf8')) as {
      services: { tasks: Record<string, unknown> };
      tasks: Array<{ service: string; name: string | null; when: unknown; keys: string[] }>;
    };
    const dir = join(tempDir(), 'tasks');
    const r = await runCli('preview', 'Controller', '-p', THT, '--section', 'upgrade_tasks', '--tasks-dir', dir, '-f', 'json');
    expect(r.code).toBe(0);
    const written = yamlValue(readFileSync(join(dir, 'Controller_upgrade_tasks.yml'), 'utf8')) as Array<Record<string, unknown>>;
    const ident = (t: { name?: unknown; when?: unknown; keys?: string[] } & Record<string, unknown>) =>
      t.name ? `name ${String(t.name)}` : `when ${JSON.stringify(t.when ?? null)} keys ${(t.keys ?? Object.keys(t)).sort().join(',')}`;
    const have = new Set(written.map((t) => ident(t)));
    const mapped = new Set(Object.keys(fixture.services.tasks));
    const wanted = fixture.tasks.filter((t) => mapped.has(t.service));
    expect(wanted).toHaveLength(52);
    for (const t of wanted) expect(have, ident(t)).toContain(ident(t));
    expect(r.stderr).toContain('Wrote 1 task files');
  });

  it('lists every task render-ansible-tasks.py gives for Controller, Compute and CephStorage, in each of the 14 sections', async () => {
    const ceph = await preview({ templates: THT, role: 'CephStorage' });
    const byRole: Record<string, RolePreview> = { Controller: controller.preview, Compute: compute.preview, CephStorage: ceph.preview };
    const ident = (t: { name?: unknown; when?: unknown; keys?: string[] } & Record<string, unknown>) =>
      t.name ? `name ${String(t.name)}` : `when ${JSON.stringify(t.when ?? null)} keys ${[...(t.keys ?? Object.keys(t))].sort().join(',')}`;
    let compared = 0;
    const underAnother: string[] = [];
    for (const file of readdirSync(join(FIXTURES, 'render-ansible-tasks'))) {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, 'render-ansible-tasks', file), 'utf8')) as {
        header: { role: string; section: string };
        tasks: Array<{ service: string; name: string | null; when: unknown; keys: string[]; same_as?: number | null }>;
      };
      const section = byRole[fixture.header.role]!.tasks.find((t) => t.section === fixture.header.section);
      if (!section) {
        // A section the role aggregation does not read (pre_deploy_step_tasks): THT master has no such tasks.
        expect(fixture.tasks, file).toEqual([]);
        continue;
      }
      const have = new Set(section.tasks.map((t) => `${t.service} ${ident(t.task as Record<string, unknown>)}`));
      const haveAnywhere = new Set(section.tasks.map((t) => ident(t.task as Record<string, unknown>)));
      for (const t of fixture.tasks) {
        // The script prints a function inside a list as if it were a task; the preview lists it as not evaluated.
        if (t.keys.length === 1 && ['get_attr', 'if', 'list_concat'].includes(t.keys[0]!)) continue;
        // A repeat of another service's task is kept once, under the first service (the role-wide
        // distinct()), which may be one whose section the script could not read (a list_concat).
        if (!have.has(`${t.service.slice(SERVICES.length)} ${ident(t)}`)) {
          expect(haveAnywhere, file).toContain(ident(t));
          underAnother.push(`${file}: ${t.service} ${ident(t)}`);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(250);
    expect(underAnother.length, underAnother.join('\n')).toBeLessThan(8);
  });

  it('--diff Compute ComputeHCI: the services, networks and tasks ComputeHCI adds', async () => {
    const r = await preview({ templates: THT, rolesData: ALL_ROLES, role: 'Compute', diff: 'ComputeHCI' });
    const walked = await walkedServices(['Compute', 'ComputeHCI'], ALL_ROLES);
    const short = (t: string) => t.slice(SERVICES.length);
    expect(r.diff!.services).toEqual({
      onlyInA: walked.Compute!.filter((t) => !walked.ComputeHCI!.includes(t)).map(short),
      onlyInB: walked.ComputeHCI!.filter((t) => !walked.Compute!.includes(t)).map(short),
    });
    // Every service ComputeHCI lists and Compute does not is among the deployed or disabled ones it adds.
    const roles = yamlValue(readFileSync(ALL_ROLES, 'utf8')) as Array<{ name: string; ServicesDefault: string[] }>;
    const listed = (name: string) => roles.find((x) => x.name === name)!.ServicesDefault;
    const added = listed('ComputeHCI').filter((s) => !listed('Compute').includes(s)).map(short);
    expect(added.length).toBeGreaterThan(0);
    expect([...r.diff!.services.onlyInB, ...r.diff!.disabledServices.onlyInB].sort()).toEqual(added.sort());
    expect(r.diff!.networks.onlyInB).toContain('StorageMgmt (storage_mgmt_subnet)');
    expect(r.diff!.same).toBe(false);
    const cli = await runCli('preview', 'Compute', '-p', THT, '-r', ALL_ROLES, '--diff', 'ComputeHCI', '--no-color');
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^--- Compute\n\+\+\+ ComputeHCI\n/);
    for (const s of r.diff!.disabledServices.onlyInB) expect(cli.stdout).toContain(`  + ${s}\n`);
  });
});

describe('tht explain on THT master', () => {
  it('explains a role-specific parameter: declaration, roles, what sets it, value per role', async () => {
    const file = env('parameter_defaults:\n  ComputeParameters:\n    NovaLibvirtRxQueueSize: 1024\n');
    const { explanation: e } = await explain({ templates: THT, parameter: 'NovaLibvirtRxQueueSize', environments: [file] });
    const template = join(THT, 'deployment/nova/nova-compute-container-puppet.yaml');
    expect(e.declarations).toEqual([
      expect.objectContaining({ at: `${displayPath(template)}:${keyAt(template, ['parameters', 'NovaLibvirtRxQueueSize'])}`, type: 'number', default: 512, tags: ['role_specific'] }),
    ]);
    expect(e.declarations[0]!.constraints).toEqual([{ kind: 'allowed_values', values: [256, 512, 1024] }]);
    expect(e.roles).toEqual(['Compute']);
    expect(e.readFromRoleParameters).toEqual([displayPath(template)]);
    expect(e.setBy).toEqual([{ at: `${displayPath(file)}:3:5`, kind: 'role_parameters', role: 'Compute', value: 1024 }]);
    expect(e.values).toEqual([{ role: 'Compute', changed: true, uses: [expect.objectContaining({ value: 1024, source: { kind: 'role_parameters', via: 'RoleParameters' } })] }]);
  });

  it('says a parameter tagged role_specific that no template reads from RoleParameters is not role-specific', async () => {
    const { explanation: e } = await explain({ templates: THT, parameter: 'TunedCustomProfile' });
    expect(facts.role_specific_parameters.tagged_but_never_read_from_RoleParameters).toContain('TunedCustomProfile');
    expect(e.taggedRoleSpecific).toBe(true);
    expect(e.readFromRoleParameters).toEqual([]);
  });

  it('names the templates of the tree that declare a parameter the deployment does not use', async () => {
    const { explanation: e } = await explain({ templates: THT, parameter: 'CephPoolDefaultSize' });
    expect(e.declarations).toEqual([]);
    expect(e.roles).toEqual([]);
    expect(e.notDeployed.length).toBeGreaterThan(0);
    for (const at of e.notDeployed) {
      const [, file, line] = /^(.*):(\d+):\d+$/.exec(at)!;
      expect(readFileSync(file!, 'utf8').split('\n')[Number(line) - 1]).toBe('  CephPoolDefaultSize:');
    }
  });

  it('suggests the name meant for an unknown parameter, and exits 2', async () => {
    const r = await runCli('explain', 'NovaLibvirtRxQueueSise', '-p', THT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "NovaLibvirtRxQueueSize"?');
  });
});

describe('tht preview: the command line', () => {
  it('suggests the role meant for an unknown role, and exits 2', async () => {
    const r = await runCli('preview', 'compute', '-p', THT);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown role "compute" \(did you mean "Compute"\?\)/);
  });

  it('reports a service no registry entry maps as an error (exit 1), naming where the role lists it', async () => {
    const file = env('resource_registry:\n  OS::TripleO::Services::Kernel: null\n');
    const r = await runCli('preview', 'Compute', '-p', THT, '-e', file, '-f', 'json');
    expect(r.code).toBe(1);
    const p = JSON.parse(r.stdout) as RolePreview;
    expect(p.services.find((s) => s.name === 'Kernel')!.status).toBe('unmapped');
    expect(p.problems).toEqual([
      expect.objectContaining({
        code: 'HOT015',
        severity: 'error',
        file: expect.stringMatching(/roles_data\.yaml$/),
        message: expect.stringContaining('role Compute lists the service OS::TripleO::Services::Kernel'),
      }),
    ]);
    // At the roles file's line that lists it, the same finding as tht validate's for the same files.
    const [problem] = p.problems;
    expect(readFileSync(problem!.file, 'utf8').split('\n')[problem!.line - 1]).toContain('OS::TripleO::Services::Kernel');
    const v = await runCli('validate', '-p', THT, '-e', file, '-f', 'json');
    const validated = (JSON.parse(v.stdout) as { findings: Array<{ code: string; file: string; line: number; column: number; message: string; hint?: string }> }).findings;
    const same = validated.find((f) => f.code === 'HOT015' && f.message.includes('role Compute lists the service OS::TripleO::Services::Kernel'));
    expect(same).toBeDefined();
    expect({ ...problem, file: resolve(problem!.file) }).toMatchObject({ ...same, file: resolve(same!.file) });
  });

  it('names the -e file and line of the registry entry that maps a service, and its warnings about the file', async () => {
    const file = env('resource_registry:\n  OS::TripleO::Services::Aide: ../../tmp/none.yaml\nparameter_default: {}\n');
    const aide = env(`resource_registry:\n  OS::TripleO::Services::Aide: ${join(process.cwd(), THT, 'deployment/aide/aide-baremetal-ansible.yaml')}\n`);
    const r = await preview({ templates: THT, role: 'Compute', environments: [aide], param: 'x' });
    expect(r.preview.services.find((s) => s.name === 'Aide')).toMatchObject({
      status: 'deployed',
      template: displayPath(join(THT, 'deployment/aide/aide-baremetal-ansible.yaml')),
      mappedBy: [{ type: `${SERVICES}Aide`, at: `${displayPath(aide)}:2:3` }],
    });
    expect(r.preview.tasks.find((t) => t.section === 'host_prep_tasks')!.tasks.some((t) => t.service === 'Aide')).toBe(true);
    // A template the entry names that does not exist is an error; a wrong section a warning.
    const bad = await preview({ templates: THT, role: 'Compute', environments: [file], param: 'x' });
    expect(bad.preview.services.find((s) => s.name === 'Aide')!.status).toBe('missing');
    expect(bad.preview.problems.map((p) => [p.code, `${p.file}:${p.line}:${p.column}`])).toEqual([['ENV002', `${displayPath(file)}:2:3`]]);
    expect(bad.warnings.map(formatFinding)).toContainEqual(expect.stringMatching(/:3:1: environment has wrong section "parameter_default" \(did you mean "parameter_defaults"\?/));
    expect(bad.warnings.find((w) => w.line === 3)?.code).toBe('ENV001');
  });

  it("reports a chain member Heat cannot build once, as the role's problem, with the wording of what is wrong", async () => {
    const ofComputeChain = (w: { file: string }) => w.file.endsWith('common/services/compute-role.yaml');
    // A template that cannot be read: the role's error at the registry entry, not a warning at the chain as well.
    const missing = env('resource_registry:\n  OS::TripleO::Services::Aide: ../../tmp/none.yaml\n');
    const m = await preview({ templates: THT, role: 'Compute', environments: [missing], param: 'x', section: 'scale_tasks' });
    expect(m.preview.problems.map((p) => [p.code, `${p.file}:${p.line}`])).toEqual([['ENV002', `${displayPath(missing)}:2`]]);
    expect(m.warnings.filter(ofComputeChain)).toEqual([]);
    // Other roles' chains are walked for their hiera only: what Heat cannot build there stays a warning.
    expect(m.warnings.filter((w) => w.file.endsWith('common/services/controller-role.yaml')).map((w) => w.message)).toEqual([
      expect.stringContaining('OS::TripleO::Services::Aide maps to'),
    ]);
    // Aliases that loop: worded as validate words the loop (not as a type no entry maps), at the entry that leads back.
    const loop = env('resource_registry:\n  OS::TripleO::Services::Aide: OS::TripleO::Services::AideAgain\n  OS::TripleO::Services::AideAgain: OS::TripleO::Services::Aide\n');
    const c = await preview({ templates: THT, role: 'Compute', environments: [loop], param: 'x', section: 'scale_tasks' });
    expect(c.preview.services.find((s) => s.name === 'Aide')!.status).toBe('unmapped');
    expect(c.preview.problems).toEqual([
      expect.objectContaining({
        code: 'HOT015',
        severity: 'error',
        file: displayPath(loop),
        line: 3,
        message: 'Compute: registry aliases for OS::TripleO::Services::Aide loop: Heat cannot build this stack. Map the type to a template that does not lead back to itself.',
      }),
    ]);
    expect(c.warnings.filter(ofComputeChain)).toEqual([]);
    const v = await runCli('validate', '-p', THT, '-e', loop, '-f', 'json');
    const validated = (JSON.parse(v.stdout) as { findings: Array<{ code: string; message: string }> }).findings;
    expect(validated.filter((f) => f.message.startsWith('registry aliases for OS::TripleO::Services::Aide loop: Heat cannot build this stack')).map((f) => f.code)).toContain('HOT015');
  });

  it('prints text with headings, YAML that parses to the JSON, and narrows with --param and --section', async () => {
    const text = await runCli('preview', 'Compute', '-p', THT, '--no-color', '--param', 'NovaLibvirt*QueueSize', '--section', 'host_prep_tasks');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Compute\n {2}Basic Compute Node role\n/);
    expect(text.stdout).toMatch(/\nServices {2}\(20 deployed, 26 disabled, 0 unmapped\)\n/);
    expect(text.stdout).toMatch(/\nParameters {2}\(2, 0 not at their template default\)\n {2}NovaLibvirtRxQueueSize \* +512 +template default /);
    expect(text.stdout).toContain('\nTasks\n  host_prep_tasks  ');
    expect(text.stdout).not.toContain('upgrade_tasks');
    expect(text.stdout).not.toContain('\u001b[');
    const coloured = await runCli('preview', 'Compute', '-p', THT, '--color', '--param', 'NovaLibvirtRxQueueSize');
    expect(coloured.stdout).toContain('\u001b[1mCompute\u001b[22m');
    // One at a time: runCli captures the process's standard output.
    const json = await runCli('preview', 'Compute', '-p', THT, '-f', 'json', '--changed');
    const yaml = await runCli('preview', 'Compute', '-p', THT, '-f', 'yaml', '--changed');
    // The same data; YAML keeps a float's type (1.0), which JSON.parse reads as a number.
    expect(jsonData(yamlValue(yaml.stdout))).toEqual(JSON.parse(json.stdout));
    const bad = await runCli('preview', 'Compute', '-p', THT, '--section', 'upgrade_task');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "upgrade_tasks"?');
  });
});
