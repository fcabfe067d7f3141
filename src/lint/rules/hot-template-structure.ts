import type { Rule } from '../types.js';
import { reportModelProblems } from '../hot-problems.js';

const rule: Rule = {
  meta: {
    id: 'HOT001',
    severity: 'error',
    description: 'Template has an unknown top-level section or an invalid heat_template_version',
    explanation:
      'Heat accepts only heat_template_version, description, parameter_groups, parameters, resources, outputs and ' +
      '(from 2016-10-14) conditions at the top level, each section a mapping, and rejects the template at stack ' +
      'create otherwise ("The template section is invalid"). heat_template_version must be a known date or release name.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      reportModelProblems(report, t, tmpl, 'template');
      if (tmpl.versionDate !== '' && tmpl.versionDate < '2016-10-14' && tmpl.conditions.size > 0) {
        report(t, ['conditions'], 'the conditions section needs heat_template_version 2016-10-14 (newton) or later', { key: true });
      }
    }
  },
};
export default rule;
