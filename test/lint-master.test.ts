/**
 * tht lint on THT master (rendered in memory with the default roles): the
 * only errors are genuine mistakes that yaml-validate.py misses, each listed
 * here with why it is one; the warnings are spot-checked against the
 * templates themselves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTree } from '../src/render/index.js';
import { LintTree, lintTree, type Finding, type LintReport } from '../src/lint/index.js';
import { loadPreset } from '../src/lint/policy.js';
import { THT_MASTER } from './helpers/fixtures.js';

let tree: LintTree;
let report: LintReport;

beforeAll(async () => {
  tree = new LintTree(await renderTree({ templatesDir: THT_MASTER }));
  report = lintTree(tree, { policy: await loadPreset('tht-master') });
});

/** 1-based line/column of the nth `needle` in a file of the linted tree. */
function at(file: string, needle: string, nth = 1): { line: number; column: number } {
  const text = tree.get(file)!.text;
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not in ${file}`);
  }
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

const pick = (f: Finding) => ({ code: f.code, file: f.file, line: f.line, column: f.column });

describe('tht lint on THT master', () => {
  it('reports the nine registry entries in environments/ that point at missing files', () => {
    const registry = report.findings.filter((f) => f.code === 'ENV002');
    const expected = [
      // Moved to deployment/deprecated/.
      ['environments/cinder-scaleio-config.yaml', '../deployment/cinder/cinder-backend-scaleio-puppet.yaml'],
      // network/config/bond-with-vlans/ has no YAML NIC templates any more.
      ['environments/net-bond-with-vlans-no-external.yaml', '../network/config/bond-with-vlans/compute.yaml'],
      ['environments/net-bond-with-vlans-no-external.yaml', '../network/config/bond-with-vlans/cinder-storage.yaml'],
      ['environments/net-bond-with-vlans-no-external.yaml', '../network/config/bond-with-vlans/swift-storage.yaml'],
      ['environments/net-bond-with-vlans-no-external.yaml', '../network/config/bond-with-vlans/ceph-storage.yaml'],
      ['environments/net-bond-with-vlans-no-external.yaml', '../network/config/bond-with-vlans/controller-no-external.yaml'],
      // The template is in deployment/neutron/, not deployment/services/.
      ['environments/neutron-bgpvpn-bagpipe.yaml', '../deployment/services/neutron-bgpvpn-bagpipe-baremetal-puppet.yaml'],
      // A parameter (a Jinja NIC template name) written inside resource_registry.
      ['environments/neutron-ovs-dvr.yaml', "'templates/net_config_bridge.j2'"],
      ['environments/services/neutron-ovs-dvr.yaml', "'templates/net_config_bridge.j2'"],
    ].map(([file, value]) => ({ code: 'ENV002', file: file!, ...at(file!, value!) }));
    expect(registry.map(pick)).toEqual(expected);
    for (const f of registry) expect(tree.has(f.message.match(/\(([^)]+)\)$/)![1]!)).toBe(false);
  });

  // Each of these fails the deployment whenever the template is used (Heat validates a nested template's
  // outputs when it builds its attributes, and resolves role_data when the parent reads it), except where
  // noted: Heat (If.parse_args) parses only the branch of an `if` that its condition selects, so a mistake
  // inside a branch fails only in the configurations that select it. Those stay errors: the template is
  // wrong, and the configuration that breaks is a supported one.
  it('has no other errors than those and the genuine template mistakes Heat would reject', () => {
    const errors = report.findings.filter((f) => f.severity === 'error' && f.code !== 'ENV002');
    expect(errors.map(pick)).toEqual([
      // `if: [key_size_override_unset, ...]` but the condition is only declared in ceph-grafana.yaml. It sits in
      // the internal_tls_enabled branch: Heat raises "Invalid condition" with EnableInternalTLS (TLS everywhere).
      { code: 'HOT006', file: 'deployment/cephadm/ceph-mgr.yaml', ...at('deployment/cephadm/ceph-mgr.yaml', 'key_size_override_unset') },
      { code: 'HOT006', file: 'deployment/cephadm/ceph-rgw.yaml', ...at('deployment/cephadm/ceph-rgw.yaml', 'key_size_override_unset') },
      // The parameter is declared as CinderSCStorageProtocol.
      {
        code: 'HOT004',
        file: 'deployment/cinder/cinder-backend-dellemc-sc-puppet.yaml',
        ...at('deployment/cinder/cinder-backend-dellemc-sc-puppet.yaml', 'CinderScStorageProtocol}'),
      },
      // firewall_rules sits beside value instead of inside it: Heat rejects the output ("not a valid keyword
      // inside a output definition") when it builds the nested stack's attributes.
      { code: 'HOT008', file: 'deployment/neutron/neutron-compute-plugin-nuage.yaml', ...at('deployment/neutron/neutron-compute-plugin-nuage.yaml', 'firewall_rules:') },
      // firewall_rules is a list (of one `if`): the aggregator's FirewallRules map_merges every service's
      // firewall_rules, and Heat's map_merge rejects an item that is not a map.
      {
        code: 'THT027',
        file: 'deployment/neutron/neutron-controller-plugin-nuage.yaml',
        ...at('deployment/neutron/neutron-controller-plugin-nuage.yaml', '- if:'),
      },
      // NeutronWrapperDebug is declared by the DHCP/L3 agents, not by this template (OVNWrapperDebug is meant).
      // It is the else branch of `if: [service_debug_unset, ...]`: reached with OVNWrapperDebug: true.
      { code: 'HOT004', file: 'deployment/ovn/ovn-metadata-container-puppet.yaml', ...at('deployment/ovn/ovn-metadata-container-puppet.yaml', 'NeutronWrapperDebug}') },
      // deployment/ovn-dbs.yaml moved to deployment/ovn/; environments/services-baremetal/neutron-ovn-dvr-ha.yaml maps OVNDBs here.
      { code: 'HOT012', file: 'deployment/pacemaker/ovn-dbs-baremetal-puppet.yaml', ...at('deployment/pacemaker/ovn-dbs-baremetal-puppet.yaml', '../ovn-dbs.yaml') },
      // get_attr of a resource the template does not define.
      {
        code: 'HOT005',
        file: 'deployment/rabbitmq/rabbitmq-messaging-pacemaker-puppet.yaml',
        ...at('deployment/rabbitmq/rabbitmq-messaging-pacemaker-puppet.yaml', '[RabbitmqBase'),
      },
      // An example whose nested templates do not exist: it fails if used as it is.
      { code: 'HOT012', file: 'puppet/extraconfig/pre_deploy/controller/multiple.yaml', ...at('puppet/extraconfig/pre_deploy/controller/multiple.yaml', 'cinder-netapp.yaml') },
      { code: 'HOT012', file: 'puppet/extraconfig/pre_deploy/controller/multiple.yaml', ...at('puppet/extraconfig/pre_deploy/controller/multiple.yaml', 'other.yaml') },
    ]);
    // Each is a real mistake in the file, checked here without tht's own model.
    expect(tree.get('deployment/cephadm/ceph-mgr.yaml')!.text).not.toMatch(/^ {2}key_size_override_unset:/m);
    expect(tree.get('deployment/cinder/cinder-backend-dellemc-sc-puppet.yaml')!.text).not.toMatch(/^ {2}CinderScStorageProtocol:/m);
    expect(tree.has('deployment/ovn-dbs.yaml')).toBe(false);
    expect(tree.get('deployment/rabbitmq/rabbitmq-messaging-pacemaker-puppet.yaml')!.text).not.toMatch(/^ {2}RabbitmqBase:/m);
  });

  it('passes every yaml-validate.py check (THT rules), as the Python gate does on this tree', () => {
    // THT027 (role_data types) is tht's own check, not one of yaml-validate.py's.
    expect(report.findings.filter((f) => f.code.startsWith('THT') && f.code !== 'THT027')).toEqual([]);
  });

  it('finds the 517 unused parameters yaml-validate.py reports, and the ones its text search misses', () => {
    const unused = report.findings.filter((f) => f.code === 'HOT011');
    // A text search counts any string equal to the name as a use (a property key, a yaql path...).
    const mentioned = unused.filter((f) => {
      const name = f.message.match(/parameter (\S+) is never used/)![1]!;
      const value = tree.get(f.file)!.value as Record<string, unknown>;
      return ['resources', 'outputs', 'conditions', 'parameter_groups'].some((s) => JSON.stringify(value[s] ?? {}).includes(`"${name}"`));
    });
    expect(unused.length - mentioned.length).toBe(517);
    // Such a mention is never a get_param of it.
    for (const f of mentioned) {
      const name = f.message.match(/parameter (\S+) is never used/)![1]!;
      expect(JSON.stringify(tree.get(f.file)!.value)).not.toMatch(new RegExp(`"get_param":(\\["|")${name}"`));
    }
    // config-download-software.yaml names signal_transport only as a property of its deployment.
    expect(mentioned.map((f) => f.file)).toContain('config-download-software.yaml');
  });

  it('reports real duplicate keys, unused conditions and misspelt parameter_defaults', () => {
    const dup = report.findings.find((f) => f.code === 'YAML002' && f.file === 'deployment/neutron/neutron-l3-container-puppet.yaml')!;
    expect(tree.get(dup.file)!.text.split('\n')[dup.line - 1]!.trim()).toMatch(/^if:/);
    const cond = report.findings.find((f) => f.code === 'HOT013' && f.file === 'deployment/ceilometer/ceilometer-base-container-puppet.yaml')!;
    expect(cond.message).toMatch(/ceilometer_qdr_publish/);
    expect(tree.get(cond.file)!.text.split('ceilometer_qdr_publish').length - 1).toBe(1);
    const typo = report.findings.find((f) => f.code === 'ENV003' && f.message.includes('CeilometerQdrPublisMetrics'))!;
    expect(typo.message).toMatch(/did you mean CeilometerQdrPublishMetrics\?/);
  });

  it('reports function names Heat never calls because other keys sit beside them', () => {
    const inert = report.findings.filter((f) => f.code === 'HOT014').map(pick);
    // {get_attr: [NovaBase, role_data, service_config_settings], rabbitmq}: the flow mapping has two keys.
    const nova = 'deployment/nova/nova-api-container-puppet.yaml';
    expect(inert).toContainEqual({ code: 'HOT014', file: nova, ...at(nova, 'get_attr: [NovaBase, role_data, service_config_settings], rabbitmq') });
    // firewall rules under an `if:` key beside the other role_data sections.
    const l2gw = 'deployment/neutron/neutron-l2gw-agent-baremetal-puppet.yaml';
    const ifKey = at(l2gw, '      if:');
    expect(inert).toContainEqual({ code: 'HOT014', file: l2gw, line: ifKey.line, column: ifKey.column + 6 });
    expect(inert).toHaveLength(8);
  });

  it('reports findings in rendered files against their path, with the template as source', () => {
    const post = report.findings.find((f) => f.file === 'common/post.yaml')!;
    expect(post.template).toBe('common/post.j2.yaml');
    expect(report.findings.filter((f) => f.template !== undefined).every((f) => f.template!.endsWith('.j2.yaml'))).toBe(true);
    expect(report.findings.filter((f) => f.file === 'deployment/aodh/aodh-api-container-puppet.yaml' && f.template)).toEqual([]);
  });

  it('places every finding on the text of its node', () => {
    // Each HOT011 finding points at its parameter's key in the file.
    for (const f of report.findings.filter((x) => x.code === 'HOT011').slice(0, 200)) {
      const name = f.message.match(/parameter (\S+) is never used/)![1]!;
      const line = tree.get(f.file)!.text.split('\n')[f.line - 1]!;
      expect(line.slice(f.column - 1), `${f.file}:${f.line}`).toMatch(new RegExp(`^${name}:`));
      expect(line.slice(0, f.column - 1).trim(), `${f.file}:${f.line}`).toBe('');
    }
  });

  it('reports only on the selected paths, while the checks still see the whole tree', async () => {
    const policy = await loadPreset('tht-master');
    const part = lintTree(tree, { policy, paths: ['environments/ssl', 'roles/ComputeHCI.yaml'] });
    expect(part.findings.every((f) => f.file.startsWith('environments/ssl/') || f.file === 'roles/ComputeHCI.yaml')).toBe(true);
    // A single file gives no false global error (yaml-validate.py always fails a one-file run).
    expect(lintTree(tree, { policy, paths: ['roles/ComputeHCI.yaml'] }).counts.error).toBe(0);
    // A rendered file is selected through its template too.
    const viaSource = lintTree(tree, { policy, paths: ['common/post.j2.yaml'], select: ['YAML002'] });
    expect(viaSource.findings.map((f) => f.file)).toEqual(['common/post.yaml']);
  });
});
