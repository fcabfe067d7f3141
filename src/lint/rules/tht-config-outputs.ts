import type { Rule } from '../types.js';
import { isMapping, mapAt } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT019',
    severity: 'error',
    description: 'Software config uses Heat outputs, which config-download does not support',
    explanation:
      'With config-download, software configs run through Ansible and never signal outputs back to Heat, so ' +
      'properties.outputs of an OS::Heat::SoftwareConfig/StructuredConfig (policy config_resource_types) never gets ' +
      'values. Files in heat_outputs_exclusions are exempt. (yaml-validate.py check 13.)',
  },
  check(ctx, report) {
    const { config_resource_types: types, heat_outputs_exclusions: excluded } = ctx.policy;
    for (const t of ctx.templates) {
      if (excluded.includes(t.path)) continue;
      for (const [name, res] of Object.entries(mapAt(t.value, 'resources'))) {
        if (!isMapping(res) || !types.includes(res.type as string)) continue;
        if ('outputs' in mapAt(res, 'properties')) report(t, ['resources', name, 'properties', 'outputs'], `config ${name} uses Heat outputs, which config-download does not support`, { key: true });
      }
    }
  },
};
export default rule;
