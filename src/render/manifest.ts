/**
 * The manifest `tht render -o DIR` keeps in DIR: which files and folders the
 * last render put there. It lets a re-render name the files an earlier render
 * wrote and this one does not (a renamed role), and marks DIR as an output
 * folder, which tree walks leave out (load/tree.ts).
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextFile } from '../load/files.js';
import { OUTPUT_MARKER } from '../load/tree.js';
import type { Finding } from '../load/finding.js';
import { isPlainRelativePath } from './output-paths.js';
import { renderWarning } from './warnings.js';

export { OUTPUT_MARKER };

export interface OutputManifest {
  /** Files written or copied, relative to the folder, sorted. */
  files: string[];
  /** Folders made, sorted (parents before children). */
  folders: string[];
}

const NOTE =
  'Written by tht render: the files and folders it put here. A re-render names the files it no longer writes (--prune removes them). It also marks this folder as an output, which tht leaves out of template trees.';

export function manifestText(m: OutputManifest): string {
  return `${JSON.stringify({ generator: 'tht render', note: NOTE, files: m.files, folders: m.folders }, null, 1)}\n`;
}

/**
 * The manifest of an earlier render in `folder`; undefined when there is
 * none. One that is not tht's (unreadable, or naming paths outside the
 * folder) is reported in `warning` and not used, so it can never steer a
 * deletion.
 */
export async function readManifest(folder: string): Promise<{ manifest?: OutputManifest; warning?: Finding }> {
  const path = join(folder, OUTPUT_MARKER);
  try {
    await lstat(path);
  } catch {
    return {};
  }
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    return { warning: renderWarning('REN003', path, `cannot be read, so files of earlier renders are not checked: ${(e as Error).message}`) };
  }
  try {
    const parsed = JSON.parse(text) as { files?: unknown; folders?: unknown };
    const { files, folders } = parsed;
    // Used only if every entry is a plain relative path inside the folder.
    if (Array.isArray(files) && files.every(isPlainRelativePath) && Array.isArray(folders) && folders.every(isPlainRelativePath)) {
      return { manifest: { files, folders } };
    }
  } catch {
    // Falls through to the warning.
  }
  return { warning: renderWarning('REN004', path, "not a tht render manifest; it is ignored (and replaced by this render's).") };
}
