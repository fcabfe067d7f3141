/**
 * What a render warns about, as findings of the one finding type, each kind
 * with its own code (all warnings: the render goes on):
 *
 * - REN001: an entry of the tree left out of the walk (a link leading
 *   outside the tree, a FIFO, a device), never read or copied;
 * - REN002: two roles (or networks) render the same output file, and the
 *   later one is kept, as process-templates.py does;
 * - REN003: the output folder's manifest cannot be read;
 * - REN004: the output folder's manifest is not a tht render manifest.
 *
 * The roles data's own warnings (DATA002 unknown keys, DATA004 tags added
 * from role names) come from src/load. Files are named as they open from
 * the current folder.
 */
import type { Finding } from '../load/finding.js';

export type RenderWarningCode = 'REN001' | 'REN002' | 'REN003' | 'REN004';

/** A warning about `file` as a whole (no position in it). */
export function renderWarning(code: RenderWarningCode, file: string, message: string, hint?: string): Finding {
  return { code, severity: 'warning', file, line: 0, column: 0, message, ...(hint === undefined ? {} : { hint }) };
}
