/**
 * The reference for a tree is the process-templates.py it ships, and THT
 * changed how that script prepares the data over time: victoria added the
 * role tags implied by role names (and `tags: []` for roles without tags),
 * master added each network's `idx`. Both show in rendered output (`{{ roles }}`
 * prints every key), so a tree is rendered as its own script would. A tree
 * without the script is treated as master, the newest behaviour.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataPreparation {
  roleTagsFromNames: boolean;
  networkIndexes: boolean;
}

const SCRIPT = 'tools/process-templates.py';

export async function detectDataPreparation(root: string): Promise<DataPreparation> {
  let script: string;
  try {
    script = await readFile(join(root, SCRIPT), 'utf8');
  } catch {
    return { roleTagsFromNames: true, networkIndexes: true };
  }
  return {
    roleTagsFromNames: script.includes('_set_tags_based_on_role_name('),
    networkIndexes: /\{\s*['"]idx['"]\s*:/.test(script),
  };
}
