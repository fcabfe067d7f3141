/**
 * JUnit XML, which most CI servers display: one test case per rule that ran.
 * A case fails as the exit code does: on errors, and on warnings only with
 * --strict. Findings that do not fail it are kept as the case's output, so
 * the report still lists them.
 */
import type { LintReport } from '../engine.js';
import type { Finding } from '../types.js';

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const line = (f: Finding) => `${f.severity}: ${f.file}:${f.line}:${f.column}: ${f.message}${f.template ? ` (from ${f.template})` : ''}`;

export function formatJunit(report: LintReport, options: { strict?: boolean } = {}): string {
  const fails = (f: Finding) => f.severity === 'error' || (options.strict === true && f.severity === 'warning');
  let failures = 0;
  const cases = report.rules.map((rule) => {
    const findings = report.findings.filter((f) => f.code === rule.meta.id);
    const name = `${rule.meta.id}: ${rule.meta.description}`;
    if (findings.length === 0) return `    <testcase classname="tht.lint" name="${xml(name)}"/>`;
    const failing = findings.some(fails);
    if (failing) failures++;
    const body = failing
      ? `<failure message="${xml(`${findings.length} finding(s)`)}" type="${rule.meta.severity}">${xml(findings.map(line).join('\n'))}</failure>`
      : `<system-out>${xml(findings.map(line).join('\n'))}</system-out>`;
    return [`    <testcase classname="tht.lint" name="${xml(name)}">`, `      ${body}`, '    </testcase>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tht lint" tests="${report.rules.length}" failures="${failures}">`,
    `  <testsuite name="tht lint" tests="${report.rules.length}" failures="${failures}" errors="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
