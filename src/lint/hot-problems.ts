/**
 * The Heat model records every departure from HOT it meets while building a
 * template; this sorts them by the part of the template they concern, so each
 * HOT rule reports its own kind.
 */
import type { HotTemplate, TemplateProblem } from '../heat/template.js';

export type ProblemArea = 'template' | 'resources' | 'parameters' | 'outputs';

const AREA: Record<string, ProblemArea> = {
  resources: 'resources',
  parameters: 'parameters',
  parameter_groups: 'parameters',
  outputs: 'outputs',
};

export function modelProblems(tmpl: HotTemplate, area: ProblemArea): TemplateProblem[] {
  return tmpl.problems.filter((p) => {
    const first = p.path[0];
    // A section that is not a mapping at all is a template-level problem.
    const own = p.path.length > 1 && typeof first === 'string' ? AREA[first] : undefined;
    return (own ?? 'template') === area;
  });
}
