import { functionCalls, referencedResource } from '../hot-calls.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT005',
    severity: 'error',
    description: 'get_resource, get_attr or depends_on names a resource the template does not define',
    explanation:
      'These can only name resources of the same template; Heat rejects the template ("The specified reference ' +
      '"X" (in Y) is incorrect."). Usually a renamed or removed resource.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      const tmpl = ctx.hot(t);
      for (const call of functionCalls(tmpl)) {
        const name = referencedResource(call);
        if (name !== undefined && !tmpl.resources.has(name)) report(t, call.path, `${call.name} of undefined resource ${name}`);
      }
      for (const res of tmpl.resources.values()) {
        for (const dep of res.dependsOn) {
          if (!tmpl.resources.has(dep.name)) report(t, dep.path, `resource ${res.name} depends on undefined resource ${dep.name}`);
        }
      }
    }
  },
};
export default rule;
