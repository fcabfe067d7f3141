/**
 * One environment file, one answer: `tht validate -e F` and `tht lint -e F`
 * run the same environment checks and give F the same findings (code,
 * severity, position, message), duplicated keys included.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/api/lint.js';
import { validate } from '../src/api/schema.js';
import { THT_MASTER } from './helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tht-env-checks-'));
const LINES = [
  'resource_registry:',
  '  OS::TripleO::Services::Aide: ./nowhere/aide.yaml',
  'parameter_defaults:',
  '  NovaWorkrs: 4',
  '  NovaWorkers: lots',
  '  EnablePackageInstall: true',
  '  EnablePackageInstall: false',
  '  ComputeParameters:',
  '    KeystoneWorkers: 2',
  '  DesignateWorkers: 2',
  'parameters:',
  '  NovaWorkers: 3',
  'event_sinks:',
  'paramter_defaults: {}',
];
const ENV = join(dir, 'my-env.yaml');
writeFileSync(ENV, `${LINES.join('\n')}\n`);

/** The line and column of a needle, as findings give them. */
function at(needle: string, occurrence = 0): [number, number] {
  let seen = 0;
  for (let i = 0; i < LINES.length; i++) {
    const col = LINES[i]!.indexOf(needle);
    if (col >= 0 && seen++ === occurrence) return [i + 1, col + 1];
  }
  throw new Error(`${needle} not in the file`);
}

describe('validate and lint -e on one environment file', async () => {
  const validated = (await validate({ templates: THT_MASTER, environments: [ENV] })).findings.map((f) => [f.code, f.severity, f.file, f.line, f.column, f.message]);
  const linted = (await lint({ templates: THT_MASTER, environments: [ENV], select: ['ENV', 'YAML'] })).findings
    .filter((f) => f.file === ENV)
    .map((f) => [f.code, f.severity, f.file, f.line, f.column, f.message]);
  const order = (a: unknown[], b: unknown[]) => (a[3] as number) - (b[3] as number) || (a[4] as number) - (b[4] as number) || String(a[0]).localeCompare(String(b[0]));

  it('give the same findings', () => {
    expect(linted.length).toBeGreaterThan(0);
    expect([...linted].sort(order)).toEqual([...validated].sort(order));
  });

  it('with one code and one severity for each kind of problem, at its place', () => {
    const codes = validated.map((f) => [f[0], f[1], f[3], f[4]]).sort((a, b) => order(a as unknown[], b as unknown[]));
    expect(codes).toEqual(
      [
        ['ENV002', 'error', ...at('./nowhere/aide.yaml')],
        ['ENV005', 'error', ...at('NovaWorkrs')],
        ['ENV008', 'error', ...at('lots')],
        ['YAML002', 'warning', ...at('EnablePackageInstall', 1)],
        ['ENV009', 'error', ...at('KeystoneWorkers')],
        ['ENV006', 'warning', ...at('DesignateWorkers')],
        ['ENV007', 'error', ...at('NovaWorkers', 1)],
        ['ENV004', 'warning', ...at('event_sinks')],
        ['ENV001', 'error', ...at('paramter_defaults')],
      ].sort((a, b) => order(a as unknown[], b as unknown[])),
    );
  });

  it('the duplicated key is reported by both', () => {
    const duplicate = (rows: unknown[][]) => rows.filter((f) => f[0] === 'YAML002').map((f) => f[5]);
    expect(duplicate(validated)).toEqual(['duplicate key "EnablePackageInstall": the earlier value is ignored']);
    expect(duplicate(linted)).toEqual(duplicate(validated));
  });
});
