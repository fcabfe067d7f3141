import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT015',
    severity: 'error',
    description: 'puppet_config has an unknown key or lacks a required one',
    explanation:
      'container-puppet reads config_volume, step_config and config_image (required) and puppet_tags and volumes ' +
      '(optional) from puppet_config (policy container_services.puppet_config_required/_optional); other keys are ' +
      'ignored and a missing one breaks the config generation. (yaml-validate.py 7g.)',
  },
  check(ctx, report) {
    const { puppet_config_required: required, puppet_config_optional: optional, mysql_client_overrides: overrides } = ctx.policy.container_services;
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy) || overrides[t.path] === false) continue;
      const pc = roleDataSections(t)?.get('puppet_config');
      if (!pc || !isMapping(pc.value)) continue;
      for (const key of Object.keys(pc.value)) {
        if (!required.includes(key) && !optional.includes(key)) report(t, [...pc.path, key], `${key} should not be in puppet_config`, { key: true });
      }
      for (const key of required) {
        if (!(key in pc.value)) report(t, pc.path, `${key} is required in puppet_config`, { key: true });
      }
    }
  },
};
export default rule;
