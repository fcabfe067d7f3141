import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT009',
    severity: 'error',
    description: 'Property passed to a nested template that it does not declare',
    explanation:
      'The properties of a nested-stack resource become the nested template\'s parameters, and Heat rejects a ' +
      'property the template does not declare ("Unknown Property X"). The nested template is found through the ' +
      'resource registry (policy base_environments, then the -e files), so with other environments the same alias ' +
      'may lead to another template.',
  },
  check(ctx, report) {
    for (const use of ctx.nestedUses) {
      if (!use.child) continue;
      for (const key of Object.keys(use.properties)) {
        if (!use.child.parameters.has(key)) {
          report(ctx.file(use.from), [...use.propertiesPath, key], `${use.target} (used by ${use.resource}) does not declare parameter ${key}`, { key: true });
        }
      }
    }
  },
};
export default rule;
