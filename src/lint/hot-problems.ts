/**
 * The Heat model records every departure from HOT it meets while building a
 * template; this sorts them by the part of the template they concern, so each
 * HOT rule reports its own kind.
 */
import type { HotTemplate, TemplateProblem } from '../heat/template.js';
import type { LintFile } from './tree.js';
import type { Report } from './types.js';

export type ProblemArea = 'template' | 'resources' | 'parameters' | 'outputs';

const AREA: Record<string, ProblemArea> = {
  resources: 'resources',
  parameters: 'parameters',
  parameter_groups: 'parameters',
  outputs: 'outputs',
};

function modelProblems(tmpl: HotTemplate, area: ProblemArea): TemplateProblem[] {
  return tmpl.problems.filter((p) => {
    const first = p.path[0];
    // A section that is not a mapping at all is a template-level problem.
    const own = p.path.length > 1 && typeof first === 'string' ? AREA[first] : undefined;
    return (own ?? 'template') === area;
  });
}

/** Report a template's problems of one area as they are (the model already says what and where). */
export function reportModelProblems(report: Report, file: LintFile, tmpl: HotTemplate, area: ProblemArea): void {
  for (const p of modelProblems(tmpl, area)) report(file, p.path, p.message, { key: p.key });
}
