import { unreadableType } from '../../heat/rejections.js';
import { withAdvice } from '../../load/errors.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT012',
    severity: 'error',
    description: 'Resource type leads to a template file that does not exist',
    explanation:
      'A resource whose type is a template path, or a registry alias mapped to one (through the policy ' +
      'base_environments and the -e files), is a nested stack; the client uploads that file with the template and ' +
      'fails when it is missing. Paths are relative to the template (or to the environment file that maps the alias).',
  },
  check(ctx, report) {
    for (const use of ctx.nestedUses) {
      if (use.unreadable === undefined) continue;
      // A file named by the type itself, in validate's words; one a registry alias leads to names the resource (the entry is ENV002's).
      const direct = use.resolution.kind === 'template' && use.resolution.via.length === 0;
      const worded = unreadableType(use.type, use.unreadable, use.target);
      const message = direct ? withAdvice(worded.message, worded.hint) : `resource ${use.resource} uses ${use.target}, which ${use.unreadable}`;
      report(ctx.file(use.from), use.typePath, message);
    }
  },
};
export default rule;
