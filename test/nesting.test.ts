/**
 * One answer to "which nested stacks does this resource make", shared by the
 * stack walk (tht schema, tht validate) and lint's nested-template rules: a
 * registry alias leading to OS::Heat::ResourceGroup or ResourceChain is a
 * group or chain for both, and where the walk stops it says why.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironments } from '../src/heat/environment.js';
import { registryFindings } from '../src/heat/environment-checks.js';
import { readRegularFileSync } from '../src/load/files.js';
import { WALK_DEPTH_BOUND, walkStacks, type StackNode } from '../src/heat/stack.js';
import { VirtualTree } from '../src/heat/tree.js';
import { LintTree, lintTree } from '../src/lint/index.js';
import { loadPreset, type Policy } from '../src/lint/policy.js';
import { treeOf } from './helpers/cli.js';

type Files = Record<string, string>;

const template = (body: string) => `heat_template_version: rocky\n${body}`;

/** A root template whose group (and chain) is reached only through registry aliases. */
const ALIASED: Files = {
  'overcloud.yaml': template(
    [
      'resources:',
      '  Nodes:',
      '    type: OS::Tht::Group',
      '    properties:',
      '      resource_def:',
      '        type: OS::Tht::Node',
      '        properties:',
      '          NodeIndex: "%index%"',
      '          Bogus: 1',
      '  Services:',
      '    type: OS::Tht::Chain',
      '    properties:',
      '      resources: [OS::Tht::Service]',
      '      resource_properties:',
      '        RoleName: Compute',
      '',
    ].join('\n'),
  ),
  'node.yaml': template('parameters:\n  NodeIndex: {type: number}\n  NeedsValue: {type: string}\n'),
  'service.yaml': template('parameters:\n  ServiceOnly: {type: string, default: x}\n'),
  'env.yaml': [
    'resource_registry:',
    '  OS::Tht::Group: OS::Tht::GroupAlias',
    '  OS::Tht::GroupAlias: OS::Heat::ResourceGroup',
    '  OS::Tht::Chain: OS::Heat::ResourceChain',
    '  OS::Tht::Node: node.yaml',
    '  OS::Tht::Service: service.yaml',
    '',
  ].join('\n'),
};

let policy: Policy;
beforeAll(async () => {
  policy = await loadPreset('tht-master');
});

function lintFiles(root: string, files: Files, select: string[]) {
  const tree = new LintTree({ templatesDir: root, files: [], staticFiles: Object.keys(files) });
  return lintTree(tree, { policy, select, environments: ['env.yaml'] }).findings.map((f) => [f.code, f.file, f.line, f.message]);
}

describe('a registry alias to OS::Heat::ResourceGroup or ResourceChain', () => {
  it('is a group (and a chain) in the stack walk that tht schema reads', () => {
    const root = treeOf(ALIASED);
    const tree = new VirtualTree(root, []);
    const walk = walkStacks({ tree, env: loadEnvironments(tree, ['env.yaml']) });
    const shape = (n: StackNode): unknown => [n.name, n.kind, n.file ?? null, n.children.map(shape)];
    expect(shape(walk.root)).toEqual([
      '',
      'template',
      'overcloud.yaml',
      [
        ['Nodes', 'group', null, [['0', 'template', 'node.yaml', []]]],
        ['Services', 'chain', null, [['0', 'template', 'service.yaml', []]]],
      ],
    ]);
    const member = walk.root.children[0]!.children[0]!;
    expect(member.parameters.find((p) => p.def.name === 'NodeIndex')!.value).toBe(0);
  });

  it('is followed by lint alike: the member gets the properties the group passes', () => {
    const root = treeOf(ALIASED);
    expect(lintFiles(root, ALIASED, ['HOT009', 'HOT010'])).toEqual([
      ['HOT010', 'overcloud.yaml', 7, 'node.yaml (used by Nodes) needs parameter NeedsValue: no default, not passed, not in parameter_defaults'],
      ['HOT009', 'overcloud.yaml', 10, 'node.yaml (used by Nodes) does not declare parameter Bogus'],
      ['HOT009', 'overcloud.yaml', 16, 'service.yaml (used by Services) does not declare parameter RoleName'],
    ]);
  });
});

describe('the walk does not stop silently', () => {
  it('a registry cycle reached as a group member is a problem at the resource', () => {
    const files: Files = {
      'overcloud.yaml': template('resources:\n  Nodes:\n    type: OS::Heat::ResourceGroup\n    properties:\n      resource_def:\n        type: OS::Tht::A\n'),
      'env.yaml': 'resource_registry:\n  OS::Tht::A: OS::Tht::B\n  OS::Tht::B: OS::Tht::A\n',
    };
    const tree = new VirtualTree(treeOf(files), []);
    const walk = walkStacks({ tree, env: loadEnvironments(tree, ['env.yaml']) });
    expect(walk.problems.map((p) => [p.message, p.file, p.path])).toEqual([
      ['registry aliases for OS::Tht::A loop', 'overcloud.yaml', ['resources', 'Nodes', 'properties', 'resource_def', 'type']],
    ]);
  });

  it('nesting deeper than the bound is a clear error, not a stack overflow', () => {
    // level0.yaml nests level1.yaml ... each a different template, so no cycle stops it.
    const depth = WALK_DEPTH_BOUND + 20;
    const files: Files = { 'overcloud.yaml': template('resources:\n  Next:\n    type: level0.yaml\n') };
    for (let i = 0; i < depth; i++) files[`level${i}.yaml`] = template(`resources:\n  Next:\n    type: level${i + 1}.yaml\n`);
    files[`level${depth}.yaml`] = template('');
    const tree = new VirtualTree(treeOf(files), []);
    // level<n>.yaml is n + 1 deep; the first past the bound is named, in the template that nests it.
    const deepest = `level${WALK_DEPTH_BOUND}.yaml`;
    expect(() => walkStacks({ tree, env: loadEnvironments(tree, []) })).toThrow(
      `stacks nest more than ${WALK_DEPTH_BOUND} deep (${deepest} is ${WALK_DEPTH_BOUND + 1} deep), more than tht follows`,
    );
  });
});

describe('registry entries name regular files inside reach', () => {
  it('a folder, a device and a file outside the tree are findings, and never read', () => {
    const files: Files = {
      'overcloud.yaml': template('resources:\n  A:\n    type: OS::Tht::Folder\n  B:\n    type: OS::Tht::Mem\n  C:\n    type: OS::Tht::Outside\n'),
      'sub/keep.yaml': template(''),
      'env.yaml': 'resource_registry:\n  OS::Tht::Folder: sub\n  OS::Tht::Mem: /proc/self/mem\n  OS::Tht::Outside: ../elsewhere.yaml\n',
    };
    const root = treeOf(files);
    writeFileSync(join(dirname(root), 'elsewhere.yaml'), template(''));
    const reads: string[] = [];
    const tree = new VirtualTree(root, [], [], {
      read: (path) => {
        reads.push(path);
        return readRegularFileSync(path);
      },
    });
    const env = loadEnvironments(tree, ['env.yaml']);
    // `sub` has no .yaml ending, so Heat takes it as a type name; the registry check still sees it names a file.
    expect(registryFindings(env.files[0]!, tree).map((f) => f.message)).toEqual([
      `registry entry OS::Tht::Folder points at sub, which is a folder, not a regular file (resolved to ${join(root, 'sub')})`,
      'registry entry OS::Tht::Mem points at /proc/self/mem, which is outside the template tree and the folders of the environment files given',
      `registry entry OS::Tht::Outside points at ../elsewhere.yaml, which is outside the template tree and the folders of the environment files given (resolved to ${join(dirname(root), 'elsewhere.yaml')})`,
    ]);
    // Only the .yaml value is a template to the walk; Heat takes the other two as type names.
    const walk = walkStacks({ tree, env });
    expect(walk.problems.map((p) => p.message)).toEqual([
      `OS::Tht::Outside maps to ${join(dirname(root), 'elsewhere.yaml')}, which is outside the template tree and the folders of the environment files given`,
    ]);
    expect(reads.filter((p) => p.startsWith('/proc') || p === join(dirname(root), 'elsewhere.yaml'))).toEqual([]);
  });
});
