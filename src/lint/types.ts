/** The lint contract: findings, rule metadata and the rule interface. */
import type { PathSegment } from '../yaml/file.js';
import type { LintContext } from './context.js';
import type { LintFile } from './tree.js';

import type { Severity } from '../load/finding.js';

/** Lint's findings are the shared finding type: the code is the rule id, `template` the `*.j2.yaml` of a rendered file. */
export { SEVERITIES, type Finding, type Severity } from '../load/finding.js';

export interface RuleMeta {
  /** Stable id; its letters name the group (`--ignore THT` drops the whole group). */
  id: string;
  severity: Severity;
  /** One line, shown by `--list-rules`. */
  description: string;
  /** Why it matters and how to fix it, shown by `--explain ID`. */
  explanation: string;
}

/** Where a finding points: a path of keys into the file's YAML, or a fixed position. */
export type Location = readonly PathSegment[] | { line: number; column: number };

export interface LocationOptions {
  /** Point at the key of the last path segment rather than its value. */
  key?: boolean;
}

export type Report = (file: LintFile, at: Location, message: string, options?: LocationOptions) => void;

export interface Rule {
  meta: RuleMeta;
  /** Examine the shared model and report problems; must not mutate the model. */
  check(ctx: LintContext, report: Report): void;
}
