/**
 * `tht render`: option parsing and the summary; the work is in src/render,
 * imported when the command runs so that other commands do not load it.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import { packagePath } from '../../load/package-files.js';
import { printJson } from '../data-files.js';
import { io } from '../io.js';
import type { Recovery } from '../../render/transaction.js';

interface RenderFlags {
  templates?: string;
  rolesData: string;
  networkData: string;
  outputDir?: string;
  dryRun?: boolean;
  safe?: boolean;
  clean?: boolean;
  prune?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('Expand a THT template tree per role and network, byte for byte like process-templates.py')
    .option('-p, --templates <dir>', 'template tree to render (default: the templates bundled with tht)')
    .option('-r, --roles-data <file>', 'roles file; a relative path is relative to the tree', 'roles_data.yaml')
    .option('-n, --network-data <file>', 'networks file; a relative path is relative to the tree', 'network_data.yaml')
    .option('-o, --output-dir <dir>', 'write a complete rendered copy of the tree here instead of next to the templates')
    .option('--dry-run', 'render and list the files that would be written (or, with --clean, removed); write nothing')
    .option('--safe', 'refuse to overwrite a rendered file that already exists')
    .option('--clean', 'delete the files a render would generate')
    .option('--prune', 'with -o: remove the files an earlier render wrote there that this one does not')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--json', 'print a machine-readable summary')
    .action(async (flags: RenderFlags) => runRender(flags));
}

/** At most this many paths in one message line; the rest are counted. */
const LISTED = 10;

const listed = (paths: readonly string[]): string =>
  paths.length <= LISTED ? paths.join(', ') : `${paths.slice(0, LISTED).join(', ')} and ${paths.length - LISTED} more`;

/** What became (or, for a dry run, will become) of an earlier render that was killed while writing. */
function recoveryNotice(recovered: Recovery | undefined, folder: string, pending = false): string | undefined {
  if (recovered === undefined) return undefined;
  const committed = recovered === 'completed';
  const outcome = pending
    ? `the next render that writes there ${committed ? 'completes it' : 'removes its staged files'}`
    : committed
      ? 'it was completed first'
      : 'its staged files were removed first';
  return `an earlier render of ${folder} was killed ${committed ? 'after' : 'before'} it had committed its files; ${outcome}.`;
}

function checkFlags(flags: RenderFlags): void {
  if (flags.templates === undefined && flags.outputDir === undefined) {
    throw new ThtError('-o/--output-dir is required when rendering the bundled templates', {
      hint: 'Pass -o DIR, or -p DIR to render a template tree of your own.',
    });
  }
  if (flags.outputDir === '-') {
    throw new ThtError('tht render writes a folder, not standard output: -o - is for commands that write one file', {
      hint: 'Give a folder with -o, or use --dry-run to list the files.',
    });
  }
  if (flags.prune && flags.outputDir === undefined) {
    throw new ThtError('--prune needs -o: only an output folder keeps the list of files earlier renders wrote', {
      hint: 'Pass the output folder with -o, or use --clean to remove generated files in place.',
    });
  }
}

async function runRender(flags: RenderFlags): Promise<void> {
  const started = performance.now();
  checkFlags(flags);
  const [{ planTree, renderTree }, { cleanRender, staleOutputs, writeRender }, { pendingRecovery }] = await Promise.all([
    import('../../render/index.js'),
    import('../../render/write.js'),
    import('../../render/transaction.js'),
  ]);
  const options = {
    templatesDir: flags.templates ?? packagePath('templates'),
    rolesData: flags.rolesData,
    networkData: flags.networkData,
    exclude: flags.outputDir === undefined ? [] : [flags.outputDir],
  };
  const folder = flags.outputDir ?? options.templatesDir;
  const warn = (w: string | undefined) => {
    if (w !== undefined && !flags.quiet && !flags.json) io.warn(w);
  };
  if (flags.dryRun) warn(recoveryNotice(await pendingRecovery(resolve(folder)), folder, true));
  if (flags.clean) {
    const { removed, recovered } = await cleanRender(await planTree(options), { outputDir: flags.outputDir, dryRun: flags.dryRun });
    warn(recoveryNotice(recovered, folder));
    if (flags.dryRun) {
      if (!flags.json && !flags.quiet) removed.forEach((f) => io.print(f));
      report(flags, { action: 'clean-dry-run', removed }, `${removed.length} generated file(s) would be removed (dry run).`);
    } else {
      report(flags, { action: 'clean', removed }, `Removed ${removed.length} generated file(s).`);
    }
    return;
  }
  const result = await renderTree(options);
  result.warnings.forEach(warn);
  const base = {
    templates: result.templates,
    roles: result.roles.length,
    networks: result.networks.length,
    rendered: result.files.length,
  };
  if (flags.dryRun) {
    const files = result.files.map((f) => f.path);
    const { stale, warnings } = flags.outputDir === undefined ? { stale: [], warnings: [] } : await staleOutputs(result, flags.outputDir);
    warnings.forEach(warn);
    if (stale.length > 0) warn(`${stale.length} file(s) in ${folder} from an earlier render would no longer be written: ${listed(stale)}. --prune would remove them.`);
    if (!flags.json && !flags.quiet) files.forEach((f) => io.print(f));
    report(flags, { action: 'dry-run', ...base, files, stale }, `${files.length} file(s) would be written (dry run).`);
    return;
  }
  const stats = await writeRender(result, { outputDir: flags.outputDir, safe: flags.safe, prune: flags.prune });
  warn(recoveryNotice(stats.recovered, folder));
  stats.warnings.forEach(warn);
  if (stats.stale.length > 0 && !stats.pruned) {
    warn(`${stats.stale.length} file(s) in ${folder} were written by an earlier render and are no longer produced: ${listed(stats.stale)}. Remove them with --prune.`);
  }
  const seconds = (performance.now() - started) / 1000;
  const copies = flags.outputDir === undefined ? '' : `, ${stats.copied} other file(s) copied (${stats.copiesUnchanged} unchanged)`;
  const pruned = stats.pruned ? `, ${stats.stale.length} file(s) of an earlier render removed (${listed(stats.stale)})` : '';
  report(
    flags,
    {
      action: 'render',
      ...base,
      written: stats.written.length,
      unchanged: stats.unchanged.length,
      copied: stats.copied,
      copiesUnchanged: stats.copiesUnchanged,
      stale: stats.stale,
      pruned: stats.pruned ? stats.stale.length : 0,
      ...(stats.recovered ? { recovered: stats.recovered } : {}),
      outputDir: folder,
      seconds: Number(seconds.toFixed(3)),
      warnings: [...result.warnings, ...stats.warnings],
    },
    `Rendered ${io.out.bold(base.templates)} templates for ${base.roles} roles and ${base.networks} networks: ` +
      `${io.out.green(stats.written.length)} file(s) written, ${stats.unchanged.length} unchanged${copies}${pruned}, in ${seconds.toFixed(2)} s.`,
  );
}

function report(flags: RenderFlags, summary: Record<string, unknown>, line: string): void {
  if (flags.json) printJson(summary);
  else if (!flags.quiet) io.print(line);
}
