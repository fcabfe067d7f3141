/** Output formats of `tht lint`; each turns a report into the text to print. */
import type { LintReport } from '../engine.js';
import type { FormatName } from './names.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatText, type TextStyle } from './text.js';

export type { TextStyle } from './text.js';

export interface FormatOptions {
  /** Colours for the text format (a no-colour chalk when not on a terminal). */
  style: TextStyle;
  toolVersion: string;
  /** Warnings fail too (--strict): the JUnit report fails test cases as the exit code does. */
  strict?: boolean;
  /** The tree linted, as the text summary names it. */
  tree?: string;
}

/** One formatter per name of names.ts (the type makes the two agree). */
export const FORMATS: Record<FormatName, (report: LintReport, options: FormatOptions) => string> = {
  text: (r, o) => formatText(r, o.style, o.tree),
  json: (r) => formatJson(r),
  sarif: (r, o) => formatSarif(r, o.toolVersion),
  junit: (r, o) => formatJunit(r, { strict: o.strict }),
  github: (r) => formatGithub(r),
};
