/** What a folder holds, to compare before and after a run. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every entry under `dir` (hidden ones too): a hash of each file's content
 * (and its modification time with `mtimes`), a link's target, or the kind.
 */
export function snapshot(dir: string, options: { mtimes?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = join(dir, rel);
    const s = lstatSync(full);
    if (s.isSymbolicLink()) out[rel] = `link ${readlinkSync(full)}`;
    else if (s.isDirectory()) out[rel] = 'folder';
    else if (s.isFIFO()) out[rel] = 'fifo';
    else out[rel] = `${options.mtimes ? `${s.mtimeMs} ` : ''}${createHash('sha1').update(readFileSync(full)).digest('hex')}`;
  }
  return out;
}
