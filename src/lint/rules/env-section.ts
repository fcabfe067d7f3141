import type { PathSegment } from '../../yaml/file.js';
import type { Rule } from '../types.js';
import { isMapping } from '../values.js';

const isNullSection = (value: unknown, path: PathSegment[]) => path.length === 1 && isMapping(value) && value[path[0]!] === null;

const rule: Rule = {
  meta: {
    id: 'ENV001',
    severity: 'error',
    description: 'Environment file has a section Heat does not accept, or a malformed one',
    explanation:
      'An environment is a mapping of parameters, parameter_defaults, resource_registry, encrypted_param_names, ' +
      'event_sinks and parameter_merge_strategies; Heat rejects any other top-level key ("environment has wrong ' +
      'section"), and each section has its own shape. An empty (null) section is ENV004.',
  },
  check(ctx, report) {
    for (const f of ctx.environments) {
      for (const p of ctx.environmentModel(f).problems) {
        if (isNullSection(f.value, p.path)) continue;
        report(f, p.path, p.message, { key: p.key });
      }
    }
  },
};
export default rule;
