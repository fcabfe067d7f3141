/**
 * `--tasks-dir DIR`: one Ansible task file per task section of the role,
 * `<Role>_<section>.yml` as THT's tools/render-ansible-tasks.py names them
 * (only sections with tasks, as it writes them), so ansible-lint can run on
 * them. Written by the render stage's writer: every file checked before the
 * first write, a new folder built aside and renamed into place, an existing
 * one changed in one journaled transaction, so a killed run leaves no
 * half-written file.
 */
import { resolve } from 'node:path';
import { yamlText } from './yaml-text.js';
import { writeRender } from '../render/write.js';
import type { RenderResult } from '../render/types.js';
import type { RolePreview } from './model.js';

/** The file name and YAML text of each section of Ansible tasks with tasks (container_puppet_tasks are not tasks). */
export function taskFiles(preview: RolePreview): Array<{ path: string; content: string }> {
  return preview.tasks
    .filter((s) => s.shape === 'tasks' && s.tasks.length > 0)
    .map((s) => ({ path: `${preview.role.name}_${s.section}.yml`, content: yamlText(s.tasks.map((t) => t.task)) }));
}

/** Write the task files into `dir`; returns their paths. */
export async function writeTaskFiles(preview: RolePreview, dir: string): Promise<string[]> {
  const files = taskFiles(preview);
  // The writer takes a render's shape: these files are its only outputs (no static copies, no folders).
  const result: RenderResult = {
    templatesDir: resolve(dir, '..'),
    files: files.map((f) => ({ ...f, source: '' })),
    staticFiles: [],
    folders: [],
    roles: [],
    networks: [],
    templates: 0,
    warnings: [],
  };
  await writeRender(result, { outputDir: dir, prune: true });
  return files.map((f) => resolve(dir, f.path));
}
