/**
 * deployed-values.ts on small trees: what a get_attr gives once the stacks
 * exist, by Heat's rules (attributes.py select_from_attribute, the
 * ResourceChain's per-member attributes, OS::Heat::None's None,
 * OS::Heat::Value's value), and what stays as written.
 */
import { describe, expect, it } from 'vitest';
import { loadEnvironments } from '../src/heat/environment.js';
import { AsWritten, DeployedValues, asWritten, type LostParts } from '../src/heat/deployed-values.js';
import { walkStacks, type StackNode } from '../src/heat/stack.js';
import { VirtualTree } from '../src/heat/tree.js';

const CHILD = `heat_template_version: rocky
parameters:
  Name: {type: string, default: from-default}
  Address: {type: string, default: ''}
outputs:
  data:
    value:
      list: [a, b]
      name: {get_param: Name}
      address: {get_param: Address}
      joined: {list_join: ['-', [{get_param: Name}, x]]}
`;

const ROOT = `heat_template_version: wallaby
parameters:
  Flag: {type: boolean, default: false}
conditions:
  flag: {get_param: Flag}
resources:
  Server:
    type: OS::Nova::Server
  Known:
    type: OS::Heat::Value
    properties:
      value: {k: [1, 2]}
  Loop1:
    type: OS::Heat::Value
    properties: {value: {get_attr: [Loop2, value]}}
  Loop2:
    type: OS::Heat::Value
    properties: {value: {get_attr: [Loop1, value]}}
  Disabled:
    type: OS::Heat::Value
    condition: flag
    properties: {value: 1}
  Nothing:
    type: Test::None
  Child:
    type: Test::Child
    properties:
      Name: {get_attr: [Known, value, k, 0]}
      Address: {get_attr: [Server, first_address]}
  Chain:
    type: OS::Heat::ResourceChain
    properties:
      resources: [Test::Child, Test::None, Test::Child]
      resource_properties:
        Name: chained
outputs:
  path: {value: {get_attr: [Child, data, list, 1]}}
  nowhere: {value: [{get_attr: [Child, data, list, 5]}, {get_attr: [Child, data, missing]}, {get_attr: [Child, data, name, x]}]}
  passed: {value: {get_attr: [Child, data, name]}}
  server: {value: {get_attr: [Child, data]}}
  joined: {value: {get_attr: [Child, data, joined]}}
  chain: {value: {get_attr: [Chain, data, name]}}
  none: {value: [{get_attr: [Nothing, anything]}, {get_attr: [Disabled, value]}]}
  loop: {value: {get_attr: [Loop1, value]}}
  merged: {value: {map_merge: [{a: 1}, {get_attr: [Server, x]}, {b: {get_resource: Server}}]}}
  branch: {value: [{if: [flag, {get_attr: [Server, x]}]}, {if: [flag, 1, {get_attr: [Known, value]}]}]}
`;

function deployment(): { values: DeployedValues; root: StackNode } {
  const tree = new VirtualTree('/nowhere', [
    ['root.yaml', ROOT],
    ['child.yaml', CHILD],
    ['reg.yaml', 'resource_registry:\n  Test::Child: child.yaml\n  Test::None: OS::Heat::None\n'],
  ]);
  const env = loadEnvironments(tree, ['reg.yaml']);
  const walk = walkStacks({ tree, env, root: 'root.yaml' });
  return { values: new DeployedValues({ tree, env, root: walk.root }), root: walk.root };
}

describe('values as the deployed stacks hold them', () => {
  const { values, root } = deployment();
  const out = (name: string, lost: LostParts = []) => values.output(root, name, lost);

  it("follows a get_attr into a nested stack's output, its path as select_from_attribute follows it", () => {
    expect(out('path')).toBe('b');
    // An index past the end, a missing key, a key into a string: None.
    expect(out('nowhere')).toEqual([null, null, null]);
  });

  it("gives a nested stack the deployed value of a Value's get_attr, and keeps a server's as written", () => {
    // Known's value is {k: [1, 2]}: the string parameter gets str(1).
    expect(out('passed')).toBe('1');
    const data = out('server') as Record<string, unknown>;
    expect(data.address).toBeInstanceOf(AsWritten);
    expect(asWritten(data)).toEqual({ list: ['a', 'b'], name: '1', address: { get_param: 'Address' }, joined: '1-x' });
    expect(values.parameter(root.children.find((c) => c.name === 'Child')!, 'Address')).toEqual({ known: false });
  });

  it("gives a ResourceChain's attribute per member, None for a member mapped to OS::Heat::None", () => {
    expect(out('chain')).toEqual(['chained', null, 'chained']);
  });

  it('gives None for OS::Heat::None and for a resource whose condition is false', () => {
    expect(out('none')).toEqual([null, null]);
  });

  it('keeps a Value that needs itself as written, without looping', () => {
    expect(asWritten(out('loop'))).toEqual({ get_attr: ['Loop1', 'value'] });
  });

  it('merges the known members of a map_merge, and hands the unknown one back as lost', () => {
    const lost: LostParts = [];
    expect(asWritten(out('merged', lost))).toEqual({ a: 1, b: { get_resource: 'Server' } });
    expect(lost.map((l) => l.written)).toEqual([{ get_attr: ['Server', 'x'] }]);
  });

  it('takes the branch of an if, leaving out an if without a false branch that is false', () => {
    expect(out('branch')).toEqual([{ k: [1, 2] }]);
  });
});
