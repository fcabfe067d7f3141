import type { Rule } from '../types.js';
import { mapAt } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT024',
    severity: 'error',
    description: 'New implementation lacks parameters of the implementation it replaces',
    explanation:
      'Policy parameter_parity pairs an old implementation folder with its replacement (tht-master: ceph-ansible ' +
      'and cephadm); every parameter declared by a template directly in the old folder must be declared by some ' +
      'template directly in the new one, so existing environments keep working after the switch. Reported on the ' +
      'old template that declares it. (yaml-validate.py check 26.)',
  },
  check(ctx, report) {
    const inFolder = (path: string, folder: string) => path.startsWith(folder) && !path.slice(folder.length).includes('/');
    for (const { old, new: replacement } of ctx.policy.parameter_parity) {
      const declared = new Set(ctx.templates.filter((t) => inFolder(t.path, replacement)).flatMap((t) => Object.keys(mapAt(t.value, 'parameters'))));
      if (declared.size === 0) continue;
      for (const t of ctx.templates) {
        if (!inFolder(t.path, old)) continue;
        for (const p of Object.keys(mapAt(t.value, 'parameters'))) {
          if (!declared.has(p)) report(t, ['parameters', p], `parameter ${p} is not declared by any template in ${replacement}`, { key: true });
        }
      }
    }
  },
};
export default rule;
