/**
 * The rule engine: runs the selected rules over one shared model, resolves
 * YAML paths to line/column, applies inline suppressions and the path
 * selection, and returns the findings sorted. No I/O and no printing: the
 * CLI (or any other caller) formats the result.
 */
import type { PathSegment } from '../yaml/file.js';
import { LintContext, type DeploymentCheck } from './context.js';
import type { Policy } from './policy.js';
import { RULES } from './rules/index.js';
import { suggestKey } from '../load/suggest.js';
import { DIRECTIVE_RULE, matchesId, Suppressions } from './suppression.js';
import type { LintFile, LintTree } from './tree.js';
import { SEVERITIES, type Finding, type Location, type Rule, type Severity } from './types.js';

export interface LintOptions {
  policy: Policy;
  /** Rule ids or id prefixes to turn off. */
  ignore?: readonly string[];
  /** When non-empty, only rules matching one of these ids or prefixes run. */
  select?: readonly string[];
  /** Report only on these tree-relative files or folders (the whole tree is still read). */
  paths?: readonly string[];
  /** Tree-relative environment files given with `-e`, checked as environments. */
  environments?: readonly string[];
  /** validate's checks of the deployment (HOT015, and ENV005-ENV011 for the -e files); without it those rules find nothing. */
  checkDeployment?: DeploymentCheck;
}

export interface LintReport {
  findings: Finding[];
  rules: Rule[];
  filesChecked: number;
  counts: Record<Severity, number>;
}

function selectRules(rules: readonly Rule[], select: readonly string[] = [], ignore: readonly string[] = []): Rule[] {
  return rules.filter(
    (r) => (select.length === 0 || select.some((s) => matchesId(r.meta.id, s))) && !ignore.some((s) => matchesId(r.meta.id, s)),
  );
}

/** Patterns that match no rule: a typo there would silently select or ignore nothing. */
export function unknownRulePatterns(patterns: readonly string[]): string[] {
  return patterns.filter((p) => !RULES.some((r) => matchesId(r.meta.id, p)));
}

/** The rule id a mistyped id or prefix most likely meant, for did-you-mean. */
export function closestRuleId(pattern: string): string | undefined {
  return suggestKey(pattern.toUpperCase(), RULES.map((r) => r.meta.id));
}

/** `"HTO"`, or `"HOTT011" (did you mean HOT011?)`: an id no rule matches, as messages name it. */
export function describeUnknownId(pattern: string): string {
  const guess = closestRuleId(pattern);
  return `"${pattern}"${guess ? ` (did you mean ${guess}?)` : ''}`;
}

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id.toUpperCase() === id.toUpperCase());
}

export function lintTree(tree: LintTree, options: LintOptions): LintReport {
  const ctx = new LintContext(tree, options.policy, options.environments, options.checkDeployment);
  const rules = selectRules(RULES, options.select, options.ignore);
  const inScope = scopeFilter(options.paths);
  const suppressions = new Suppressions();
  const findings: Finding[] = [];
  const add = (rule: Rule, file: LintFile, line: number, column: number, message: string) => {
    const finding: Finding = { code: rule.meta.id, severity: rule.meta.severity, file: file.path, line, column, message };
    if (file.template) finding.template = file.template;
    findings.push(finding);
  };
  for (const rule of rules) {
    rule.check(ctx, (file, at, message, locationOptions) => {
      if (!inScope(file)) return;
      const { line, column } = resolve(file, at, locationOptions?.key ?? false);
      if (!suppressions.silences(file, rule.meta.id, line)) add(rule, file, line, column, message);
    });
  }
  if (rules.includes(DIRECTIVE_RULE)) {
    const known = (id: string) => unknownRulePatterns([id]).length === 0;
    const ran = (id: string) => rules.some((r) => matchesId(r.meta.id, id));
    for (const u of suppressions.unused(ctx.files.filter(inScope), known, ran)) {
      const message = u.unknown
        ? `tht-lint comment names no rule: ${describeUnknownId(u.id)}`
        : `tht-lint comment disables ${u.id}, but there is no ${u.id} finding ${u.directive.scope === 'file' ? 'in this file' : 'on this line or the next'} to silence`;
      add(DIRECTIVE_RULE, u.file, u.directive.line, u.directive.column, message);
    }
  }
  findings.sort(compareFindings);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  return { findings, rules, filesChecked: ctx.files.filter(inScope).length, counts };
}

function resolve(file: LintFile, at: Location, key: boolean): { line: number; column: number } {
  if (!Array.isArray(at)) return at as { line: number; column: number };
  return file.parseError ? { line: 1, column: 1 } : file.yaml.position(at as PathSegment[], { key });
}

/** A file is in scope when it, or the template it was rendered from, is under a selected path. */
function scopeFilter(paths: readonly string[] | undefined): (f: LintFile) => boolean {
  if (!paths || paths.length === 0 || paths.includes('')) return () => true;
  const under = (p: string) => paths.some((sel) => p === sel || p.startsWith(sel.endsWith('/') ? sel : `${sel}/`));
  return (f) => under(f.path) || (f.template !== undefined && under(f.template));
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
