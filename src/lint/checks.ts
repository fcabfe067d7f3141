/** Findings of the shared Heat-level checks, reported through lint's rule engine. */
import type { CheckFinding } from '../heat/environment-checks.js';
import type { LintContext } from './context.js';
import type { Report } from './types.js';

export function reportChecks(ctx: LintContext, report: Report, findings: readonly CheckFinding[]): void {
  for (const f of findings) {
    const file = ctx.file(f.file);
    if ('path' in f.at) report(file, f.at.path, f.message, { key: f.at.key ?? false });
    else report(file, { line: f.at.line, column: f.at.column }, f.message);
  }
}
