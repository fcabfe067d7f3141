/**
 * The input every schema format is made from: the rendered tree, the merged
 * environments (the rendered resource registry first, then each `-e` file in
 * order) and the walk of every nested stack, plus which role each stack
 * belongs to.
 */
import { suggestKey } from '../load/suggest.js';
import { ThtError } from '../load/errors.js';
import type { RenderResult } from '../render/types.js';
import { buildDeployment, roleOfResource } from '../heat/deployment.js';
import type { Environment } from '../heat/environment.js';
import type { HeatLimitOverride, HeatLimits } from '../heat/limits.js';
import type { HeatRequestFiles } from '../heat/request.js';
import type { StackNode, WalkResult } from '../heat/stack.js';
import { treeFromRender, type VirtualTree } from '../heat/tree.js';

/** The registry THT renders; Heat gets it as the first environment file. */
const RESOURCE_REGISTRY = 'overcloud-resource-registry-puppet.yaml';
const ROOT_TEMPLATE = 'overcloud.yaml';

export interface SchemaModel {
  tree: VirtualTree;
  env: Environment;
  walk: WalkResult;
  /** The root template's key. */
  root: string;
  /** The Heat limits the deployment is checked against. */
  limits: HeatLimits;
  /** The files heatclient would send with the validate request. */
  request: HeatRequestFiles;
  /** Role names from the render, in roles-file order. */
  roles: string[];
  /** Virtual-tree keys of the operator's `-e` files, in order. */
  userEnvironments: string[];
}

/**
 * Build the model from a render and the operator's environment files (file
 * system paths); `limits` override the Heat limits (limits.ts), which also
 * bound the yaql Heat evaluates at validate time.
 */
export function buildSchemaModel(render: RenderResult, environmentPaths: readonly string[] = [], limits: readonly HeatLimitOverride[] = []): SchemaModel {
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
    const key = tree.keyForFsPath(p);
    if (!tree.has(key)) {
      throw new ThtError(`cannot read environment file ${p}`, { at: { file: p }, hint: 'Check the -e path.' });
    }
    return key;
  });
  const { env, walk, request, limits: heat } = buildDeployment(tree, ROOT_TEMPLATE, [RESOURCE_REGISTRY, ...userEnvironments], limits);
  return { tree, env, walk, root: ROOT_TEMPLATE, request, limits: heat, roles: render.roles.map((r) => r.name), userEnvironments };
}

/** Depth-first, parents before children, in template order. */
export function visit(node: StackNode, fn: (n: StackNode) => void): void {
  fn(node);
  for (const c of node.children) visit(c, fn);
}

/** The role of a stack (undefined for the root and for shared stacks). */
export function roleOf(model: Pick<SchemaModel, 'roles'>, node: Pick<StackNode, 'path'>): string | undefined {
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
