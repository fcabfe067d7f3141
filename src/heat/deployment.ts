/**
 * The deployment as Heat's validate sees it: the environments merged as Heat
 * merges them (knowing the parameters of every template heatclient sends),
 * the nested-stack walk, the request's files and the limits to check them
 * against. One call, shared by tht schema / validate (src/schema/model.ts)
 * and tht lint.
 */
import { mergeEnvironments, parseEnvironment, type Environment, type EnvironmentFile } from './environment.js';
import { heatLimits, type HeatLimitOverride, type HeatLimits } from './limits.js';
import { requestFiles, requestParameterTypes, type HeatRequestFiles } from './request.js';
import { walkStacks, type WalkResult } from './stack.js';
import type { VirtualTree } from './tree.js';

export interface Deployment {
  env: Environment;
  walk: WalkResult;
  request: HeatRequestFiles;
  limits: HeatLimits;
}

/** Merge the environment files (virtual-tree keys, or parsed), walk from `root`, with these limit overrides. */
export function buildDeployment(
  tree: VirtualTree,
  root: string,
  environments: ReadonlyArray<string | EnvironmentFile>,
  limitOverrides: readonly HeatLimitOverride[] = [],
): Deployment {
  const files = environments.map((e) => (typeof e === 'string' ? parseEnvironment(tree, e) : e));
  const request = requestFiles(tree, root, files);
  const env = mergeEnvironments(files, requestParameterTypes(tree, root, request));
  const limits = heatLimits(tree, limitOverrides);
  const yaql = { limitIterators: limits['yaql.limit_iterators'].value, memoryQuota: limits['yaql.memory_quota'].value };
  const walk = walkStacks({ tree, env, root, yaql });
  return { env, walk, request, limits };
}

/**
 * The role a top-level resource of overcloud.yaml belongs to: THT names them
 * `<Role>`, `<Role>ServiceChain`, `<Role>Servers`...; the longest role name
 * that prefixes the resource name wins (ComputeHCI before Compute).
 */
export function roleOfResource(roles: readonly string[], resourceName: string): string | undefined {
  let best: string | undefined;
  for (const r of roles) {
    if (resourceName.startsWith(r) && (best === undefined || r.length > best.length)) best = r;
  }
  return best;
}
