import { duplicateKeyFindings } from '../../heat/environment-checks.js';
import { reportChecks } from '../checks.js';
import type { Rule } from '../types.js';

/** YAML002: PyYAML keeps the last of two equal keys without a word; the first is silently lost. */
const rule: Rule = {
  meta: {
    id: 'YAML002',
    severity: 'warning',
    description: 'Mapping has the same key twice (the later value silently wins)',
    explanation:
      'PyYAML, which Heat and the TripleO tools use, accepts a mapping with a repeated key and keeps only the ' +
      'last value, so the earlier one has no effect although it reads as if it had. Remove one of them or merge ' +
      'them. This generalises yaml-validate.py check 10, which only looked for two "when:" lines in upgrade_tasks.',
  },
  check(ctx, report) {
    for (const f of ctx.files) if (!f.parseError) reportChecks(ctx, report, duplicateKeyFindings(f.yaml));
  },
};
export default rule;
