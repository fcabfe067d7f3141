/**
 * The input every schema format is made from: the rendered tree, the merged
 * environments (the rendered resource registry first, then each `-e` file in
 * order) and the walk of every nested stack, plus which role each stack
 * belongs to.
 */
import { suggestKey } from '../load/suggest.js';
import { ThtError } from '../load/errors.js';
import type { RenderResult } from '../render/types.js';
import { loadHeatModel, roleOfName, ROOT_TEMPLATE, type HeatModel } from '../heat/deployment.js';
import type { Environment } from '../heat/environment.js';
import type { HeatLimitOverride, HeatLimits } from '../heat/limits.js';
import type { HeatRequestFiles } from '../heat/request.js';
import type { StackNode, WalkResult } from '../heat/stack.js';
import type { VirtualTree } from '../heat/tree.js';

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
 * system paths); `heatLimits` override the Heat limits (limits.ts), which also
 * bound the yaql Heat evaluates at validate time.
 */
export function buildSchemaModel(
  render: Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles' | 'roles'>,
  environmentPaths: readonly string[] = [],
  heatLimits: readonly HeatLimitOverride[] = [],
): SchemaModel {
  const heat = loadHeatModel(render, environmentPaths, { heatLimits });
  return schemaModelOf(heat, render.roles.map((r) => r.name), heat.environmentFiles.slice(1));
}

/** The model of a Heat model already built, for these roles; `userEnvironments` are the operator's files among its environments. */
export function schemaModelOf(heat: HeatModel, roles: string[], userEnvironments: string[]): SchemaModel {
  const { tree, env, walk, request, limits } = heat;
  return { tree, env, walk, root: ROOT_TEMPLATE, request, limits, roles, userEnvironments };
}

/** Depth-first, parents before children, in template order. */
export { forEachStack as visit } from '../heat/deployment.js';

/** The role of a stack (undefined for the root and for shared stacks). */
export function roleOf(model: Pick<SchemaModel, 'roles'>, node: Pick<StackNode, 'path'>): string | undefined {
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
