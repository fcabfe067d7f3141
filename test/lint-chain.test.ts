/**
 * HOT009/HOT010 follow OS::Heat::ResourceChain members: every service
 * template a role's chain pulls in (the member list is the role's service
 * list, passed down from parameter_defaults) gets the chain's
 * resource_properties, so it must declare each of them and get a value for
 * each parameter without a default.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/api/lint.js';
import { copyOfThtMaster } from './helpers/cli.js';
import { GOLDEN, THT_MASTER } from './helpers/fixtures.js';

const KEYSTONE = 'deployment/keystone/keystone-container-puppet.yaml';
const CHAIN = 'common/services/controller-role.yaml';

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`not found: ${needle}`);
  return text.slice(0, i).split('\n').length;
}

describe('nested-template rules on ResourceChain members', () => {
  it('THT master gives no HOT009/HOT010 finding although the chains are now followed', async () => {
    const report = await lint({ templates: THT_MASTER, select: ['HOT009', 'HOT010'] });
    expect(report.findings).toEqual([]);
  });

  let tree: string;
  beforeAll(() => {
    tree = copyOfThtMaster();
  });

  it('HOT009: a service template that does not declare a property its chain passes', async () => {
    const path = join(tree, KEYSTONE);
    const original = readFileSync(path, 'utf8');
    const declaration = "  RoleName:\n    default: ''\n    description: Role name on which the service is applied\n    type: string\n";
    expect(original).toContain(declaration);
    writeFileSync(path, original.replace(declaration, ''));
    try {
      const { findings } = await lint({ templates: tree, select: ['HOT009'] });
      const chain = readFileSync(join(GOLDEN, 'tht-master-default', CHAIN), 'utf8');
      expect(findings.map((f) => ({ code: f.code, file: f.file, line: f.line, template: f.template }))).toEqual([
        { code: 'HOT009', file: CHAIN, line: lineOf(chain, '        RoleName: {get_param: RoleName}'), template: 'common/services/role.role.j2.yaml' },
      ]);
      expect(findings[0]!.message).toMatch(/keystone-container-puppet\.yaml .*does not declare parameter RoleName/);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('HOT010: a service parameter without a default that neither the chain nor parameter_defaults sets', async () => {
    const path = join(tree, KEYSTONE);
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('\nparameters:\n', '\nparameters:\n  KeystoneSeededRequired:\n    type: string\n'));
    try {
      const { findings } = await lint({ templates: tree, select: ['HOT010'] });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ code: 'HOT010', file: CHAIN });
      expect(findings[0]!.message).toMatch(/keystone-container-puppet\.yaml \(used by ServiceChain\) needs parameter KeystoneSeededRequired/);
    } finally {
      writeFileSync(path, original);
    }
  });
});
