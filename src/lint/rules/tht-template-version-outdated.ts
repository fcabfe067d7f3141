import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'THT003',
    severity: 'warning',
    description: 'heat_template_version is allowed but not the current one',
    explanation:
      'The last entry of the policy key heat_template_versions is the current version; older allowed ones still ' +
      'work but should be moved forward. (yaml-validate.py check 3, warning part.)',
  },
  check(ctx, report) {
    const allowed = ctx.policy.heat_template_versions;
    const current = allowed[allowed.length - 1];
    for (const t of ctx.templates) {
      const v = String((t.value as Record<string, unknown>).heat_template_version);
      if (allowed.includes(v) && v !== current) {
        report(t, ['heat_template_version'], `heat_template_version ${v} is outdated (current: ${current})`);
      }
    }
  },
};
export default rule;
