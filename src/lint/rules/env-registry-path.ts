import { registryFindings } from '../../heat/environment-checks.js';
import { reportChecks } from '../checks.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'ENV002',
    severity: 'error',
    description: 'resource_registry entry points at a file that does not exist',
    explanation:
      'The client resolves every registry value that is not a type name (no "::") as a file relative to the ' +
      'environment file and uploads it; a missing file fails the deployment before Heat starts. Neither ' +
      'yaml-validate.py nor any other THT check looks at these paths. Fix the path (templates move between ' +
      'releases), or map the type to OS::Heat::None. Absolute paths under policy installed_tree_paths are checked ' +
      'in this tree; any other path must exist where it points, since the client reads it on the machine that deploys. ' +
      'tht validate runs the same check.',
  },
  check(ctx, report) {
    for (const f of ctx.environments) reportChecks(ctx, report, registryFindings(ctx.environmentModel(f), ctx.tree.heat, ctx.policy.installed_tree_paths));
  },
};
export default rule;
