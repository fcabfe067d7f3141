import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildSchemaModel } from '../src/schema/model.js';
import { validate } from '../src/api/schema.js';
import type { Finding } from '../src/load/finding.js';
import { displayPath } from '../src/load/paths.js';
import { suggestKey } from '../src/load/suggest.js';
import { validateEnvironments } from '../src/schema/validate.js';
import { renderFixture, THT } from './helpers/rendered.js';
import { runCli, type CliRun } from './helpers/cli.js';

const render = await renderFixture('default');
const tmp = mkdtempSync(join(tmpdir(), 'tht-validate-'));

/** Write an environment file; returns its path. */
function envFile(name: string, lines: string[]): string {
  const p = join(tmp, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

/** The 1-based line and column where `needle` starts in the file's lines. */
function at(lines: string[], needle: string, occurrence = 0): { line: number; column: number } {
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i]!.indexOf(needle);
    if (col >= 0 && seen++ === occurrence) return { line: i + 1, column: col + 1 };
  }
  throw new Error(`${needle} not in file`);
}

const MISTAKES = [
  'resource_registry:',
  `  OS::TripleO::Services::Aide: ${join(THT, 'deployment/aide/no-such-file.yaml')}`,
  '  OS::TripleO::Services::Tuned: ../relative/missing.yaml',
  'parameter_defaults:',
  '  NovaWorkrs: 4',
  '  NovaWorkers: lots',
  '  EnablePackageInstall: maybe',
  '  NovaLibvirtRxQueueSize: 300',
  '  NovaComputeImageCacheManagerInterval: -5',
  '  ExtraConfig: 42',
  '  BondInterfaceOvsOptions: "bond_mode=balance-tcp"',
  '  ServiceNetMapDeprecatedMapping: {}',
  '  ComputeParameters:',
  '    KeystoneWorkers: 2',
  '    NovaLibvirtTxQueueSize: 99',
  '    NovaRbdPoolNam: vms',
  '  ContainerCli: podman',
  '  DesignateWorkers: 2',
  'parameters:',
  '  ComputeCount: 2',
  '  NovaWorkers: 3',
  'paramter_defaults: {}',
];
const mistakesFile = envFile('mistakes.yaml', MISTAKES);
// The library's validate: the environment files' findings, then what Heat refuses in the deployment (here its registry paths).
const { findings } = await validate({ templates: THT, environments: [mistakesFile] });

function finding(code: string, text: string): Finding {
  const f = findings.find((x) => x.code === code && x.message.includes(text));
  if (!f) throw new Error(`no ${code} finding about ${text}; got:\n${findings.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`).join('\n')}`);
  expect(f.file).toBe(mistakesFile);
  return f;
}

describe('tht validate findings', () => {
  test('unknown parameter names, with a did-you-mean', () => {
    const f = finding('ENV005', '"NovaWorkrs"');
    expect(f.message).toContain('did you mean "NovaWorkers"?');
    expect(f).toMatchObject(at(MISTAKES, 'NovaWorkrs'));
    expect(finding('ENV005', '"NovaRbdPoolNam" in ComputeParameters')).toMatchObject(at(MISTAKES, 'NovaRbdPoolNam'));
    // The parameters section only takes the root template's parameters (Heat rejects others).
    expect(finding('ENV007', "takes only the root template's")).toMatchObject(at(MISTAKES, 'NovaWorkers', 1));
    expect(findings.some((x) => x.message.includes('"ComputeCount"'))).toBe(false);
  });

  test('names declared only by templates the deployment leaves out are a warning, naming the template', () => {
    const f = finding('ENV006', '"DesignateWorkers" is not used by this deployment');
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/deployment\/experimental\/designate\/designate-\S+\.yaml declares it/);
    expect(f).toMatchObject(at(MISTAKES, 'DesignateWorkers'));
  });

  test('wrong types, at the value', () => {
    expect(finding('ENV008', '"NovaWorkers" is a number parameter')).toMatchObject(at(MISTAKES, 'lots'));
    expect(finding('ENV008', '"EnablePackageInstall" is a boolean parameter')).toMatchObject(at(MISTAKES, 'maybe'));
    expect(finding('ENV008', '"ExtraConfig" is a json parameter; got a number').severity).toBe('error');
  });

  test('constraint violations: allowed values, range, pattern', () => {
    expect(finding('ENV008', '"NovaLibvirtRxQueueSize" must be one of [256,512,1024]')).toMatchObject(at(MISTAKES, '300'));
    expect(finding('ENV008', '"NovaComputeImageCacheManagerInterval" must be >= -1')).toMatchObject(at(MISTAKES, '-5'));
    const pattern = finding('ENV008', '"BondInterfaceOvsOptions" must match');
    expect(pattern.message).toContain('balance-tcp bond mode is known to cause packet loss');
    expect(pattern).toMatchObject(at(MISTAKES, '"bond_mode'));
    // Values under <Role>Parameters are checked too.
    expect(finding('ENV008', '"NovaLibvirtTxQueueSize" must be one of')).toMatchObject(at(MISTAKES, '99'));
  });

  test('keys under <Role>Parameters that are not tagged role_specific', () => {
    const f = finding('ENV009', '"KeystoneWorkers" is not tagged role_specific');
    expect(f).toMatchObject(at(MISTAKES, 'KeystoneWorkers'));
  });

  test('deprecated parameters', () => {
    const f = finding('ENV011', 'ServiceNetMapDeprecatedMapping');
    expect(f.severity).toBe('warning');
    expect(f).toMatchObject(at(MISTAKES, 'ServiceNetMapDeprecatedMapping'));
  });

  test('registry entries that point at missing files, relative to the environment file', () => {
    expect(finding('ENV002', 'no-such-file.yaml')).toMatchObject(at(MISTAKES, join(THT, 'deployment/aide/no-such-file.yaml')));
    const rel = finding('ENV002', '../relative/missing.yaml');
    expect(rel.message).toContain(join(tmp, '..', 'relative/missing.yaml'));
    expect(rel).toMatchObject(at(MISTAKES, '../relative/missing.yaml'));
  });

  test('sections Heat does not know', () => {
    expect(finding('ENV001', 'wrong section "paramter_defaults"')).toMatchObject(at(MISTAKES, 'paramter_defaults'));
  });

  test('values that are right produce no finding', () => {
    const lines = [
      'resource_registry:',
      '  OS::TripleO::Services::Aide: ../deployment/aide/aide-baremetal-ansible.yaml'.replace('..', THT),
      'parameter_defaults:',
      '  NovaWorkers: 4',
      '  EnablePackageInstall: "yes"',
      '  NovaLibvirtRxQueueSize: "1024"',
      '  ComputeParameters:',
      '    NovaLibvirtTxQueueSize: 1024',
      '  ControllerExtraConfig: {foo: bar}',
    ];
    const clean = validateEnvironments(buildSchemaModel(render, [envFile('clean.yaml', lines)]));
    expect(clean).toEqual([]);
  });

  test('did-you-mean ignores case and far-off names', () => {
    expect(suggestKey('novaworkers', ['NovaWorkers', 'Other'])).toBe('NovaWorkers');
    expect(suggestKey('Completely', ['NovaWorkers'])).toBeUndefined();
  });
});

describe('tht validate on the command line', () => {
  let last: CliRun;
  const run = async (...args: string[]) => {
    last = await runCli('validate', '-p', THT, ...args);
    return last.code;
  };

  test('exit 1 with file:line:column findings, 0 when clean, 2 on unusable input', async () => {
    expect(await run('-e', mistakesFile)).toBe(1);
    const { line, column } = at(MISTAKES, 'lots');
    expect(last.stdout).toContain(`${displayPath(mistakesFile)}:${line}:${column}: error: "NovaWorkers" is a number parameter`);
    expect(await run('-e', envFile('ok.yaml', ['parameter_defaults:', '  NovaWorkers: 2']))).toBe(0);
    expect(last.stderr).toContain('no problems found');
    expect(await run('-e', join(tmp, 'absent.yaml'))).toBe(2);
    expect(last.stderr).toBe(`error: cannot find the environment file ${join(tmp, 'absent.yaml')}: there is no ${displayPath(join(tmp, 'absent.yaml'))}. Give a path relative to the current folder, or to the template tree.\n`);
    expect(await run('-e', envFile('broken.yaml', ['parameter_defaults:', '  A: [1, 2']))).toBe(2);
    expect(last.stderr).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
    // Without -e, the deployment itself: THT master with its default roles is one Heat accepts.
    expect(await run()).toBe(0);
    expect(last.stderr).toContain('no problems found in 0 environment file(s)');
  });

  test('--format json lists the findings', async () => {
    expect(await run('-e', mistakesFile, '--format', 'json')).toBe(1);
    const parsed = JSON.parse(last.stdout) as { findings: Finding[] };
    expect(parsed.findings.length).toBe(findings.length);
    expect(parsed.findings.every((f) => f.line > 0 && f.column > 0)).toBe(true);
  });
});
