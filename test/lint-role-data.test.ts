/**
 * THT027: service role_data against schemas/service-role-data.schema.json.
 * A real service template is copied into a temp tree, one wrong type is
 * seeded, and the finding must point at the seeded value; THT master itself
 * is checked whole (rendered in memory with the default roles).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LintTree, lintTree, type Finding } from '../src/lint/index.js';
import { loadPreset, type Policy } from '../src/lint/policy.js';
import { renderTree } from '../src/render/index.js';
import { THT_MASTER } from './helpers/fixtures.js';

const KEYSTONE = 'deployment/keystone/keystone-container-puppet.yaml';
const keystone = readFileSync(join(THT_MASTER, KEYSTONE), 'utf8');

let policy: Policy;
beforeAll(async () => {
  policy = await loadPreset('tht-master');
});

function lint(files: Record<string, string>): Finding[] {
  const root = mkdtempSync(join(tmpdir(), 'tht-role-data-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const tree = new LintTree({ templatesDir: root, files: [], staticFiles: Object.keys(files) });
  return lintTree(tree, { policy, select: ['THT027'], environments: [] }).findings;
}

/** Keystone with the first `from` replaced by `to` (failing loudly if `from` is not there). */
function seeded(from: string, to: string): string {
  const i = keystone.indexOf(from);
  if (i < 0) throw new Error(`seed text not found: ${from}`);
  return keystone.slice(0, i) + to + keystone.slice(i + from.length);
}

/** 1-based line and column of `needle` in `text`. */
function at(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`needle not found: ${needle}`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

const where = (f: Finding) => ({ code: f.code, file: f.file, line: f.line, column: f.column });

describe('THT027 role_data types', () => {
  it('finds nothing in the real keystone template', () => {
    expect(lint({ [KEYSTONE]: keystone })).toEqual([]);
  });

  const cases = [
    {
      what: 'a task list that is a string',
      from: '      host_prep_tasks:',
      to: '      upgrade_tasks: "not a list"\n      host_prep_tasks:',
      needle: '"not a list"',
      message: /^role_data upgrade_tasks must be a list of Ansible tasks or a Heat function call, not the string "not a list"$/,
    },
    {
      what: 'a service_name that is a list',
      from: 'service_name: keystone',
      to: 'service_name: [keystone]',
      needle: '[keystone]',
      message: /^role_data service_name must be a string .*, not a list$/,
    },
    {
      what: 'a task that is a string',
      from: '      external_upgrade_tasks:\n',
      to: '      external_upgrade_tasks:\n        - restart keystone\n',
      needle: 'restart keystone',
      message: /^role_data external_upgrade_tasks\[0\] must be an Ansible task \(a mapping\) or a list of tasks/,
    },
    {
      what: 'firewall rules written as a list (the aggregator map_merges them)',
      from: "        '111 keystone':",
      to: "        - '111 keystone':",
      needle: "- '111 keystone'",
      message: /^role_data firewall_rules must be a mapping of mappings/,
    },
    {
      what: 'a misspelt function name, which Heat leaves as a plain mapping',
      from: 'host_prep_tasks: {get_attr:',
      to: 'host_prep_tasks: {get_atr:',
      needle: '{get_atr:',
      message: /^role_data host_prep_tasks must be a list of Ansible tasks .*, not a mapping$/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.what} at the value`, () => {
      const text = seeded(c.from, c.to);
      const findings = lint({ [KEYSTONE]: text });
      expect(findings.map(where)).toEqual([{ code: 'THT027', file: KEYSTONE, ...at(text, c.needle) }]);
      expect(findings[0]!.severity).toBe('error');
      expect(findings[0]!.message).toMatch(c.message);
    });
  }

  it('accepts a function call anywhere a typed value goes, and null sections', () => {
    const text = seeded('service_name: keystone', 'service_name: {get_param: KeystoneServiceName}\n      upgrade_tasks: null');
    expect(lint({ [KEYSTONE]: text })).toEqual([]);
  });

  it('checks each part of a role_data built with map_merge', () => {
    const edge = 'deployment/glance/glance-api-edge-container-puppet.yaml';
    const text = readFileSync(join(THT_MASTER, edge), 'utf8');
    expect(lint({ [edge]: text })).toEqual([]);
    const broken = text.replace('- service_name: glance_api_edge', '- service_name: 42');
    expect(lint({ [edge]: broken }).map(where)).toEqual([{ code: 'THT027', file: edge, ...at(broken, '42') }]);
  });
});

describe('THT027 on THT master', () => {
  it('finds only the firewall_rules list of the Nuage controller plugin, which map_merge rejects', async () => {
    const tree = new LintTree(await renderTree({ templatesDir: THT_MASTER }));
    const findings = lintTree(tree, { policy, select: ['THT027'] }).findings;
    const nuage = 'deployment/neutron/neutron-controller-plugin-nuage.yaml';
    const text = tree.get(nuage)!.text;
    // The aggregator's FirewallRules is `map_merge: {yaql: list(...firewall_rules...)}`: a list item is not a map.
    expect(text).toMatch(/^ {6}firewall_rules:\n {8}- if:/m);
    expect(findings.map(where)).toEqual([{ code: 'THT027', file: nuage, ...at(text, '- if:') }]);
  });
});
