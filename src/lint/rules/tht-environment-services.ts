import type { Rule } from '../types.js';
import { mapAt, regex, sortedStrings } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT023',
    severity: 'error',
    description: "Environment's service list does not match the role it copies",
    explanation:
      'Some environments set a role\'s service list (e.g. hyperconverged-ceph.yaml sets ComputeServices). Policy ' +
      'environment_services says which parameter must equal which role\'s ServicesDefault once the listed services ' +
      'are removed, so the environment follows the role. (yaml-validate.py check 25.)',
  },
  check(ctx, report) {
    for (const rel of ctx.policy.environment_services) {
      const role = ctx.namedRole(rel.role)?.role;
      if (!role) continue;
      const expected = sortedStrings(role.ServicesDefault);
      for (const env of ctx.environments) {
        if (!regex(rel.match).test(env.path)) continue;
        const list = mapAt(env.value, 'parameter_defaults')[rel.parameter];
        if (!Array.isArray(list)) continue;
        const actual = list.map(String).filter((s) => !rel.remove.includes(s)).sort();
        if (actual.join('\n') !== expected.join('\n')) {
          report(env, ['parameter_defaults', rel.parameter], `${rel.parameter} differs from ServicesDefault of roles/${rel.role}.yaml`, { key: true });
        }
      }
    }
  },
};
export default rule;
