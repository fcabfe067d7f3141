import type { Rule } from '../types.js';
import { reportModelProblems } from '../hot-problems.js';

const NEWTON_KEYS = ['condition', 'external_id'];

const rule: Rule = {
  meta: {
    id: 'HOT002',
    severity: 'error',
    description: 'Resource definition has an unknown key, no type, or a malformed part',
    explanation:
      'A resource may only have type, properties, metadata, depends_on, deletion_policy, update_policy, description ' +
      'and (from 2016-10-14) condition and external_id; Heat rejects anything else ("Invalid keyword(s) inside a ' +
      'resource definition"), usually a mis-indented property. type is required and properties must be a mapping.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      reportModelProblems(report, t, tmpl, 'resources');
      if (tmpl.versionDate === '' || tmpl.versionDate >= '2016-10-14') continue;
      for (const res of tmpl.resources.values()) {
        const def = (tmpl.yaml.value as Record<string, Record<string, unknown>>).resources![res.name];
        for (const k of NEWTON_KEYS) {
          if (def && typeof def === 'object' && k in def) {
            report(t, [...res.path, k], `resource key "${k}" needs heat_template_version 2016-10-14 (newton) or later`, { key: true });
          }
        }
      }
    }
  },
};
export default rule;
