import type { PathSegment } from '../../yaml/file.js';
import type { LintContext } from '../context.js';
import type { LintFile } from '../tree.js';
import type { Rule } from '../types.js';
import { isService, roleDataSections } from '../services.js';
import { isMapping } from '../values.js';

/**
 * The upgrade tasks yaml-validate.py looks at: a plain list, or the second
 * list of a `list_concat` (the first is usually inherited via get_attr).
 */
export function forEachUpgradeTask(ctx: LintContext, visit: (f: LintFile, task: Record<string, unknown>, path: PathSegment[]) => void): void {
  for (const t of ctx.templates) {
    if (!isService(t, ctx.policy)) continue;
    const section = roleDataSections(t)?.get('upgrade_tasks');
    if (!section || !section.value) continue;
    let tasks = section.value;
    let path = section.path;
    if (isMapping(tasks)) {
      if (!Array.isArray(tasks.list_concat)) continue;
      tasks = tasks.list_concat[1];
      path = [...path, 'list_concat', 1];
    }
    if (!Array.isArray(tasks)) continue;
    tasks.forEach((task, i) => {
      if (isMapping(task)) visit(t, task, [...path, i]);
    });
  }
}

const rule: Rule = {
  meta: {
    id: 'THT006',
    severity: 'error',
    description: "upgrade task's when list does not test 'step|int ==' first",
    explanation:
      "Upgrade tasks run once per step; when a task's when list tests the step, the 'step|int == N' test must " +
      'come first so the other conditions (which may need facts gathered at that step) are not evaluated at ' +
      'every step. Move the step condition to the front. (yaml-validate.py check 9.)',
  },
  check(ctx, report) {
    forEachUpgradeTask(ctx, (f, task, path) => {
      const when = task.when;
      if (!Array.isArray(when)) return;
      const testsStep = when.some((c) => typeof c === 'string' && c.includes('step|int '));
      if (testsStep && !(typeof when[0] === 'string' && when[0].includes('step|int == '))) {
        report(f, [...path, 'when'], `'step|int ==' should be the first when condition of task "${String(task.name ?? '')}"`);
      }
    });
  },
};
export default rule;
