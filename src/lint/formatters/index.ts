/** Output formats of `tht lint`; each turns a report into the text to print. */
import type { LintReport } from '../engine.js';
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

export const FORMATS = {
  text: (r: LintReport, o: FormatOptions) => formatText(r, o.style, o.tree),
  json: (r: LintReport) => formatJson(r),
  sarif: (r: LintReport, o: FormatOptions) => formatSarif(r, o.toolVersion),
  junit: (r: LintReport, o: FormatOptions) => formatJunit(r, { strict: o.strict }),
  github: (r: LintReport) => formatGithub(r),
} as const;

export type FormatName = keyof typeof FORMATS;

export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
