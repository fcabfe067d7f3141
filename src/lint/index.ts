/**
 * The lint stage's entry points: the engine, the rules and the tree it reads.
 * Rendering a tree and linting it in one call is `lint` in src/api/lint.ts.
 */
export { describeUnknownId, findRule, lintTree, unknownRulePatterns, type LintOptions, type LintReport } from './engine.js';
export { RULES } from './rules/index.js';
export { LintTree, type LintInput } from './tree.js';
export type { Finding, Rule, RuleMeta, Severity } from './types.js';
