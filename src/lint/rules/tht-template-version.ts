import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'THT002',
    severity: 'error',
    description: 'heat_template_version is not one the project allows',
    explanation:
      'THT is a branched repository: each branch allows only the alias of its own Heat release ' +
      '(policy key heat_template_versions; tht-master allows "rocky"), so templates written for another ' +
      'release are not merged by accident. Use the allowed alias. Unlike yaml-validate.py (check 3), the ' +
      'other checks still run on the file.',
  },
  check(ctx, report) {
    const allowed = ctx.policy.heat_template_versions;
    for (const t of ctx.templates) {
      const v = String((t.value as Record<string, unknown>).heat_template_version);
      if (!allowed.includes(v)) {
        report(t, ['heat_template_version'], `heat_template_version ${v} is not allowed (allowed: ${allowed.join(', ')})`);
      }
    }
  },
};
export default rule;
