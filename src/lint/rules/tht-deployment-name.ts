import type { Rule } from '../types.js';
import { isMapping, mapAt } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT018',
    severity: 'error',
    description: 'Software deployment resource has no name property',
    explanation:
      'config-download names the Ansible tasks and files after a deployment\'s name property; deployments ' +
      '(policy deployment_resource_types) without one get unreadable generated names. Add properties.name. ' +
      '(yaml-validate.py check 12.)',
  },
  check(ctx, report) {
    const types = ctx.policy.deployment_resource_types;
    for (const t of ctx.templates) {
      for (const [name, res] of Object.entries(mapAt(t.value, 'resources'))) {
        if (!isMapping(res) || !types.includes(res.type as string)) continue;
        if (!('name' in mapAt(res, 'properties'))) report(t, ['resources', name], `deployment ${name} has no name property`, { key: true });
      }
    }
  },
};
export default rule;
