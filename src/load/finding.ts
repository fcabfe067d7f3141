/**
 * The one finding type every stage reports problems with (data schemas,
 * environment checks, validate, lint): a code naming the kind of problem,
 * one severity per code, and the position a person edits.
 */

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Finding {
  /** The kind of problem, stable across releases (`ENV002`, `HOT009`); lint's rule ids are codes. */
  code: string;
  severity: Severity;
  /** The file: relative to the tree root when inside it, else absolute. */
  file: string;
  /** 1-based position. */
  line: number;
  column: number;
  message: string;
  /** What to do about it, when the message alone does not say. */
  hint?: string;
  /** For a rendered file, the `*.j2.yaml` template it came from. */
  template?: string;
}
