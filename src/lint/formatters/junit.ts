/**
 * JUnit XML, which most CI servers display: one test case per rule that ran,
 * failing with one <failure> line per finding (errors and warnings alike).
 */
import type { LintReport } from '../engine.js';

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function formatJunit(report: LintReport): string {
  const cases = report.rules.map((rule) => {
    const findings = report.findings.filter((f) => f.rule === rule.meta.id);
    const name = `${rule.meta.id}: ${rule.meta.description}`;
    if (findings.length === 0) return `    <testcase classname="tht.lint" name="${xml(name)}"/>`;
    const lines = findings.map((f) => `${f.severity}: ${f.file}:${f.line}:${f.column}: ${f.message}${f.source ? ` (from ${f.source})` : ''}`);
    return [
      `    <testcase classname="tht.lint" name="${xml(name)}">`,
      `      <failure message="${xml(`${findings.length} finding(s)`)}" type="${rule.meta.severity}">${xml(lines.join('\n'))}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  const failures = report.rules.filter((r) => report.findings.some((f) => f.rule === r.meta.id)).length;
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
