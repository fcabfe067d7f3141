import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

const THT = 'test/fixtures/tht-master';

/** Run the CLI in-process and capture what it prints. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await main(['node', 'tht', ...args]);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('tht roles', () => {
  it('generate prints roles_data.yaml from the tree given with -p', async () => {
    const r = await run('roles', 'generate', '-p', THT, 'Controller', 'Compute', 'BlockStorage', 'ObjectStorage', 'CephStorage');
    expect(r).toEqual({ code: 0, out: readFileSync(join(THT, 'roles_data.yaml'), 'utf8'), err: '' });
  });

  it('generate -o writes the file whole, from the bundled roles by default', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tht-gen-')), 'roles_data.yaml');
    const r = await run('roles', 'generate', '-o', file, 'Controller', 'Compute', 'BlockStorage', 'ObjectStorage', 'CephStorage');
    expect(r).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(THT, 'roles_data.yaml'), 'utf8'));
    expect(readdirSync(join(file, '..'))).toEqual(['roles_data.yaml']);
  });

  it('generate fails with exit code 2 and writes nothing for an unknown role', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tht-gen-')), 'roles_data.yaml');
    const r = await run('roles', 'generate', '--roles-path', join(THT, 'roles'), '-o', file, 'Controller', 'Computer');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: invalid roles requested: Computer \(no Computer\.yaml in .*\) Valid roles: BlockStorage, /);
    expect(existsSync(file)).toBe(false);
  });

  it('list prints every role with its description, or JSON', async () => {
    const table = await run('roles', 'list', '-p', THT);
    const lines = table.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +DESCRIPTION$/);
    expect(lines).toHaveLength(1 + 55);
    expect(lines.find((l) => l.startsWith('Compute '))).toMatch(/^Compute +Basic Compute Node role$/);
    const json = JSON.parse((await run('roles', 'list', '--json')).out) as { name: string }[];
    expect(json.map((r) => r.name)).toEqual(readdirSync(join(THT, 'roles')).map((f) => f.replace(/\.yaml$/, '')).sort());
  });

  it('show prints one role with grouped services', async () => {
    const r = await run('roles', 'show', 'ComputeHCI', '-p', THT);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ComputeHCI {2}\(.*ComputeHCI\.yaml\)\n/);
    // ComputeHCI.yaml sets no CountDefault or HostnameFormatDefault: the overcloud.yaml defaults show.
    expect(r.out).toMatch(/\n {2}count +0\n {2}hostname format +%stackname%-computehci-%index%\n/);
    expect(r.out).toMatch(/\n {2}networks +InternalApi \(internal_api_subnet\), Tenant \(tenant_subnet\), Storage \(storage_subnet\), StorageMgmt \(storage_mgmt_subnet\)\n/);
    expect(r.out).toMatch(/\n {4}ceph: +CephClient, CephExternal, CephOSD\n/);
    const unknown = await run('roles', 'show', 'Nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: unknown role "Nope" Valid roles: /);
  });

  it('diff prints what each role has that the other lacks', async () => {
    const r = await run('roles', 'diff', 'Compute', 'ComputeHCI');
    expect(r.out).toBe(
      [
        '--- Compute',
        '+++ ComputeHCI',
        'services:',
        '  + OS::TripleO::Services::CephOSD  (only in ComputeHCI)',
        'networks:',
        '  + StorageMgmt  (only in ComputeHCI)',
        'tags:',
        '  - external_bridge  (only in Compute)',
        '',
      ].join('\n'),
    );
  });
});

describe('tht networks', () => {
  it('list prints a row per network of the tree', async () => {
    const r = await run('networks', 'list', '-p', THT);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]!.split(/ +/)).toEqual(['NAME', 'NAME_LOWER', 'ENABLED', 'VIP', 'VLAN', 'MTU', 'IP', 'SUBNET', 'SUBNETS']);
    expect(lines.slice(1).map((l) => l.split(/ +/)[0])).toEqual(['Storage', 'StorageMgmt', 'InternalApi', 'Tenant', 'External', 'Management']);
    expect(lines.find((l) => l.startsWith('Tenant '))!.split(/ +/).slice(0, 6)).toEqual(['Tenant', 'tenant', 'yes', 'no', '50', '1500']);
  });

  it('show finds a network by name_lower in another file of the tree', async () => {
    const r = await run('networks', 'show', 'internal_api', '-p', THT, '-n', 'network_data_subnets_routed.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^InternalApi\n/);
    expect(r.out).toMatch(/\n {2}subnet internal_api_leaf1:\n {4}vlan +11\n/);
    const json = JSON.parse((await run('networks', 'show', 'External', '-n', join(THT, 'network_data.yaml'), '--json')).out) as { vip: boolean };
    expect(json.vip).toBe(true);
  });

  it('names the missing network and the file problems', async () => {
    const r = await run('networks', 'show', 'Nope', '-p', THT);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: unknown network "Nope" Networks in the file: Storage, StorageMgmt, InternalApi, Tenant, External, Management.\n');
    const missing = await run('networks', 'list', '-p', THT, '-n', 'network_data_nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: .*network_data_nope\.yaml: cannot read .*network_data_nope\.yaml: ENOENT/);
  });
});
