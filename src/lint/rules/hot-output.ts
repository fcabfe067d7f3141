import type { Rule } from '../types.js';
import { reportModelProblems } from '../hot-problems.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'HOT008',
    severity: 'error',
    description: 'Output has no value, or an unknown key',
    explanation:
      'Each output must be a mapping with a value (and optionally description and condition); Heat rejects an ' +
      'output without value ("Each output definition must contain a value key"). This also covers ' +
      'yaml-validate.py 4a/7a, role_data without value.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      reportModelProblems(report, t, tmpl, 'outputs');
      const outputs = (tmpl.yaml.value as Record<string, unknown>).outputs;
      if (!isMapping(outputs)) continue;
      for (const [name, def] of Object.entries(outputs)) {
        if (isMapping(def) && !('value' in def)) report(t, ['outputs', name], `output ${name} has no value`, { key: true });
      }
    }
  },
};
export default rule;
