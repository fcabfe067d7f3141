import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThtError } from '../src/load/errors.js';
import { YamlFile } from '../src/yaml/file.js';
import { loadNetworkSummaries } from '../src/roles/networks.js';

const THT = 'test/fixtures/tht-master';

type RawNetwork = Record<string, unknown> & { name: string };
const raw = (file: string) => new YamlFile(file, readFileSync(join(THT, file), 'utf8')).value as RawNetwork[];

function scratchFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tht-networks-')), 'network_data.yaml');
  writeFileSync(file, text);
  return file;
}

describe('network summaries', () => {
  it('summarises THT master network_data.yaml in file order', async () => {
    const { networks, warnings } = await loadNetworkSummaries(join(THT, 'network_data.yaml'));
    const source = raw('network_data.yaml');
    expect(warnings).toEqual([]);
    expect(networks.map((n) => n.name)).toEqual(source.map((n) => n.name));
    for (const [i, n] of networks.entries()) {
      const src = source[i]!;
      expect(n.nameLower).toBe(src.name_lower ?? src.name.toLowerCase());
      expect(n.vip).toBe(src.vip === true);
      expect(n.vlan).toBe(src.vlan);
      expect(n.ipSubnet).toBe(src.ip_subnet);
      expect(n.ipv6Subnet).toBe(src.ipv6_subnet);
      expect(n.allocationPools).toEqual(src.allocation_pools);
      expect(n.ipVersions).toBe('IPv4+IPv6');
      expect(n.mtu).toBe(src.mtu ?? 1500);
    }
  });

  it('lists the extra subnets of routed networks', async () => {
    const { networks } = await loadNetworkSummaries(join(THT, 'network_data_subnets_routed.yaml'));
    const source = raw('network_data_subnets_routed.yaml');
    for (const [i, n] of networks.entries()) {
      const subnets = (source[i]!.subnets ?? {}) as Record<string, Record<string, unknown>>;
      expect(n.subnets.map((s) => s.name)).toEqual(Object.keys(subnets));
      for (const s of n.subnets) {
        expect(s.vlan).toBe(subnets[s.name]!.vlan);
        expect(s.ipSubnet).toBe(subnets[s.name]!.ip_subnet);
        expect(s.gatewayIpv6).toBe(subnets[s.name]!.gateway_ipv6);
        expect(s.enabled).toBe(true);
      }
    }
    expect(networks.some((n) => n.subnets.length > 0)).toBe(true);
  });

  it('shows disabled networks, IPv6-only networks, routes and defaults', async () => {
    const file = scratchFile(
      [
        '- name: Legacy',
        '  enabled: false',
        '- name: Storage6',
        '  ipv6: true',
        '  ipv6_subnet: fd00::/64',
        '  mtu: 9000',
        '  routes_ipv6: [{destination: "fd01::/64", nexthop: "fd00::1"}]',
        '  subnets:',
        '    leaf1: {enabled: false, vlan: 12}',
        '- name: V4',
        '  name_lower: v_four',
        '  ip_subnet: 10.1.0.0/24',
        '',
      ].join('\n'),
    );
    const { networks } = await loadNetworkSummaries(file);
    expect(networks.map((n) => [n.name, n.nameLower, n.enabled, n.ipVersions, n.mtu])).toEqual([
      ['Legacy', 'legacy', false, '-', 1500],
      ['Storage6', 'storage6', true, 'IPv6', 9000],
      ['V4', 'v_four', true, 'IPv4', 1500],
    ]);
    expect(networks[1]!.routesIpv6).toEqual([{ destination: 'fd01::/64', nexthop: 'fd00::1' }]);
    expect(networks[1]!.subnets).toMatchObject([{ name: 'leaf1', enabled: false, vlan: 12 }]);
  });

  it('rejects a wrong type at its position before summarising', async () => {
    const file = scratchFile('- name: External\n  vip: "yes"\n');
    const e = await loadNetworkSummaries(file, 'nd.yaml').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ThtError);
    expect((e as ThtError).format()).toBe('nd.yaml:2:8: network "External": vip must be true or false, not the string "yes". Write yes without quotes.');
  });

  it('returns unknown keys as warnings', async () => {
    const { networks, warnings } = await loadNetworkSummaries(scratchFile('- name: External\n  vlan_id: 10\n'), 'nd.yaml');
    expect(networks).toHaveLength(1);
    expect(warnings.map((w) => [w.message, w.line, w.column])).toEqual([['network "External": unknown key "vlan_id" (did you mean "vlan"?)', 2, 3]]);
  });
});
