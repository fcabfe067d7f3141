/**
 * One problem of the nested-stack walk, one answer: a function Heat's
 * validate fails on, a registry loop and a nested template that does not
 * exist are reported by `tht validate` and `tht lint` as findings with the
 * same code, position and message, and `tht schema` (which fails on none of
 * them) warns with the same finding on stderr; `tht environments show` and
 * `tht schema` name an environment file's departures from Heat's format with
 * validate's codes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/api/lint.js';
import { environment, schema, validate } from '../src/api/schema.js';
import { formatFinding, type Finding } from '../src/load/finding.js';
import { runCli, treeOf } from './helpers/cli.js';

const HOT = 'heat_template_version: wallaby\n';

/** A tree whose root passes a list of numbers to a comma_delimited_list parameter (Python's join fails), loops two aliases and names a missing template. */
function brokenTree(): string {
  return treeOf({
    'roles_data.yaml': '- name: A\n',
    'network_data.yaml': '',
    'overcloud-resource-registry-puppet.yaml': 'resource_registry:\n  Loop::A: Loop::B\n  Loop::B: Loop::A\n',
    'overcloud.yaml': `${HOT}resources:\n  Nested:\n    type: nested.yaml\n    properties:\n      Value: [1, 2]\n  Looped:\n    type: Loop::A\n  Gone:\n    type: gone.yaml\n`,
    'nested.yaml': `${HOT}parameters:\n  Value:\n    type: comma_delimited_list\n`,
  });
}

const row = (f: Finding) => [f.code, f.severity, f.file, f.line, f.column, f.message];

describe('the walk\'s problems, the same in every command', async () => {
  const root = brokenTree();
  const validated = (await validate({ templates: root })).findings.map(row);
  // lint's HOT012 is its own rule over every template of the tree, in validate's words; HOT015 is validate's.
  const linted = (await lint({ templates: root, select: ['HOT012', 'HOT015'] })).findings.map(row);
  const warned = (await schema({ templates: root })).warnings;

  it('validate and lint give the same findings, with the codes of what Heat refuses', () => {
    expect(validated).toEqual([
      ['HOT015', 'error', 'overcloud.yaml', 6, 7, "sequence item: expected str instance, int found. Heat's validate fails here; fix the function call or the value it reads."],
      ['HOT015', 'error', 'overcloud.yaml', 8, 11, 'registry aliases for Loop::A loop: Heat cannot build this stack. Map the type to a template that does not lead back to itself.'],
      ['HOT012', 'error', 'overcloud.yaml', 10, 11, expect.stringMatching(/^gone\.yaml, which does not exist, so heatclient cannot send the request\. Paths are relative/)],
    ]);
    expect([...linted].sort()).toEqual([...validated].sort());
  });

  it('schema warns with the same findings, files as they open from here', () => {
    const shown = validated.map(([code, severity, file, ...rest]) => [code, severity, join(root, file as string), ...rest]);
    expect(warned.map(row).sort()).toEqual(shown.sort());
  });

  it('on the command line: validate exits 1, schema warns on stderr and exits 0', async () => {
    const v = await runCli('validate', '-p', root);
    expect(v.code).toBe(1);
    const s = await runCli('schema', '-p', root, '-o', join(root, 'schema.json'));
    expect(s.code).toBe(0);
    expect(s.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual(warned.map((w) => `warning: ${formatFinding(w)}`));
  });
});

describe('an environment file\'s format, the same in every command', () => {
  it('environments show and schema give ENV001 and ENV004 as validate does, a null section only a warning', async () => {
    const root = treeOf({
      'roles_data.yaml': '- name: A\n',
      'network_data.yaml': '',
      'overcloud-resource-registry-puppet.yaml': 'resource_registry: {}\n',
      'overcloud.yaml': `${HOT}resources: {}\n`,
      'env.yaml': 'event_sinks:\nparamter_defaults: {}\n',
    });
    const file = join(root, 'env.yaml');
    const expected = [
      ['ENV004', 'warning', file, 1, 1],
      ['ENV001', 'error', file, 2, 1],
    ];
    const shown = (await environment({ templates: root, file })).problems.map((f) => row(f).slice(0, 5));
    expect(shown).toEqual(expected);
    const validated = (await validate({ templates: root, environments: [file] })).findings.map((f) => [f.code, f.severity, join(root, f.file), f.line, f.column]);
    expect(validated).toEqual(expected);
    const warned = (await schema({ templates: root, environments: [file] })).warnings.filter((w) => w.file === file);
    expect(warned.map((f) => row(f).slice(0, 5))).toEqual(expected);
    const run = await runCli('environments', 'show', file, '-p', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^warning: ${file}:1:1: .*\nerror: ${file}:2:1: environment has wrong section "paramter_defaults"`));
  });
});
