/**
 * What `networks list/show` report about network_data.yaml: each network with
 * its VLAN, MTU, IP versions, VIP, pools, routes and extra (routed) subnets.
 * The file is checked against the network schema first, so a bad value is
 * reported at its position rather than shown as if it were fine.
 */
import { throwOnFirstError, validateNetworkData, type DataFinding } from '../load/data-schema.js';
import { isEnabled, networksFromYaml, type Network } from '../load/networks.js';
import { isNumber, type PyNumber } from '../yaml/python.js';
import { readYamlFile } from '../yaml/read.js';

export interface IpRange {
  start: string;
  end: string;
}

export interface Route {
  destination: string;
  nexthop: string;
}

/** Addressing of a network or of one of its extra subnets. */
export interface Addressing {
  vlan?: PyNumber;
  ipSubnet?: string;
  gatewayIp?: string;
  allocationPools: IpRange[];
  routes: Route[];
  ipv6Subnet?: string;
  gatewayIpv6?: string;
  ipv6AllocationPools: IpRange[];
  routesIpv6: Route[];
}

export interface SubnetSummary extends Addressing {
  name: string;
  enabled: boolean;
}

export interface NetworkSummary extends Addressing {
  name: string;
  nameLower: string;
  enabled: boolean;
  vip: boolean;
  /** 1500 when absent, as the templates default it. */
  mtu: PyNumber;
  /** `IPv4`, `IPv6`, `IPv4+IPv6`, or `-` when the file gives no subnet. */
  ipVersions: string;
  subnets: SubnetSummary[];
}

export interface LoadedNetworkData {
  networks: NetworkSummary[];
  /** Schema warnings (unknown keys); errors throw instead. */
  warnings: DataFinding[];
}

/** Read, validate and summarise a network_data file. */
export async function loadNetworkSummaries(path: string, display = path): Promise<LoadedNetworkData> {
  const parsed = readYamlFile(path, display, { profile: 'safe_load' });
  const findings = validateNetworkData(parsed);
  throwOnFirstError(findings);
  return { networks: networksFromYaml(parsed).map(summarizeNetwork), warnings: findings };
}

function summarizeNetwork(net: Network): NetworkSummary {
  const addressing = addressingOf(net);
  return {
    name: net.name,
    nameLower: typeof net.name_lower === 'string' ? net.name_lower : net.name.toLowerCase(),
    enabled: isEnabled(net),
    vip: net.vip === true,
    mtu: isNumber(net.mtu) ? net.mtu : 1500,
    ipVersions: ipVersions(addressing, net.ipv6 === true),
    ...addressing,
    subnets: Object.entries((net.subnets ?? {}) as Record<string, Record<string, unknown>>).map(([name, subnet]) => ({
      name,
      // network.j2 renders a subnet unless its `enabled` is false.
      enabled: subnet.enabled !== false,
      ...addressingOf(subnet),
    })),
  };
}

function addressingOf(data: Record<string, unknown>): Addressing {
  const str = (key: string) => (typeof data[key] === 'string' ? { [camel(key)]: data[key] as string } : {});
  return {
    ...(isNumber(data.vlan) ? { vlan: data.vlan } : {}),
    ...str('ip_subnet'),
    ...str('gateway_ip'),
    ...str('ipv6_subnet'),
    ...str('gateway_ipv6'),
    allocationPools: list<IpRange>(data.allocation_pools),
    routes: list<Route>(data.routes),
    ipv6AllocationPools: list<IpRange>(data.ipv6_allocation_pools),
    routesIpv6: list<Route>(data.routes_ipv6),
  };
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** An `ipv6: true` network is IPv6-only; otherwise what its subnets say (ip_subnet may itself be IPv6). */
function ipVersions(a: Addressing, ipv6Only: boolean): string {
  if (ipv6Only) return 'IPv6';
  const v4 = a.ipSubnet !== undefined && !a.ipSubnet.includes(':');
  const v6 = a.ipv6Subnet !== undefined || (a.ipSubnet?.includes(':') ?? false);
  return v4 && v6 ? 'IPv4+IPv6' : v4 ? 'IPv4' : v6 ? 'IPv6' : '-';
}
