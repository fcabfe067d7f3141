import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';
import { ROLE_DATA_PATH } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT011',
    severity: 'error',
    description: 'Container service role_data lacks a required section',
    explanation:
      'A containerised puppet service (policy container_services) must define service_name, docker_config, ' +
      'puppet_config and config_settings in role_data (required_sections_overrides lists the exceptions). ' +
      'A service with a step_config but no docker_config is a bare-metal puppet service in the wrong file. ' +
      '(yaml-validate.py 7c; map_merge parts are merged first, 7b.)',
  },
  check(ctx, report) {
    const cs = ctx.policy.container_services;
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy)) continue;
      const sections = roleDataSections(t);
      if (!sections) continue;
      for (const name of cs.required_sections_overrides[t.path] ?? cs.required_sections) {
        if (sections.has(name)) continue;
        const bareMetal = name === 'docker_config' && Boolean(sections.get('step_config')?.value);
        report(t, ROLE_DATA_PATH, bareMetal ? 'role_data has a step_config but no docker_config: this looks like a bare-metal puppet service' : `${name} is required in role_data`, { key: true });
      }
    }
  },
};
export default rule;
