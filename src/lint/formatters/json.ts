/** JSON: an array of findings, paths relative to the tree. */
import type { LintReport } from '../engine.js';

export function formatJson(report: LintReport): string {
  return `${JSON.stringify(report.findings, null, 2)}\n`;
}
