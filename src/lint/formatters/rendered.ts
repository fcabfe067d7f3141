/**
 * Formats read by code-review tools (SARIF, GitHub annotations) place a finding
 * in a rendered file on the template it came from, since the rendered file is
 * not in the repository; the message then carries the rendered position.
 */
import type { Finding } from '../types.js';

export function messageOnSource(f: Finding): string {
  return f.template ? `${f.message} (in rendered ${f.file}:${f.line}:${f.column})` : f.message;
}
