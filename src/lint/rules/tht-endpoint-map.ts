import type { Rule } from '../types.js';
import { mapAt } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT025',
    severity: 'error',
    description: "TLS environment's EndpointMap keys differ from the base endpoint map",
    explanation:
      'The TLS environments (policy endpoint_map.environments) replace the whole EndpointMap default of ' +
      'network/endpoints/endpoint_map.yaml; an endpoint added to the base but not to them disappears when they are ' +
      'used. Regenerate them with network/endpoints/build_endpoint_map.py. Unlike yaml-validate.py (check 27) this ' +
      'also works when only some files are linted.',
  },
  check(ctx, report) {
    const { base, environments } = ctx.policy.endpoint_map;
    const baseFile = ctx.tree.get(base);
    const baseKeys = Object.keys(mapAt(mapAt(mapAt(baseFile?.value, 'parameters'), 'EndpointMap'), 'default'));
    if (baseKeys.length === 0) return;
    for (const path of environments) {
      const env = ctx.tree.get(path);
      if (!env || env.parseError) continue;
      const keys = Object.keys(mapAt(mapAt(env.value, 'parameter_defaults'), 'EndpointMap'));
      const missing = baseKeys.filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !baseKeys.includes(k));
      if (missing.length + extra.length === 0) continue;
      const diff = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
      report(env, ['parameter_defaults', 'EndpointMap'], `EndpointMap does not match ${base} (${diff})`, { key: true });
    }
  },
};
export default rule;
