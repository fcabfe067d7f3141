/**
 * The files of a template tree, as process-templates.py walks it: hidden
 * files and folders are skipped. Paths are relative with `/` separators.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ThtError } from './errors.js';

export interface TreeListing {
  /** Every non-hidden file, sorted. */
  files: string[];
  /** Every non-hidden folder (process-templates.py -o recreates even empty ones), sorted. */
  folders: string[];
}

export async function listTree(root: string): Promise<TreeListing> {
  const out: string[] = [];
  const folders: string[] = [];
  async function walk(rel: string): Promise<void> {
    const folder = rel ? join(root, rel) : root;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (e) {
      throw new ThtError(`cannot read the template tree ${folder}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        at: { file: folder },
        hint: rel ? 'Make the folder readable, or hide it from the walk with a leading ".".' : 'Pass the folder that holds overcloud.j2.yaml with -p.',
      });
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        subdirs.push(path);
        folders.push(path);
      }
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
    }
    await Promise.all(subdirs.map(walk));
  }
  await walk('');
  return { files: out.sort(), folders: folders.sort() };
}
