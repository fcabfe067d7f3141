import { conditionReferences } from '../hot-calls.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT006',
    severity: 'error',
    description: 'Condition name is not declared in the conditions section',
    explanation:
      'A resource or output condition:, the first argument of if, and the string operands of not/and/or inside ' +
      'conditions must name a condition of the conditions section; Heat rejects the template ("Invalid condition X").',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      for (const ref of conditionReferences(tmpl)) {
        if (!tmpl.conditions.has(ref.name)) report(t, ref.path, `condition ${ref.name} is not declared`);
      }
    }
  },
};
export default rule;
