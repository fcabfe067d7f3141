import type { Rule } from '../types.js';
import { regex } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'HOT010',
    severity: 'error',
    description: 'Nested template parameter without a default that nobody sets',
    explanation:
      'A parameter without a default must get a value: from the property of the resource that uses the template, ' +
      'or from parameter_defaults of the environments (policy base_environments and the -e files). Otherwise Heat ' +
      'fails the stack ("The Parameter (X) was not provided"). Pass the property, or give the parameter a default. ' +
      'Parameters the deployment tooling sets itself (policy tooling_parameters: generated passwords, container ' +
      'images...) are exempt.',
  },
  check(ctx, report) {
    const defaults = ctx.environment.parameterDefaults;
    const tooling = ctx.policy.tooling_parameters.map(regex);
    for (const use of ctx.nestedUses) {
      if (!use.child) continue;
      for (const p of use.child.parameters.values()) {
        if (p.hasDefault || p.name in use.properties || p.name in defaults || tooling.some((r) => r.test(p.name))) continue;
        report(ctx.file(use.from), use.typePath, `${use.target} (used by ${use.resource}) needs parameter ${p.name}: no default, not passed, not in parameter_defaults`);
      }
    }
  },
};
export default rule;
