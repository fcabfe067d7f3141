/**
 * The reference for a tree is the process-templates.py it ships, and THT
 * changed how that script prepares the data over time: victoria added the
 * role tags implied by role names (and `tags: []` for roles without tags),
 * master added each network's `idx`. Both show in rendered output (`{{ roles }}`
 * prints every key), so a tree is rendered as its own script would. A tree
 * without the script (or whose script the walk leaves out: a link out of the
 * tree, a FIFO) is treated as master, the newest behaviour.
 */
export interface DataPreparation {
  roleTagsFromNames: boolean;
  networkIndexes: boolean;
}

/** The script whose preparation a tree is rendered with (read by the render with the tree's other files). */
export const PROCESS_TEMPLATES_SCRIPT = 'tools/process-templates.py';

/** How the tree's process-templates.py (its text, undefined when the tree has none) prepares the data. */
export function dataPreparation(script: string | undefined): DataPreparation {
  if (script === undefined) return { roleTagsFromNames: true, networkIndexes: true };
  return {
    roleTagsFromNames: script.includes('_set_tags_based_on_role_name('),
    networkIndexes: /\{\s*['"]idx['"]\s*:/.test(script),
  };
}
