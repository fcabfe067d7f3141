/**
 * One seeded defect per rule: real THT master files are copied into a temp
 * tree, the copy is checked to give no finding for the rule, then one change
 * is made and the finding's rule, file, line and column are checked against
 * where the change was made.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LintTree, lintTree, RULES, type Finding } from '../src/lint/index.js';
import { loadPreset, type Policy } from '../src/lint/policy.js';
import { GOLDEN, THT_MASTER } from './helpers/fixtures.js';

type Files = Record<string, string>;

/** A file of THT master (or, for a rendered one, the reference render). */
function real(path: string): string {
  try {
    return readFileSync(join(THT_MASTER, path), 'utf8');
  } catch {
    return readFileSync(join(GOLDEN, 'tht-master-default', path), 'utf8');
  }
}

function realFiles(...paths: string[]): Files {
  return Object.fromEntries(paths.map((p) => [p, real(p)]));
}

/** Replace the first `from` with `to`, failing loudly if the seed does not apply. */
function seed(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`seed text not found: ${from}`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** 1-based line and column of the nth occurrence of `needle`. */
function at(text: string, needle: string, nth = 1): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`needle not found: ${needle}`);
  }
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

let policy: Policy;
beforeAll(async () => {
  policy = await loadPreset('tht-master');
});

function lint(files: Files, id: string, options: { policy?: Partial<Policy>; environments?: string[] } = {}): Finding[] {
  const root = mkdtempSync(join(tmpdir(), 'tht-lint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const tree = new LintTree({ templatesDir: root, files: [], staticFiles: Object.keys(files) });
  return lintTree(tree, { policy: { ...policy, ...options.policy }, select: [id], environments: options.environments ?? [] }).findings;
}

interface Case {
  id: string;
  /** The clean files (real ones). */
  files: () => Files;
  /** The file changed, how, and the text the finding must point at. */
  file: string;
  from: string;
  to: string;
  needle: string;
  nth?: number;
  /** Columns from the needle's start to where the finding points. */
  offset?: number;
  message?: RegExp;
  policy?: Partial<Policy>;
}

const AODH = 'deployment/aodh/aodh-api-container-puppet.yaml';
const aodhFiles = () =>
  realFiles(AODH, 'deployment/aodh/aodh-base.yaml', 'deployment/containers-common.yaml', 'deployment/database/mysql-client.yaml', 'deployment/apache/apache-baremetal-puppet.yaml');
const APACHE = 'deployment/apache/apache-baremetal-puppet.yaml';
const CEPH_MGR = 'deployment/cephadm/ceph-mgr.yaml';
const cephFiles = () => realFiles(CEPH_MGR, 'deployment/cephadm/ceph-base.yaml');
const ENDPOINT_ENVS = [
  'network/endpoints/endpoint_map.yaml',
  'environments/ssl/no-tls-endpoints-public-ip.yaml',
  'environments/ssl/tls-endpoints-public-dns.yaml',
  'environments/ssl/tls-endpoints-public-ip.yaml',
  'environments/ssl/tls-everywhere-endpoints-dns.yaml',
];

const CASES: Case[] = [
  { id: 'YAML002', files: aodhFiles, file: AODH, from: 'parameters:\n', to: 'parameters:\n  RoleName:\n    type: string\n', needle: 'RoleName:', nth: 2, message: /RoleName/ },
  { id: 'HOT001', files: aodhFiles, file: AODH, from: '\nresources:\n', to: '\nresource:\n  X: {}\nresources:\n', needle: 'resource:' },
  { id: 'HOT002', files: aodhFiles, file: AODH, from: '    type: ../database/mysql-client.yaml\n', to: '    type: ../database/mysql-client.yaml\n    propertes: {}\n', needle: 'propertes' },
  {
    id: 'HOT003',
    files: aodhFiles,
    file: AODH,
    from: 'heat_template_version: rocky',
    to: 'heat_template_version: 2016-10-14',
    needle: 'list_concat',
    message: /list_concat needs heat_template_version 2017-09-01/,
  },
  { id: 'HOT004', files: aodhFiles, file: AODH, from: 'EndpointMap: {get_param: EndpointMap}', to: 'EndpointMap: {get_param: EndpointMapp}', needle: 'EndpointMapp}' },
  { id: 'HOT005', files: aodhFiles, file: AODH, from: '- get_attr: [AodhBase, role_data, config_settings]', to: '- get_attr: [AodhBass, role_data, config_settings]', needle: '[AodhBass' },
  { id: 'HOT006', files: aodhFiles, file: AODH, from: '    type: ../database/mysql-client.yaml\n', to: '    type: ../database/mysql-client.yaml\n    condition: tls_on\n', needle: 'tls_on' },
  { id: 'HOT007', files: aodhFiles, file: AODH, from: "    default: '86400'\n    type: string", to: "    default: '86400'\n    type: integer", needle: 'integer' },
  { id: 'HOT008', files: cephFiles, file: CEPH_MGR, from: '\noutputs:\n', to: '\noutputs:\n  nothing:\n    description: no value\n', needle: 'nothing:' },
  { id: 'HOT009', files: cephFiles, file: CEPH_MGR, from: '    type: ./ceph-base.yaml\n    properties:\n', to: '    type: ./ceph-base.yaml\n    properties:\n      CephBogus: 1\n', needle: 'CephBogus' },
  {
    id: 'HOT010',
    files: cephFiles,
    file: 'deployment/cephadm/ceph-base.yaml',
    from: '\nparameters:\n',
    to: '\nparameters:\n  CephMustHave:\n    type: string\n',
    // The finding is on the resource that uses the template, in the other file.
    needle: './ceph-base.yaml',
    message: /needs parameter CephMustHave/,
  },
  { id: 'HOT011', files: aodhFiles, file: AODH, from: '\nparameters:\n', to: '\nparameters:\n  AodhNeverRead:\n    type: string\n    default: ""\n', needle: 'AodhNeverRead' },
  { id: 'HOT012', files: aodhFiles, file: AODH, from: 'type: ../database/mysql-client.yaml', to: 'type: ../database/mysql-klient.yaml', needle: '../database/mysql-klient.yaml' },
  { id: 'HOT013', files: aodhFiles, file: AODH, from: '\nconditions:\n', to: '\nconditions:\n  never_used: {equals: [{get_param: RoleName}, x]}\n', needle: 'never_used' },
  {
    id: 'HOT014',
    files: aodhFiles,
    file: AODH,
    from: '      config_settings:\n        map_merge:\n',
    to: '      config_settings:\n        aodh::debug: true\n        map_merge:\n',
    needle: 'map_merge:',
    message: /map_merge is a key beside other keys/,
  },
  {
    id: 'ENV001',
    files: () => realFiles('environments/hyperconverged-ceph.yaml'),
    file: 'environments/hyperconverged-ceph.yaml',
    from: 'parameter_defaults:',
    to: 'parameter_default:',
    needle: 'parameter_default:',
  },
  {
    id: 'ENV002',
    files: () => realFiles('environments/hyperconverged-ceph.yaml', 'network/ports/storage_mgmt.yaml'),
    file: 'environments/hyperconverged-ceph.yaml',
    from: '../network/ports/storage_mgmt.yaml',
    to: '../network/port/storage_mgmt.yaml',
    needle: '../network/port/storage_mgmt.yaml',
  },
  {
    id: 'ENV003',
    files: () => ({ ...realFiles('environments/ssl/tls-endpoints-public-ip.yaml'), ...realFiles('network/endpoints/endpoint_map.yaml') }),
    file: 'environments/ssl/tls-endpoints-public-ip.yaml',
    from: '  EndpointMap:',
    to: '  EndpointsMap:',
    needle: 'EndpointsMap',
    message: /did you mean EndpointMap\?/,
  },
  {
    id: 'ENV004',
    files: () => realFiles('environments/hyperconverged-ceph.yaml'),
    file: 'environments/hyperconverged-ceph.yaml',
    from: 'resource_registry:\n',
    to: 'parameters:\nresource_registry:\n',
    needle: 'parameters:',
  },
  { id: 'DATA001', files: () => realFiles('roles/Compute.yaml'), file: 'roles/Compute.yaml', from: 'CountDefault: 1', to: 'CountDefault: one', needle: 'one' },
  {
    id: 'DATA002',
    files: () => realFiles('roles/Compute.yaml'),
    file: 'roles/Compute.yaml',
    from: 'ServicesDefault:',
    to: 'ServiceDefault:',
    needle: 'ServiceDefault',
    message: /ServicesDefault/,
  },
  { id: 'DATA003', files: () => realFiles('roles/Compute.yaml'), file: 'roles/Compute.yaml', from: '- name: Compute\n', to: '- name: Computer\n', needle: 'Computer' },
  { id: 'THT002', files: aodhFiles, file: AODH, from: 'heat_template_version: rocky', to: 'heat_template_version: queens', needle: 'queens' },
  {
    id: 'THT003',
    files: aodhFiles,
    file: AODH,
    from: 'heat_template_version: rocky',
    to: 'heat_template_version: queens',
    needle: 'queens',
    policy: { heat_template_versions: ['queens', 'rocky'] },
  },
  { id: 'THT004', files: () => realFiles(APACHE), file: APACHE, from: 'service_name: apache', to: 'service_name: httpd', needle: 'httpd' },
  {
    id: 'THT005',
    files: () => realFiles(APACHE),
    file: APACHE,
    from: '      config_settings:\n',
    to: '      config_settings:\n        apache::db_connection:\n          make_url:\n            scheme: {get_param: [EndpointMap, MysqlInternal, protocol]}\n            path: /apache\n',
    needle: 'apache::db_connection',
  },
  {
    id: 'THT006',
    files: aodhFiles,
    file: AODH,
    from: '      external_upgrade_tasks:\n',
    to: '      upgrade_tasks:\n        - name: stop aodh\n          when:\n            - aodh_enabled|bool\n            - step|int == 2\n          debug: {}\n      external_upgrade_tasks:\n',
    needle: '- aodh_enabled',
  },
  {
    id: 'THT007',
    files: aodhFiles,
    file: AODH,
    from: '      external_upgrade_tasks:\n',
    to: "      upgrade_tasks:\n        - name: stop aodh\n          when: step|int == 2 and aodh_enabled|bool\n          debug: {}\n      external_upgrade_tasks:\n",
    needle: 'step|int == 2 and',
  },
  { id: 'THT008', files: aodhFiles, file: AODH, from: '  RoleName:\n', to: '  RoleNames:\n', needle: 'parameters:' },
  {
    id: 'THT009',
    files: aodhFiles,
    file: AODH,
    from: '      service_config_settings:',
    to: '      bind_settings:\n        aodh::api::host: {get_param: [ServiceNetMap, AodhBindNetwork]}\n      service_config_settings:',
    needle: 'ServiceNetMap, AodhBindNetwork',
  },
  {
    id: 'THT010',
    files: () => realFiles('deployment/logging/files/glance-api.yaml'),
    file: 'deployment/logging/files/glance-api.yaml',
    from: '  volumes:',
    to: '  volume:',
    needle: 'outputs:',
    message: /missing output\(s\): volumes/,
  },
  { id: 'THT011', files: aodhFiles, file: AODH, from: '      puppet_config:', to: '      puppet_conf:', needle: 'value:\n      service_name', message: /puppet_config is required/ },
  { id: 'THT012', files: aodhFiles, file: AODH, from: '      puppet_config:', to: '      bogus_section: []\n      puppet_config:', needle: 'bogus_section' },
  { id: 'THT013', files: aodhFiles, file: AODH, from: '      external_upgrade_tasks:\n', to: '      update_tasks: {}\n      external_upgrade_tasks:\n', needle: 'update_tasks' },
  { id: 'THT014', files: aodhFiles, file: AODH, from: '  MySQLClient:\n    type: ../database/mysql-client.yaml\n', to: '', needle: 'resources:' },
  { id: 'THT015', files: aodhFiles, file: AODH, from: '        config_volume: aodh\n', to: '        config_volume: aodh\n        puppet_tag: x\n', needle: 'puppet_tag:' },
  { id: 'THT016', files: aodhFiles, file: AODH, from: '  ContainerAodhConfigImage:', to: '  ContainerAodhConfImage:', needle: 'config_volume: aodh', offset: 'config_volume: '.length, message: /ContainerAodhConfigImage/ },
  { id: 'THT017', files: aodhFiles, file: AODH, from: '            command: "/usr/bin/bootstrap_host_exec aodh_api', to: '            user: aodh\n            command: "/usr/bin/bootstrap_host_exec aodh_api', needle: 'command: "/usr/bin/bootstrap_host_exec' },
  {
    id: 'THT018',
    files: () => realFiles('puppet/extraconfig/pre_deploy/per_node.yaml'),
    file: 'puppet/extraconfig/pre_deploy/per_node.yaml',
    from: '      name: ',
    to: '      label: ',
    needle: 'NodeSpecificDeployment:',
  },
  {
    id: 'THT019',
    files: () => realFiles('puppet/extraconfig/pre_deploy/per_node.yaml'),
    file: 'puppet/extraconfig/pre_deploy/per_node.yaml',
    from: '      group: ',
    to: '      outputs: [{name: result}]\n      group: ',
    needle: 'outputs: [',
  },
  {
    id: 'THT020',
    files: () => realFiles('puppet/extraconfig/pre_deploy/per_node.yaml'),
    file: 'puppet/extraconfig/pre_deploy/per_node.yaml',
    from: '\nresources:\n',
    to: '\nresources:\n  OsNetConfig:\n    type: OS::Heat::StructuredConfig\n    properties:\n      group: os-apply-config\n      config:\n        os_net_config: {network_config: []}\n',
    needle: 'OsNetConfig',
  },
  { id: 'THT021', files: () => realFiles('network_data.yaml', 'network_data_dashboard.yaml'), file: 'network_data_dashboard.yaml', from: 'vlan: 30', to: 'vlan: 31', needle: 'name: Storage\n' },
  {
    id: 'THT022',
    files: () => realFiles('roles/Compute.yaml', 'roles/ComputeHCI.yaml'),
    file: 'roles/ComputeHCI.yaml',
    from: '    - OS::TripleO::Services::Aide\n',
    to: '',
    needle: 'ServicesDefault',
  },
  {
    id: 'THT023',
    files: () => realFiles('roles/Compute.yaml', 'environments/hyperconverged-ceph.yaml'),
    file: 'environments/hyperconverged-ceph.yaml',
    from: '    - OS::TripleO::Services::Aide\n',
    to: '',
    needle: 'ComputeServices',
  },
  {
    id: 'THT024',
    files: () => realFiles('deployment/ceph-ansible/ceph-mgr.yaml', CEPH_MGR),
    file: 'deployment/ceph-ansible/ceph-mgr.yaml',
    from: '\nparameters:\n',
    to: '\nparameters:\n  CephAnsibleOnly:\n    type: string\n',
    needle: 'CephAnsibleOnly',
  },
  {
    id: 'THT025',
    files: () => realFiles(...ENDPOINT_ENVS),
    file: 'environments/ssl/tls-endpoints-public-ip.yaml',
    from: '    AodhAdmin: ',
    to: '    AodhAdmn: ',
    needle: 'EndpointMap:',
    message: /missing AodhAdmin; extra AodhAdmn/,
  },
  {
    id: 'THT026',
    files: () => ({ ...aodhFiles(), ...realFiles('deployment/aodh/aodh-evaluator-container-puppet.yaml') }),
    file: 'deployment/aodh/aodh-evaluator-container-puppet.yaml',
    from: '  RoleName:\n',
    to: '  RoleName:\n    hidden: true\n',
    needle: 'RoleName:',
  },
];

describe('every rule finds its seeded defect in a real template, and nothing in the clean copy', () => {
  it('covers every rule that can be seeded in a template tree', () => {
    const covered = new Set(CASES.map((c) => c.id));
    const uncovered = RULES.map((r) => r.meta.id).filter((id) => !covered.has(id));
    // YAML001 and THT001 have their own tests below (a broken file, a forbidden folder); THT027 (role_data
    // types) has its own file, test/lint-role-data.test.ts; LINT001 (disable comments) is in test/lint-cli.test.ts;
    // ENV005-ENV011 judge -e files against a deployment, which a seeded tree has not (test/environment-checks.test.ts);
    // HOT015 (what Heat refuses in the whole deployment) is checked against Heat in test/heat-limits.test.ts.
    expect(uncovered).toEqual(['YAML001', 'HOT015', 'ENV005', 'ENV006', 'ENV007', 'ENV008', 'ENV009', 'ENV010', 'ENV011', 'THT001', 'THT027', 'LINT001']);
  });

  for (const c of CASES) {
    it(`${c.id}: ${c.from.trim().split('\n')[0]!.slice(0, 40)} -> ${c.to.trim().split('\n')[0]?.slice(0, 40) ?? '(removed)'}`, () => {
      const clean = c.files();
      expect(lint(clean, c.id, c)).toEqual([]);
      const changed = seed(clean[c.file]!, c.from, c.to);
      const findings = lint({ ...clean, [c.file]: changed }, c.id, c);
      expect(findings.length).toBeGreaterThan(0);
      const where = c.id === 'HOT010' ? CEPH_MGR : c.file;
      const first = findings[0]!;
      const expected = at(c.id === 'HOT010' ? clean[CEPH_MGR]! : changed, c.needle, c.nth);
      expect({ code: first.code, file: first.file, line: first.line, column: first.column }).toEqual({
        code: c.id,
        file: where,
        line: expected.line,
        column: expected.column + (c.offset ?? 0),
      });
      if (c.message) expect(first.message).toMatch(c.message);
    });
  }
});

describe('YAML001', () => {
  it('reports a file that is not YAML at the position of the error, and an empty file', () => {
    const text = seed(real(AODH), '\nresources:\n', '\nresources:\n  Broken: a: b\n');
    const findings = lint({ [AODH]: text, 'environments/empty.yaml': '' }, 'YAML001');
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      [AODH, at(text, 'Broken').line],
      ['environments/empty.yaml', 1],
    ]);
    expect(lint(realFiles(AODH), 'YAML001')).toEqual([]);
  });

  it('neither reports nor reads a file under the policy\'s skip_paths', () => {
    const root = mkdtempSync(join(tmpdir(), 'tht-lint-'));
    const skipped = 'tools/tests/samples/broken.yaml';
    for (const [path, text] of Object.entries({ [AODH]: real(AODH), [skipped]: 'a: [b\n' })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const tree = new LintTree({ templatesDir: root, files: [], staticFiles: [AODH, skipped] });
    const get = vi.spyOn(tree, 'get');
    const report = lintTree(tree, { policy: { ...policy, skip_paths: ['tools/tests/'] }, select: ['YAML'] });
    expect(report.findings).toEqual([]);
    expect(report.filesChecked).toBe(1);
    expect(get.mock.calls.map(([path]) => path)).not.toContain(skipped);
  });
});

describe('HOT005', () => {
  it('reports each undefined depends_on entry at its own list item, a name given twice twice', () => {
    const hot = 'heat_template_version: rocky\nresources:\n  A:\n    type: OS::Heat::None\n    depends_on: [Gone, B, Gone]\n  B:\n    type: OS::Heat::None\n    depends_on: Lost\n';
    const findings = lint({ 'x.yaml': hot }, 'HOT005');
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [5, 18, 'resource A depends on undefined resource Gone'],
      [5, 27, 'resource A depends on undefined resource Gone'],
      [8, 17, 'resource B depends on undefined resource Lost'],
    ]);
  });
});

describe('HOT003', () => {
  it('keeps Fn::Select through 2015-04-30 and reports it from 2015-10-15, when Heat removed it', () => {
    const withSelect = (version: string) =>
      seed(seed(real(AODH), 'heat_template_version: rocky', `heat_template_version: ${version}`), '\nresources:\n', '\nresources:\n  Picked:\n    type: OS::Heat::Value\n    properties:\n      value: {Fn::Select: [0, [a, b]]}\n');
    expect(lint({ [AODH]: withSelect('2015-04-30') }, 'HOT003').filter((f) => f.message.startsWith('Fn::Select'))).toEqual([]);
    const text = withSelect('2015-10-15');
    const found = lint({ [AODH]: text }, 'HOT003').filter((f) => f.message.startsWith('Fn::Select'));
    expect(found.map((f) => ({ file: f.file, line: f.line, column: f.column }))).toEqual([{ file: AODH, ...at(text, 'Fn::Select') }]);
    expect(found[0]!.message).toMatch(/removed after heat_template_version 2015-04-30/);
  });
});

describe('THT001', () => {
  it('reports an environment under environments/services-docker, not the same file under environments/services', () => {
    const env = real('environments/hyperconverged-ceph.yaml');
    expect(lint({ 'environments/services/hci.yaml': env }, 'THT001')).toEqual([]);
    const [f] = lint({ 'environments/services-docker/hci.yaml': env }, 'THT001');
    expect(f).toMatchObject({ code: 'THT001', file: 'environments/services-docker/hci.yaml', line: 1, column: 1 });
    expect(f!.message).toMatch(/use environments\/services instead/);
  });
});
