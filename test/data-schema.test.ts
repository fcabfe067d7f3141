import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  throwOnFirstError,
  validateNetworkData,
  validateRolesData,
  type DataFinding,
} from '../src/load/data-schema.js';
import { ThtError } from '../src/load/errors.js';
import { formatFinding } from '../src/load/finding.js';
import { editDistance, suggestKey } from '../src/load/suggest.js';
import { YamlFile } from '../src/yaml/file.js';

const THT = 'test/fixtures/tht-master';
const roleFiles = readdirSync(join(THT, 'roles')).filter((f) => f.endsWith('.yaml'));
const rolesDataFiles = [join(THT, 'roles_data.yaml'), join(THT, 'roles_data_undercloud.yaml'), 'test/fixtures/roles_data_all.yaml'];
const networkFiles = readdirSync(THT)
  .filter((f) => /^network_data.*\.yaml$/.test(f))
  .map((f) => join(THT, f));

const parse = (text: string, file = 'seeded.yaml') => new YamlFile(file, text);

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

/** Insert `lines` right after the line holding the first `- name:` of the file. */
function seedAfterFirstName(text: string, lines: string[]): { text: string; line: number } {
  const all = text.split('\n');
  const at = all.findIndex((l) => l.startsWith('- name:'));
  all.splice(at + 1, 0, ...lines);
  return { text: all.join('\n'), line: at + 2 };
}

describe('THT master data validates clean', () => {
  it('has the role and network files the schemas were built from', () => {
    expect(roleFiles.length).toBe(55);
    expect(networkFiles.length).toBe(6);
  });

  it.each(roleFiles)('roles/%s', (f) => {
    const path = join(THT, 'roles', f);
    expect(validateRolesData(parse(readFileSync(path, 'utf8'), path))).toEqual([]);
  });

  it.each(rolesDataFiles)('%s', (path) => {
    expect(validateRolesData(parse(readFileSync(path, 'utf8'), path))).toEqual([]);
  });

  it.each(networkFiles)('%s', (path) => {
    expect(validateNetworkData(parse(readFileSync(path, 'utf8'), path))).toEqual([]);
  });
});

describe('seeded mistakes in every role file', () => {
  it.each(roleFiles)('roles/%s: wrong type, unknown key, missing name', (f) => {
    const original = readFileSync(join(THT, 'roles', f), 'utf8');
    const role = f.replace(/\.yaml$/, '');
    const seeded = seedAfterFirstName(original, ["  disable_constraints: 'yes'", '  CountDefualt: 2']);
    const findings = validateRolesData(parse(seeded.text));
    expect(findings).toEqual([
      {
        code: 'DATA001',
        severity: 'error',
        message: `role "${role}": disable_constraints must be true or false, not the string "yes"`,
        hint: 'Write yes without quotes.',
        file: 'seeded.yaml',
        line: seeded.line,
        column: '  disable_constraints: '.length + 1,
        path: [0, 'disable_constraints'],
      },
      {
        code: 'DATA002',
        severity: 'warning',
        message: `role "${role}": unknown key "CountDefualt" (did you mean "CountDefault"?)`,
        hint: 'The templates ignore unknown keys; rename it to "CountDefault".',
        file: 'seeded.yaml',
        line: seeded.line + 1,
        column: 3,
        path: [0, 'CountDefualt'],
      },
    ]);

    const nameless = original.replace(`- name: ${role}`, `- nmae: ${role}`);
    const nameLine = lineOf(nameless, '- nmae:');
    const missing = validateRolesData(parse(nameless));
    expect(missing.map((x) => [x.severity, x.message, x.line, x.column])).toEqual([
      ['error', 'role #1: missing required key "name"', nameLine, 3],
      ['warning', 'role #1: unknown key "nmae" (did you mean "name"?)', nameLine, 3],
    ]);
  });
});

describe('seeded mistakes in every network_data file', () => {
  it.each(networkFiles)('%s: wrong type, unknown key, missing name', (path) => {
    const original = readFileSync(path, 'utf8');
    const first = /^- name: (\S+)/m.exec(original)![1]!;
    const seeded = seedAfterFirstName(original, ["  ipv6: 'true'", '  ip_subnett: 10.0.0.0/24']);
    const findings = validateNetworkData(parse(seeded.text));
    expect(findings.map((x) => [x.severity, x.message, x.line, x.column])).toEqual([
      ['error', `network "${first}": ipv6 must be true or false, not the string "true"`, seeded.line, 9],
      ['warning', `network "${first}": unknown key "ip_subnett" (did you mean "ip_subnet"?)`, seeded.line + 1, 3],
    ]);

    const nameless = original.replace(`- name: ${first}`, `- nam: ${first}`);
    const missing = validateNetworkData(parse(nameless));
    expect(missing.map((x) => [x.severity, x.message, x.line, x.column])).toEqual([
      ['error', 'network #1: missing required key "name"', lineOf(nameless, '- nam:'), 3],
      ['warning', 'network #1: unknown key "nam" (did you mean "name"?)', lineOf(nameless, '- nam:'), 3],
    ]);
  });
});

describe('nested values and file shape', () => {
  it('checks role networks given as a mapping, and serials', () => {
    const text = [
      '- name: Edge',
      '  networks:',
      '    InternalApi:',
      '      subnett: internal_api_subnet',
      '    Tenant: tenant_subnet',
      "  update_serial: 'half'",
      "  deploy_serial: '25%'",
      '  tags:',
      '',
    ].join('\n');
    expect(validateRolesData(parse(text)).map((x) => [x.severity, x.message, x.line, x.column])).toEqual([
      ['warning', 'role "Edge": unknown key "subnett" in networks.InternalApi (did you mean "subnet"?)', 4, 7],
      ['error', 'role "Edge": networks.Tenant must be a mapping, not the string "tenant_subnet"', 5, 13],
      ['error', `role "Edge": update_serial must be a count of at least 1 or a percentage such as '25%', not the string "half"`, 6, 18],
      ['error', 'role "Edge": tags must be a list, not an empty value', 8, 8],
    ]);
  });

  it('checks subnets, pools and routes of a network', () => {
    const lines = [
      '- name: InternalApi',
      '  enabled: "false"',
      '  ip_subnet: 172.16.2.0',
      '  allocation_pools: [{start: 172.16.2.4}]',
      '  subnets:',
      '    leaf1:',
      '      vlna: 11',
      '      routes: [{destination: 10.0.0.0/16, nexthop: 10.0.0.1, metric: 1}]',
    ];
    expect(validateNetworkData(parse(lines.join('\n'))).map((x) => [x.severity, x.message, x.line, x.column])).toEqual([
      ['error', 'network "InternalApi": enabled must be true or false, not the string "false"', 2, 12],
      ['error', `network "InternalApi": ip_subnet must be a subnet in CIDR notation, e.g. '172.16.2.0/24', not the string "172.16.2.0"`, 3, 14],
      ['error', 'network "InternalApi": allocation_pools[0]: missing required key "end"', 4, 22],
      ['warning', 'network "InternalApi": unknown key "vlna" in subnets.leaf1 (did you mean "vlan"?)', 7, 7],
      ['warning', 'network "InternalApi": unknown key "metric" in subnets.leaf1.routes[0]', 8, lines[7]!.indexOf('metric') + 1],
    ]);
  });

  it('wants a list of mappings', () => {
    expect(validateRolesData(parse('name: Compute\n')).map((x) => [x.message, x.line, x.column])).toEqual([
      ['the roles file must be a YAML list of role mappings, each with a name', 1, 1],
    ]);
    expect(validateRolesData(parse('')).map((x) => x.severity)).toEqual(['error']);
    expect(validateRolesData(parse('- Compute\n')).map((x) => [x.message, x.line, x.column])).toEqual([
      ['role #1 must be a mapping, not the string "Compute"', 1, 3],
    ]);
    // process-templates.py reads an empty network_data as no networks.
    expect(validateNetworkData(parse('# nothing\n'))).toEqual([]);
  });

  it('lists the known keys when nothing is close', () => {
    const [w] = validateRolesData(parse('- name: A\n  flavour_of_the_month: 1\n'));
    expect(w!.message).toBe('role "A": unknown key "flavour_of_the_month"');
    expect(w!.hint).toContain('Known keys: name, description, CountDefault');
  });
});

describe('throwOnFirstError and formatFinding', () => {
  const findings = validateRolesData(parse('- name: A\n  CountDefualt: 1\n  CountDefault: "2"\n', 'r.yaml'));

  it('throws the first error as a ThtError with its position', () => {
    let caught: unknown;
    try {
      throwOnFirstError(findings);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ThtError);
    expect((caught as ThtError).format()).toBe('r.yaml:3:17: role "A": CountDefault must be an integer, not the string "2". Write 2 without quotes.');
  });

  it('lists the further errors of the file after the first, counting those past five', () => {
    const thrown = (text: string): ThtError => {
      try {
        throwOnFirstError(validateRolesData(parse(text, 'r.yaml')));
      } catch (e) {
        return e as ThtError;
      }
      throw new Error('no error thrown');
    };
    const two = thrown('- name: A\n  CountDefault: "2"\n  tags: primary\n- name: B\n  ServicesDefault: {}\n');
    expect([two.line, two.column]).toEqual([2, 17]);
    expect(two.hint).toBe(
      'Write 2 without quotes. Also 2 more errors: r.yaml:3:9: role "A": tags must be a list, not the string "primary"; ' +
        'r.yaml:5:20: role "B": ServicesDefault must be a list, not a mapping.',
    );
    const many = thrown(Array.from({ length: 8 }, (_, i) => `- name: R${i}\n  CountDefault: x\n`).join(''));
    expect(many.hint).toMatch(/Also 7 more errors: r\.yaml:4:17: role "R1": .*; r\.yaml:12:17: role "R5": [^;]*; and 2 more\.$/);
  });

  it('does not throw for warnings only, and formats them with their position', () => {
    const warnings = findings.filter((f: DataFinding) => f.severity === 'warning');
    expect(() => throwOnFirstError(warnings)).not.toThrow();
    expect(formatFinding(warnings[0]!)).toBe(
      'r.yaml:2:3: role "A": unknown key "CountDefualt" (did you mean "CountDefault"?). The templates ignore unknown keys; rename it to "CountDefault".',
    );
  });
});

describe('editDistance', () => {
  it('counts changes, additions, deletions and swaps of neighbours, each once, an edited part never edited again', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('NovaWorkers', 'NovaWrokers')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    // Optimal string alignment: 'ca' -> 'ac' -> 'abc' would edit the swapped pair again, so it is 3, not 2.
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('abcd', 'badc')).toBe(2);
  });
});

describe('suggestKey', () => {
  const keys = ['name', 'CountDefault', 'HostnameFormatDefault', 'ServicesDefault', 'networks_skip_config'];
  it('matches case and separator slips, then near misspellings', () => {
    expect(suggestKey('countdefault', keys)).toBe('CountDefault');
    expect(suggestKey('networks-skip-config', keys)).toBe('networks_skip_config');
    expect(suggestKey('ServiceDefault', keys)).toBe('ServicesDefault');
    expect(suggestKey('HostnameFromatDefault', keys)).toBe('HostnameFormatDefault');
  });
  it('suggests nothing for an unrelated key', () => {
    expect(suggestKey('colour', keys)).toBeUndefined();
    expect(suggestKey('ab', keys)).toBeUndefined();
  });
  it('falls back to a known key the unknown one extends', () => {
    expect(suggestKey('name_lowercase', keys)).toBe('name');
    expect(suggestKey('ServicesDefaultList', keys)).toBe('ServicesDefault');
  });
});
