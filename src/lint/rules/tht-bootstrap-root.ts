import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT017',
    severity: 'error',
    description: 'Container command uses bootstrap_host_exec without user: root',
    explanation:
      'bootstrap_host_exec reads the bootstrap node from hieradata that only root can read, so a docker_config ' +
      'container whose command calls it must set user: root. (yaml-validate.py 7i.)',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy)) continue;
      const dc = roleDataSections(t)?.get('docker_config');
      if (!dc || !isMapping(dc.value)) continue;
      for (const [step, containers] of Object.entries(dc.value)) {
        if (!isMapping(containers)) continue;
        for (const [name, c] of Object.entries(containers)) {
          if (!isMapping(c)) continue;
          const command = Array.isArray(c.command) ? c.command.map(String).join(' ') : c.command;
          if (typeof command === 'string' && command.includes('bootstrap_host_exec') && c.user !== 'root') {
            report(t, [...dc.path, step, name, 'command'], `container ${name} runs bootstrap_host_exec and needs user: root`, { key: true });
          }
        }
      }
    }
  },
};
export default rule;
