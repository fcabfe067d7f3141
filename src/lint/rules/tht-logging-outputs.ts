import type { Rule } from '../types.js';
import { isLoggingTemplate } from '../services.js';
import { isMapping } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT010',
    severity: 'error',
    description: 'Logging template lacks one of the outputs the services read',
    explanation:
      'Templates under deployment/logging/files and deployment/logging/stdout (policy logging_templates) are ' +
      'included by every service for its log handling and must provide all of logging_templates.required_outputs ' +
      '(config_settings, docker_config, volumes, host_prep_tasks). (yaml-validate.py check 6.)',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      if (!isLoggingTemplate(t, ctx.policy)) continue;
      const outputs = (t.value as Record<string, unknown>).outputs;
      const missing = ctx.policy.logging_templates.required_outputs.filter((o) => !isMapping(outputs) || !(o in outputs));
      if (missing.length > 0) report(t, isMapping(outputs) ? ['outputs'] : [], `missing output(s): ${missing.join(', ')}`, { key: true });
    }
  },
};
export default rule;
