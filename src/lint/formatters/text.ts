/** The default, human format: findings grouped by file, then a summary line. */
import type { LintReport } from '../engine.js';
import type { Finding, Severity } from '../types.js';

/** The few chalk styles used; a chalk instance (coloured or not) satisfies it. */
export interface TextStyle {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(report: LintReport, style: TextStyle, tree?: string): string {
  const colour: Record<Severity, (s: string) => string> = { error: style.red, warning: style.yellow, info: style.blue };
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const out: string[] = [];
  for (const [file, findings] of byFile) {
    const source = findings[0]!.template;
    out.push(style.underline(file) + (source ? style.dim(` (rendered from ${source})`) : ''));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(width);
      out.push(`  ${style.dim(where)}  ${colour[f.severity](f.severity.padEnd(7))}  ${f.message}  ${style.dim(f.code)}`);
    }
    out.push('');
  }
  const { error, warning, info } = report.counts;
  const total = error + warning + info;
  const summary = `${total === 0 ? 'No problems' : plural(total, 'problem')} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info) in ${plural(report.filesChecked, 'file')}${tree === undefined ? '' : ` of ${tree}`}, ${plural(report.rules.length, 'rule')}`;
  out.push(error > 0 ? style.bold(style.red(summary)) : warning > 0 ? style.bold(style.yellow(summary)) : style.bold(summary));
  return `${out.join('\n')}\n`;
}
