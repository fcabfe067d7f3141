import { basename } from 'node:path';
import type { Rule } from '../types.js';
import { isPuppetServiceFile } from '../services.js';
import { ROLE_DATA_PATH, roleData } from '../values.js';

/** `nova-api-baremetal-puppet.yaml` -> `nova_api`: drop the last two dash parts. */
function serviceNameFromFile(path: string): string {
  const parts = basename(path).split('.')[0]!.split('-');
  return (parts.length > 2 ? parts.slice(0, -2).join('-') : parts[0]!).replace(/-/g, '_');
}

const rule: Rule = {
  meta: {
    id: 'THT004',
    severity: 'error',
    description: 'Puppet service role_data lacks service_name or it does not match the file name',
    explanation:
      'A bare-metal or pacemaker puppet service (policy puppet_services) must set role_data.service_name, and the ' +
      'name must start with the file name minus its last two dash parts, dashes as underscores ' +
      '(nova-api-baremetal-puppet.yaml -> nova_api); service_name_overrides lists exceptions. The service name keys ' +
      'hieradata and Ansible groups, so a copied template that keeps the old name collides. (yaml-validate.py 4b, 4c.)',
  },
  check(ctx, report) {
    const ps = ctx.policy.puppet_services;
    for (const t of ctx.templates) {
      if (!isPuppetServiceFile(t, ctx.policy)) continue;
      const rd = roleData(t);
      if (!rd) continue;
      if (!('service_name' in rd)) {
        report(t, ROLE_DATA_PATH, 'service_name is required in role_data', { key: true });
        continue;
      }
      const name = rd.service_name;
      const expected = ps.service_name_overrides[t.path] ?? serviceNameFromFile(t.path);
      if (typeof name === 'string' && !name.startsWith(expected)) {
        report(t, [...ROLE_DATA_PATH, 'service_name'], `service_name "${name}" should start with "${expected}" (from the file name ${basename(t.path)})`);
      }
    }
  },
};
export default rule;
