/**
 * The input every schema format is made from: the rendered tree, the merged
 * environments (the rendered resource registry first, then each `-e` file in
 * order) and the walk of every nested stack, plus which role each stack
 * belongs to.
 */
import { suggestKey } from '../load/suggest.js';
import { ThtError } from '../load/errors.js';
import type { RenderResult } from '../render/types.js';
import { parseEnvironment, mergeEnvironments, type Environment, type EnvironmentFile } from '../heat/environment.js';
import { walkStacks, type StackNode, type WalkResult } from '../heat/stack.js';
import type { HotParamType } from '../heat/template.js';
import { treeFromRender, type VirtualTree } from '../heat/tree.js';

/** The registry THT renders; Heat gets it as the first environment file. */
const RESOURCE_REGISTRY = 'overcloud-resource-registry-puppet.yaml';
const ROOT_TEMPLATE = 'overcloud.yaml';

export interface SchemaModel {
  tree: VirtualTree;
  env: Environment;
  walk: WalkResult;
  /** Role names from the render, in roles-file order. */
  roles: string[];
  /** Virtual-tree keys of the operator's `-e` files, in order. */
  userEnvironments: string[];
}

/** True when a tree has what a deployment starts from: the root template and the resource registry. */
export function hasDeploymentRoot(tree: { has(key: string): boolean }): boolean {
  return tree.has(RESOURCE_REGISTRY) && tree.has(ROOT_TEMPLATE);
}

/** Build the model from a render and the operator's environment files (file system paths). */
export function buildSchemaModel(render: Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles' | 'roles'>, environmentPaths: readonly string[] = []): SchemaModel {
  const tree = treeFromRender(render);
  for (const key of [RESOURCE_REGISTRY, ROOT_TEMPLATE]) {
    if (!tree.has(key)) {
      throw new ThtError(`the template tree has no ${key}`, {
        at: { file: render.templatesDir },
        hint: 'Point -p at a tripleo-heat-templates tree (with overcloud.j2.yaml and the resource registry).',
      });
    }
  }
  const userEnvironments = environmentPaths.map((p) => {
    tree.allowFolderOf(p);
    const key = tree.keyForFsPath(p);
    if (!tree.has(key)) {
      throw new ThtError(`cannot read environment file ${p}`, { at: { file: p }, hint: 'Check the -e path.' });
    }
    return key;
  });
  const keys = [RESOURCE_REGISTRY, ...userEnvironments];
  const files = keys.map((k) => parseEnvironment(tree, k));
  let env = mergeEnvironments(files);
  let walk = walkStacks({ tree, env, root: ROOT_TEMPLATE });
  // merge/deep_merge depend on each parameter's declared type, which only the walk knows.
  if (files.some(usesMergeStrategies)) {
    const types = parameterTypes(walk.root);
    env = mergeEnvironments(files, (name) => types.get(name));
    walk = walkStacks({ tree, env, root: ROOT_TEMPLATE });
  }
  return { tree, env, walk, roles: render.roles.map((r) => r.name), userEnvironments };
}

function usesMergeStrategies(f: EnvironmentFile): boolean {
  return Object.values(f.mergeStrategies).some((s) => s !== 'overwrite');
}

function parameterTypes(root: StackNode): Map<string, HotParamType> {
  const types = new Map<string, HotParamType>();
  visit(root, (n) => {
    for (const p of n.parameters) if (!types.has(p.def.name)) types.set(p.def.name, p.def.type);
  });
  return types;
}

/** Depth-first, parents before children, in template order. */
export function visit(node: StackNode, fn: (n: StackNode) => void): void {
  fn(node);
  for (const c of node.children) visit(c, fn);
}

/**
 * The role a top-level resource of overcloud.yaml belongs to: THT names them
 * `<Role>`, `<Role>ServiceChain`, `<Role>Servers`...; the longest role name
 * that prefixes the resource name wins (ComputeHCI before Compute).
 */
function roleOfResource(roles: readonly string[], resourceName: string): string | undefined {
  let best: string | undefined;
  for (const r of roles) {
    if (resourceName.startsWith(r) && (best === undefined || r.length > best.length)) best = r;
  }
  return best;
}

/** The role of a stack (undefined for the root and for shared stacks). */
export function roleOf(model: Pick<SchemaModel, 'roles'>, node: StackNode): string | undefined {
  return node.path.length === 0 ? undefined : roleOfResource(model.roles, node.path[0]!);
}

/**
 * The tree narrowed to one role: the root keeps only that role's resources
 * and the root parameters named after the role (`<Role>Count`,
 * `<Role>Services`, `<Role>Parameters`...).
 */
export function narrowToRole(model: SchemaModel, role: string): StackNode {
  if (!model.roles.includes(role)) {
    const guess = suggestKey(role, model.roles);
    throw new ThtError(`unknown role "${role}"${guess ? ` (did you mean "${guess}"?)` : ''}`, { hint: `Roles of this render: ${model.roles.join(', ')}.` });
  }
  const root = model.walk.root;
  return {
    ...root,
    parameters: root.parameters.filter((p) => roleOfResource(model.roles, p.def.name) === role),
    children: root.children.filter((c) => roleOfResource(model.roles, c.name) === role),
  };
}
