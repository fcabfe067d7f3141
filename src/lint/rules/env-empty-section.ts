import { ENVIRONMENT_SECTIONS } from '../../heat/environment.js';
import type { Rule } from '../types.js';
import { isPlainMap } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'ENV004',
    severity: 'warning',
    description: 'Environment section is present but empty (null)',
    explanation:
      'A section key with nothing under it (often parameter_defaults whose entries are all commented out, left for ' +
      'the operator to fill in) is null, which Heat\'s own environment parser rejects ("environment has empty ' +
      'section"). Give it {} or remove it until it has content.',
  },
  check(ctx, report) {
    for (const f of ctx.environments) {
      if (!isPlainMap(f.value)) continue;
      for (const [k, v] of Object.entries(f.value)) {
        if (v === null && (ENVIRONMENT_SECTIONS as readonly string[]).includes(k)) report(f, [k], `section ${k} is empty (null)`, { key: true });
      }
    }
  },
};
export default rule;
