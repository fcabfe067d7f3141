import { posix } from 'node:path';
import type { Rule } from '../types.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'DATA003',
    severity: 'error',
    description: "Role file's role name differs from its file name",
    explanation:
      'roles/<Name>.yaml is looked up by file name (openstack overcloud roles generate Name, tht roles) but the ' +
      'generated roles_data uses the name inside the file, so the two must agree. (yaml-validate.py check 16.)',
  },
  check(ctx, report) {
    for (const f of ctx.files) {
      if (!f.path.startsWith('roles/') || f.path.slice('roles/'.length).includes('/') || !Array.isArray(f.value)) continue;
      const first = f.value[0];
      const expected = posix.basename(f.path).split('.')[0];
      if (isMapping(first) && first.name !== expected) {
        report(f, [0, 'name'], `role name ${String(first.name)} should match the file name (${expected})`);
      }
    }
  },
};
export default rule;
