import { conditionReferences } from '../hot-calls.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT013',
    severity: 'warning',
    description: 'Condition is declared but never used',
    explanation:
      'No resource, output, if or other condition refers to the condition, so Heat never evaluates it: it is dead ' +
      'code, and mistakes in it (such as a get_param of a parameter that does not exist) go unnoticed until someone ' +
      'uses it. Remove it or use it.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      if (tmpl.conditions.size === 0) continue;
      const used = new Set(conditionReferences(tmpl).map((r) => r.name));
      for (const name of tmpl.conditions.keys()) {
        if (!used.has(name)) report(t, ['conditions', name], `condition ${name} is never used`, { key: true });
      }
    }
  },
};
export default rule;
