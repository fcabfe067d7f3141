import { functionCalls, getParamName } from '../hot-calls.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT011',
    severity: 'warning',
    description: 'Parameter is declared but never read',
    explanation:
      'No get_param in resources, outputs or conditions reads the parameter, and no parameter group lists it, so ' +
      'setting it has no effect, which misleads whoever sets it. Remove it, or use it. The parameters every service ' +
      'receives (policy required_service_params) are exempt. Found from the parsed template, where yaml-validate.py ' +
      '(check 11) searched the text and so counted any mention as a use.',
  },
  check(ctx, report) {
    const exempt = new Set(ctx.policy.required_service_params);
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      const used = new Set<string>();
      for (const call of functionCalls(tmpl)) {
        if (call.name !== 'get_param') continue;
        const name = getParamName(call);
        if (name !== undefined) used.add(name);
      }
      for (const g of tmpl.parameterGroups) g.parameters.forEach((p) => used.add(p));
      for (const p of tmpl.parameters.values()) {
        if (!used.has(p.name) && !exempt.has(p.name)) report(t, p.path, `parameter ${p.name} is never used`, { key: true });
      }
    }
  },
};
export default rule;
