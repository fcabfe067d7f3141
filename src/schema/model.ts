/**
 * The input every schema format is made from: the rendered tree, the merged
 * environments (the rendered resource registry first, then each `-e` file in
 * order) and the walk of every nested stack, plus which role each stack
 * belongs to.
 */
import { suggestKey } from '../load/suggest.js';
import { ThtError } from '../load/errors.js';
import type { RenderResult } from '../render/types.js';
import { loadHeatModel, roleOfName } from '../heat/deployment.js';
export { hasDeploymentRoot } from '../heat/deployment.js';
import type { Environment } from '../heat/environment.js';
import type { StackNode, WalkResult } from '../heat/stack.js';
import type { VirtualTree } from '../heat/tree.js';

export interface SchemaModel {
  tree: VirtualTree;
  env: Environment;
  walk: WalkResult;
  /** Role names from the render, in roles-file order. */
  roles: string[];
  /** Virtual-tree keys of the operator's `-e` files, in order. */
  userEnvironments: string[];
}

/** Build the model from a render and the operator's environment files (file system paths). */
export function buildSchemaModel(render: Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles' | 'roles'>, environmentPaths: readonly string[] = []): SchemaModel {
  const { tree, env, walk, environmentFiles } = loadHeatModel(render, environmentPaths);
  return { tree, env, walk, roles: render.roles.map((r) => r.name), userEnvironments: environmentFiles.slice(1) };
}

/** Depth-first, parents before children, in template order. */
export { forEachStack as visit } from '../heat/deployment.js';

/** The role of a stack (undefined for the root and for shared stacks). */
export function roleOf(model: Pick<SchemaModel, 'roles'>, node: StackNode): string | undefined {
  return node.path.length === 0 ? undefined : roleOfName(model.roles, node.path[0]!);
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
    parameters: root.parameters.filter((p) => roleOfName(model.roles, p.def.name) === role),
    children: root.children.filter((c) => roleOfName(model.roles, c.name) === role),
  };
}
