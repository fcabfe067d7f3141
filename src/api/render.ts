/**
 * `render` as a library call: expand a tree in memory, and write it into an
 * output folder or next to the templates, or remove what a render generates.
 * Returns what happened; never prints.
 */
import { resolve } from 'node:path';
import { ThtError } from '../load/errors.js';
import type { Finding } from '../load/finding.js';
import type { RenderedFile } from '../render/types.js';
import type { Recovery } from '../render/transaction.js';
import type { WriteStats } from '../render/write.js';
import { dataFiles, locateTemplates, type TemplateTree, type TreeOptions } from './tree.js';

export interface RenderRequest extends TreeOptions {
  /** Write a complete rendered copy of the tree into this folder. */
  output?: string;
  /** Without `output`: write the rendered files next to their templates. Neither: render in memory only. */
  inPlace?: boolean;
  /** Decide everything, write and delete nothing. */
  dryRun?: boolean;
  /** Refuse to overwrite a rendered file that already exists. */
  safe?: boolean;
  /** Remove the files a render generates instead of writing them. */
  clean?: boolean;
  /** With `output`: remove the files an earlier render wrote there and this one does not. */
  prune?: boolean;
}

export type RenderAction = 'memory' | 'render' | 'dry-run' | 'clean' | 'clean-dry-run';

/** What writing did (all empty or zero when nothing was written), and the rest of the run. */
export interface RenderReport extends Omit<WriteStats, 'recovered' | 'warnings'> {
  action: RenderAction;
  tree: TemplateTree;
  /** The folder written, or that would be (the output folder or the tree); none for a render in memory. */
  folder?: string;
  /** The rendered files with their content (none for clean). */
  files: RenderedFile[];
  roles: string[];
  networks: string[];
  /** Distinct templates compiled. */
  templates: number;
  /** Generated files removed by clean (or that would be). */
  removed: string[];
  /** An interrupted earlier run found in the folder: what became of it (or, for a dry run, will). */
  recovered?: Recovery;
  /** What the render warns about (files left out of the walk, deprecated role tags, unknown data keys...): see src/render/warnings.ts. */
  warnings: Finding[];
}

function checkRequest(request: RenderRequest, tree: TemplateTree): void {
  if (request.output === undefined && request.inPlace && tree.origin === 'bundled') {
    throw new ThtError('there is no template tree here, and tht does not write into the templates bundled with it', {
      hint: 'Pass -o DIR to render them into a folder, or -p DIR to render a tree of your own.',
    });
  }
  if (request.prune && request.output === undefined) {
    throw new ThtError('--prune needs -o: only an output folder keeps the list of files earlier renders wrote', {
      hint: 'Pass the output folder with -o. In place, tht render --clean with the earlier roles and networks files removes what they generated.',
    });
  }
  if (request.prune && request.clean) {
    throw new ThtError('--prune and --clean ask for two things: --clean removes what this render generates, --prune what it no longer does', {
      hint: 'Give one of them.',
    });
  }
}

export async function render(request: RenderRequest = {}): Promise<RenderReport> {
  const tree = locateTemplates(request.templates);
  checkRequest(request, tree);
  // Loaded here rather than at the top: the write side is not needed to render in memory.
  const [{ planTree, renderTree }, { cleanRender, staleOutputs, writeRender }, { pendingRecovery }] = await Promise.all([
    import('../render/index.js'),
    import('../render/write.js'),
    import('../render/transaction.js'),
  ]);
  const options = {
    templatesDir: tree.path,
    ...dataFiles(request, tree),
    limits: request.limits,
    exclude: request.output === undefined ? [] : [request.output],
  };
  const writes = request.output !== undefined || request.inPlace === true;
  const folder = request.output ?? (writes ? tree.path : undefined);
  const empty = { files: [], written: [], unchanged: [], copied: 0, copiesUnchanged: 0, stale: [], pruned: false, removed: [], warnings: [] };
  const base = { tree, ...(folder === undefined ? {} : { folder }) };
  const pending = request.dryRun && folder !== undefined ? await pendingRecovery(resolve(folder)) : undefined;
  const recovered = (r: Recovery | undefined) => (r === undefined ? {} : { recovered: r });

  if (request.clean) {
    const plan = planTree(options);
    const cleaned = await cleanRender(plan, { outputDir: request.output, dryRun: request.dryRun });
    return {
      ...empty,
      ...base,
      action: request.dryRun ? 'clean-dry-run' : 'clean',
      roles: plan.roles.map((r) => r.name),
      networks: plan.networks.map((n) => n.name),
      templates: 0,
      removed: cleaned.removed,
      warnings: plan.warnings,
      ...recovered(pending ?? cleaned.recovered),
    };
  }
  const result = await renderTree(options);
  const rendered = {
    ...empty,
    ...base,
    files: result.files,
    roles: result.roles.map((r) => r.name),
    networks: result.networks.map((n) => n.name),
    templates: result.templates,
    warnings: [...result.warnings],
  };
  if (!writes) return { ...rendered, action: 'memory' };
  if (request.dryRun) {
    const { stale, warnings } = request.output === undefined ? { stale: [], warnings: [] } : await staleOutputs(result, request.output);
    return { ...rendered, action: 'dry-run', stale, warnings: [...rendered.warnings, ...warnings], ...recovered(pending) };
  }
  const stats = await writeRender(result, { outputDir: request.output, safe: request.safe, prune: request.prune });
  return {
    ...rendered,
    action: 'render',
    written: stats.written,
    unchanged: stats.unchanged,
    copied: stats.copied,
    copiesUnchanged: stats.copiesUnchanged,
    stale: stats.stale,
    pruned: stats.pruned,
    warnings: [...rendered.warnings, ...stats.warnings],
    ...recovered(stats.recovered),
  };
}
