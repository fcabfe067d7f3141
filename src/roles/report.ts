/**
 * Text reports for `tht roles` and `tht networks` (the CLI prints them; JSON
 * output uses the summaries directly).
 */
import type { NetworkSummary, SubnetSummary, Addressing, IpRange, Route } from './networks.js';
import type { RoleDiff, RoleSummary, SetDifference } from './summary.js';
import { numberRepr } from '../yaml/pyprint.js';

export function roleListText(roles: readonly RoleSummary[]): string {
  return formatTable([['NAME', 'DESCRIPTION'], ...roles.map((r) => [r.name, r.description])]);
}

export function roleShowText(role: RoleSummary, file: string): string {
  const networks = role.networks.map((n) => (n.subnet ? `${n.name} (${n.subnet})` : n.name));
  const lines = [
    `${role.name}  (${file})`,
    ...(role.description ? [`  ${role.description}`] : []),
    formatTable([
      ['  count', numberRepr(role.count)],
      ['  hostname format', role.hostnameFormat],
      ['  tags', listOrDash(role.tags)],
      ['  networks', listOrDash(networks)],
    ]),
    `  services (${role.services.length}):`,
    formatTable(role.serviceGroups.map((g) => [`    ${g.group}:`, g.services.join(', ')])),
  ];
  return lines.join('\n');
}

export function roleDiffText(diff: RoleDiff): string {
  const section = (what: string, d: SetDifference): string[] => {
    if (!d.onlyInA.length && !d.onlyInB.length) return [`${what}: same`];
    return [
      `${what}:`,
      ...d.onlyInA.map((x) => `  - ${x}  (only in ${diff.a})`),
      ...d.onlyInB.map((x) => `  + ${x}  (only in ${diff.b})`),
    ];
  };
  return [
    `--- ${diff.a}`,
    `+++ ${diff.b}`,
    ...section('services', diff.services),
    ...section('networks', diff.networks),
    ...section('tags', diff.tags),
  ].join('\n');
}

export function networkListText(networks: readonly NetworkSummary[]): string {
  return formatTable([
    ['NAME', 'NAME_LOWER', 'ENABLED', 'VIP', 'VLAN', 'MTU', 'IP', 'SUBNET', 'SUBNETS'],
    ...networks.map((n) => [
      n.name,
      n.nameLower,
      n.enabled ? 'yes' : 'no',
      n.vip ? 'yes' : 'no',
      n.vlan === undefined ? '-' : numberRepr(n.vlan),
      numberRepr(n.mtu),
      n.ipVersions,
      listOrDash([n.ipSubnet, n.ipv6Subnet].filter((s): s is string => s !== undefined)),
      listOrDash(n.subnets.map((s) => s.name)),
    ]),
  ]);
}

export function networkShowText(net: NetworkSummary): string {
  const head = formatTable([
    ['  name_lower', net.nameLower],
    ['  enabled', net.enabled ? 'yes' : 'no'],
    ['  vip', net.vip ? 'yes' : 'no'],
    ['  mtu', numberRepr(net.mtu)],
    ['  ip versions', net.ipVersions],
    ...addressingRows(net, '  '),
  ]);
  const subnets = net.subnets.flatMap((s: SubnetSummary) => [
    `  subnet ${s.name}${s.enabled ? '' : ' (disabled)'}:`,
    formatTable(addressingRows(s, '    ')),
  ]);
  return [net.name, head, ...subnets].join('\n');
}

function addressingRows(a: Addressing, indent: string): string[][] {
  const rows: [string, string | undefined][] = [
    ['vlan', a.vlan === undefined ? undefined : numberRepr(a.vlan)],
    ['ip_subnet', a.ipSubnet],
    ['gateway_ip', a.gatewayIp],
    ['allocation_pools', ranges(a.allocationPools)],
    ['routes', routes(a.routes)],
    ['ipv6_subnet', a.ipv6Subnet],
    ['gateway_ipv6', a.gatewayIpv6],
    ['ipv6_allocation_pools', ranges(a.ipv6AllocationPools)],
    ['routes_ipv6', routes(a.routesIpv6)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => [`${indent}${k}`, v]);
}

function ranges(pools: readonly IpRange[]): string | undefined {
  return pools.length ? pools.map((p) => `${p.start}-${p.end}`).join(', ') : undefined;
}

function routes(list: readonly Route[]): string | undefined {
  return list.length ? list.map((r) => `${r.destination} via ${r.nexthop}`).join(', ') : undefined;
}

/** Columns padded to their widest cell, two spaces apart, no trailing spaces. */
function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `a, b, c`, or `-` for none. */
function listOrDash(items: readonly string[]): string {
  return items.length ? items.join(', ') : '-';
}
