/**
 * SARIF 2.1.0 for code-scanning uploads (GitHub, Azure DevOps). Locations are
 * relative to the tree root (%SRCROOT%). A finding in a rendered file points
 * at the template it came from, since the rendered file is not in the
 * repository, and keeps the rendered position as a related location.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintReport } from '../engine.js';
import type { Severity } from '../types.js';
import { messageOnSource } from './rendered.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF wants URI references: a tree path relative to %SRCROOT%, an -e file outside the tree as a file: URI. */
const artifact = (path: string) => (isAbsolute(path) ? { uri: pathToFileURL(path).href } : { uri: encodeURI(path), uriBaseId: '%SRCROOT%' });

const location = (path: string, region?: { startLine: number; startColumn: number }) => ({
  physicalLocation: { artifactLocation: artifact(path), ...(region ? { region } : {}) },
});

export function formatSarif(report: LintReport, toolVersion: string): string {
  const index = new Map(report.rules.map((r, i) => [r.meta.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tht lint',
            version: toolVersion,
            rules: report.rules.map((r) => ({
              id: r.meta.id,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.explanation },
              help: { text: r.meta.explanation },
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The template tree root.' } } },
        results: report.findings.map((f) => {
          const region = { startLine: f.line, startColumn: f.column };
          return {
            ruleId: f.code,
            ruleIndex: index.get(f.code) ?? 0,
            level: LEVEL[f.severity],
            message: { text: messageOnSource(f) },
            locations: [f.template ? location(f.template) : location(f.file, region)],
            ...(f.template ? { relatedLocations: [{ id: 0, ...location(f.file, region), message: { text: 'rendered file' } }] } : {}),
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
