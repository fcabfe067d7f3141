import { editDistance } from '../../load/suggest.js';
import { conditionReferences, functionCalls, getParamName } from '../hot-calls.js';
import type { Rule } from '../types.js';

/** Parameters Heat provides to every stack. */
const PSEUDO_PARAMETERS = new Set(['OS::stack_id', 'OS::stack_name', 'OS::region', 'OS::project_id']);

const rule: Rule = {
  meta: {
    id: 'HOT004',
    severity: 'error',
    description: 'get_param names a parameter the template does not declare',
    explanation:
      'get_param can only read parameters declared in the same template (or the pseudo parameters OS::stack_id, ' +
      'OS::stack_name, OS::region, OS::project_id); Heat fails the stack when it resolves the value ("The Parameter ' +
      '(X) was not provided."). Declare the parameter, or fix the spelling. A condition nothing uses is never evaluated, so ' +
      'its get_params are left to HOT013 (unused condition). A declared parameter one edit away is suggested.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      const usedConditions = new Set(conditionReferences(tmpl).map((r) => r.name));
      for (const call of functionCalls(tmpl)) {
        if (call.name !== 'get_param') continue;
        if (call.path[0] === 'conditions' && !usedConditions.has(String(call.path[1]))) continue;
        const name = getParamName(call);
        if (name !== undefined && !tmpl.parameters.has(name) && !PSEUDO_PARAMETERS.has(name)) {
          // A declared name one edit away is almost always what was meant.
          const meant = [...tmpl.parameters.keys()].find((k) => editDistance(name, k) === 1);
          report(t, call.path, `get_param of undeclared parameter ${name}${meant ? `; did you mean ${meant}?` : ''}`);
        }
      }
    }
  },
};
export default rule;
