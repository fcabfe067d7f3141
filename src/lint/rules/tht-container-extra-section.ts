import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';

const rule: Rule = {
  meta: {
    id: 'THT012',
    severity: 'error',
    description: 'Container service role_data has a section the aggregator does not read',
    explanation:
      'common/services/role.role.j2.yaml only collects the role_data sections listed in the policy ' +
      '(container_services.required_sections and optional_sections); anything else, often a typo, is silently ' +
      'dropped. Rename or remove it. (yaml-validate.py 7d.)',
  },
  check(ctx, report) {
    const cs = ctx.policy.container_services;
    const known = new Set([...cs.required_sections, ...cs.optional_sections]);
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy)) continue;
      for (const [name, { path }] of roleDataSections(t) ?? []) {
        if (!known.has(name)) report(t, path, `${name} is not a role_data section the services aggregator reads`, { key: true });
      }
    }
  },
};
export default rule;
