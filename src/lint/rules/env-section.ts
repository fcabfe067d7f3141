import { formatFindings } from '../../heat/environment-checks.js';
import { reportChecks } from '../checks.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'ENV001',
    severity: 'error',
    description: 'Environment file has a section Heat does not accept, or a malformed one',
    explanation:
      'An environment is a mapping of parameters, parameter_defaults, resource_registry, encrypted_param_names, ' +
      'event_sinks and parameter_merge_strategies; Heat rejects any other top-level key ("environment has wrong ' +
      'section"), and each section has its own shape. An empty (null) section is ENV004.',
  },
  check(ctx, report) {
    for (const f of ctx.environments) reportChecks(ctx, report, formatFindings(ctx.environmentModel(f)).filter((x) => x.code === 'ENV001'));
  },
};
export default rule;
