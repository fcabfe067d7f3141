import type { Rule } from '../types.js';
import { isMapping, mapAt } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT020',
    severity: 'error',
    description: 'NIC config uses the old os-apply-config format',
    explanation:
      'An OS::Heat::StructuredConfig with group os-apply-config and config.os_net_config is the pre-Queens NIC ' +
      'config format, no longer applied. Convert it with THT\'s tools/yaml-nic-config-2-script.py. ' +
      '(yaml-validate.py check 14.)',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      for (const [name, res] of Object.entries(mapAt(t.value, 'resources'))) {
        if (!isMapping(res) || res.type !== 'OS::Heat::StructuredConfig') continue;
        const props = mapAt(res, 'properties');
        if (props.group === 'os-apply-config' && mapAt(props, 'config').os_net_config) {
          report(t, ['resources', name], `${name} is an old-format NIC config (os-apply-config); convert it to the script format`, { key: true });
        }
      }
    }
  },
};
export default rule;
