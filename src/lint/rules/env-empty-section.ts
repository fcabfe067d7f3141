import { formatFindings } from '../../heat/environment-checks.js';
import { reportChecks } from '../checks.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'ENV004',
    severity: 'warning',
    description: 'Environment section is present but empty (null)',
    explanation:
      'A section key with nothing under it (often parameter_defaults whose entries are all commented out, left for ' +
      'the operator to fill in) is null. Heat\'s own environment parser rejects it ("environment has empty ' +
      'section") when the file reaches Heat as it is; the openstack client merges the -e files first and skips a ' +
      'null section there, so in a TripleO deployment it only has no effect, hence a warning. Give it {} or ' +
      'remove it until it has content.',
  },
  check(ctx, report) {
    for (const f of ctx.environments) reportChecks(ctx, report, formatFindings(ctx.environmentModel(f)).filter((x) => x.code === 'ENV004'));
  },
};
export default rule;
