/**
 * The one finding type every stage reports problems with (data schemas,
 * render warnings, the nested-stack walk, environment checks, validate, lint,
 * preview): a code naming the kind of problem, one severity per code, and the
 * position a person edits.
 */
import type { PathSegment } from '../yaml/file.js';
import { withAdvice } from './errors.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Finding {
  /** The kind of problem, stable across releases (`ENV002`, `HOT009`); lint's rule ids are codes. */
  code: string;
  severity: Severity;
  /** The file: relative to the tree root when inside it, else absolute. */
  file: string;
  /** 1-based position; 0 (line and column) for a finding about the file as a whole (a file left out of the walk). */
  line: number;
  column: number;
  message: string;
  /** What to do about it, when the message alone does not say. */
  hint?: string;
  /** For a rendered file, the `*.j2.yaml` template it came from. */
  template?: string;
}

/** A finding about a node of a YAML document, with the keys/indexes from its root (a role's is `[index, ...]`). */
export interface PathFinding extends Finding {
  path: PathSegment[];
}

/**
 * One line, as every command prints a finding on standard error:
 * `file:line:column: message. Hint.` (`file: ...` for the file as a whole).
 */
export function formatFinding(f: Finding): string {
  const where = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
  return `${where}: ${withAdvice(f.message, f.hint)}`;
}
