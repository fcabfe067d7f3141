import { isAbsolute } from 'node:path';
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
      'in this tree; other absolute paths are left alone.',
  },
  check(ctx, report) {
    for (const f of ctx.environments) {
      for (const e of ctx.environmentModel(f).registry) {
        if (typeof e.value !== 'string' || e.value.includes('::')) continue;
        const installed = ctx.policy.installed_tree_paths.find((p) => e.value!.startsWith(`${p}/`));
        const target = installed ? e.value.slice(installed.length + 1) : (e.target ?? ctx.tree.heat.resolveRef(f.path, e.value));
        // Another absolute path is on the deployment host, which lint cannot see.
        if (!installed && isAbsolute(target)) continue;
        if (!ctx.tree.has(target)) report(f, e.path, `${e.type} maps to ${e.value}, which ${ctx.tree.heat.absence(target)} (${target})`);
      }
    }
  },
};
export default rule;
