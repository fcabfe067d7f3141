/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), which
 * the runner turns into annotations on the pull request. A rendered file is not
 * in the repository, so its annotation goes on the template it came from, with
 * the rendered position in the message.
 */
import type { LintReport } from '../engine.js';
import type { Severity } from '../types.js';
import { messageOnSource } from './rendered.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping the runner expects: in the message `%`, CR, LF; in properties also `:` and `,`. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(report: LintReport): string {
  return report.findings
    .map((f) => {
      const props = f.template
        ? [`file=${escapeProperty(f.template)}`, `title=${escapeProperty(f.code)}`]
        : [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(f.code)}`];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(messageOnSource(f))}\n`;
    })
    .join('');
}
