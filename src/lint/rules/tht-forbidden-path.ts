import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'THT001',
    severity: 'error',
    description: 'File lives under a path the project policy forbids',
    explanation:
      'The policy key forbidden_paths lists folders that must not be used any more (tht-master: ' +
      'environments/services-docker, replaced by environments/services). Move the file. (yaml-validate.py check 2.)',
  },
  check(ctx, report) {
    for (const f of ctx.files) {
      for (const { path, hint } of ctx.policy.forbidden_paths) {
        if (f.path.includes(path)) report(f, { line: 1, column: 1 }, `${path} should not be used any more${hint ? `, ${hint}` : ''}`);
      }
    }
  },
};
export default rule;
