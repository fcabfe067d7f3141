import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT013',
    severity: 'error',
    description: 'Ansible task section of role_data is an empty mapping',
    explanation:
      'Task sections (policy container_services.ansible_task_sections) are Ansible task lists; {} makes Ansible ' +
      'fail (LP#1768019). Remove the section or set it to [] or null. (yaml-validate.py 7e.)',
  },
  check(ctx, report) {
    const sectionsToCheck = ctx.policy.container_services.ansible_task_sections;
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy)) continue;
      for (const [name, { value, path }] of roleDataSections(t) ?? []) {
        if (sectionsToCheck.includes(name) && isMapping(value) && Object.keys(value).length === 0) {
          report(t, path, `${name} cannot be an empty mapping; remove it or set it to [] or null`, { key: true });
        }
      }
    }
  },
};
export default rule;
