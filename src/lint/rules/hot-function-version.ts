import { conditionFunctions, functionUnavailable } from '../../heat/hot-functions.js';
import { functionCalls } from '../hot-calls.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT003',
    severity: 'error',
    description: "Intrinsic function not available in the template's heat_template_version",
    explanation:
      'Each HOT version has its own set of functions (list_concat and contains need 2017-09-01, map_merge ' +
      '2016-04-08...; CloudFormation functions such as Fn::Join are removed after 2013-05-23), and conditions accept ' +
      'only condition functions (get_param, equals, not, and, or; yaql and contains from 2017-09-01). Heat fails the ' +
      'stack with "function not supported" otherwise. Raise heat_template_version or use another function.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      if (tmpl.versionDate === '') continue;
      const inConditions = conditionFunctions(tmpl.versionDate);
      for (const call of functionCalls(tmpl)) {
        const problem = call.inCondition
          ? inConditions.has(call.name)
            ? undefined
            : `${call.name} is not a condition function for heat_template_version ${tmpl.version}`
          : functionUnavailable(call.name, tmpl.versionDate);
        if (problem) report(t, call.path, problem, { key: true });
      }
    }
  },
};
export default rule;
