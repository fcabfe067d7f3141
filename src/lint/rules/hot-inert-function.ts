import { inertFunctionKeys } from '../hot-calls.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT014',
    severity: 'warning',
    description: 'Intrinsic function name used as a key beside other keys, so Heat does not call it',
    explanation:
      'Heat evaluates a function only when its name is the single key of a mapping. Next to other keys, ' +
      '`if:`, `get_param:` or `list_concat:` is just a key with that name: the value is passed on as data and the ' +
      'intended call never happens (for example firewall rules under an `if:` key beside the other role_data ' +
      'sections are silently dropped). Move the call into its own mapping, usually as the value of the key it ' +
      'was meant to compute.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      for (const key of inertFunctionKeys(ctx.hot(t))) {
        report(t, key.path, `${key.name} is a key beside other keys here, so Heat does not call it`, { key: true });
      }
    }
  },
};
export default rule;
