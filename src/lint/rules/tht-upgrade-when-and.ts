import type { Rule } from '../types.js';
import { forEachUpgradeTask } from './tht-upgrade-when-order.js';

const rule: Rule = {
  meta: {
    id: 'THT007',
    severity: 'warning',
    description: "upgrade task's when joins conditions with 'and' in one string",
    explanation:
      "A when string such as \"step|int == 2 and release == 'rocky'\" reads better, and lets THT006 check the " +
      'order, as a list of conditions (Ansible ANDs list items). (yaml-validate.py check 9, warning part.)',
  },
  check(ctx, report) {
    forEachUpgradeTask(ctx, (f, task, path) => {
      const when = task.when;
      if (typeof when === 'string' && when.includes(' and ') && !when.includes(' or ')) {
        report(f, [...path, 'when'], `write the 'and' conditions of task "${String(task.name ?? '')}" as a list`);
      }
    });
  },
};
export default rule;
