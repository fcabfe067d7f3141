import type { Rule } from '../types.js';
import { isService } from '../services.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT008',
    severity: 'error',
    description: 'Service template does not declare the parameters every service receives',
    explanation:
      'The role template passes the same parameters to every service (policy required_service_params; tht-master: ' +
      'EndpointMap, ServiceNetMap, RoleName, RoleParameters, ServiceData). Heat rejects a property the nested ' +
      'template does not declare, so each service must declare them all even if unused. Every missing one is ' +
      'reported, not only the first. (yaml-validate.py 4f, 7k.)',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const params = (t.value as Record<string, unknown>).parameters;
      if (!isMapping(params) || !isService(t, ctx.policy)) continue;
      for (const p of ctx.policy.required_service_params) {
        if (!(p in params)) report(t, ['parameters'], `parameter ${p} is required in a service template`, { key: true });
      }
    }
  },
};
export default rule;
