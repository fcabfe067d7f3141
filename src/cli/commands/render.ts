/**
 * `tht render`: option parsing and the summary; the work is `render` in
 * src/api/render.ts, imported when the command runs so that other commands do
 * not load it.
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { RenderReport } from '../../api/render.js';
import { treeLabel } from '../../api/tree.js';
import { ThtError } from '../../load/errors.js';
import { displayPath } from '../../load/paths.js';
import type { Recovery } from '../../render/transaction.js';
import { jsonText, printWarnings } from '../data-files.js';
import { io } from '../io.js';
import { addExamples, addFormatOption, addOutputOptions, addTreeOptions, chosenFormat, type OutputFlags, type TreeFlags } from '../options.js';

interface RenderFlags extends TreeFlags, OutputFlags {
  output?: string;
  outputDir?: string;
  dryRun?: boolean;
  safe?: boolean;
  clean?: boolean;
  prune?: boolean;
}

export function registerRender(program: Command): void {
  const cmd = program
    .command('render')
    .description('Expand a THT template tree per role and network, byte for byte like process-templates.py');
  addTreeOptions(cmd)
    .addOption(new Option('-o, --output <dir>', 'write a complete rendered copy of the tree into this folder (default: next to the templates)'))
    .addOption(new Option('--output-dir <dir>', 'same as -o').hideHelp())
    .option('--dry-run', 'render and list the files that would be written (or, with --clean, removed); write nothing')
    .option('--safe', 'refuse to overwrite a rendered file that already exists')
    .option('--clean', 'delete the files a render would generate')
    .option('--prune', 'with -o: remove the files an earlier render wrote there that this one does not');
  addFormatOption(cmd, ['text', 'json'], 'text');
  addOutputOptions(cmd);
  addExamples(cmd, [
    ['tht render -p ~/tripleo-heat-templates -o /tmp/rendered', 'a complete rendered copy of the tree'],
    ['tht render -r roles_data.yaml -n network_data_routed.yaml', 'in place, in the tree around the current folder'],
    ['tht render -o out --dry-run -f json', 'what rendering the bundled THT master would write'],
  ]);
  cmd.action(async function (this: Command, flags: RenderFlags) {
    await runRender(flags, chosenFormat(this));
  });
}

/** At most this many paths in one message line; the rest are counted. */
const LISTED = 10;

const listed = (paths: readonly string[]): string =>
  paths.length <= LISTED ? paths.join(', ') : `${paths.slice(0, LISTED).join(', ')} and ${paths.length - LISTED} more`;

/** What became (or, for a dry run, will become) of an earlier render that was killed while writing. */
function recoveryNotice(recovered: Recovery, folder: string, pending: boolean): string {
  const committed = recovered === 'completed';
  const outcome = pending
    ? `the next render that writes there ${committed ? 'completes it' : 'removes its staged files'}`
    : committed
      ? 'it was completed first'
      : 'its staged files were removed first';
  return `an earlier render of ${folder} was killed ${committed ? 'after' : 'before'} it had committed its files; ${outcome}.`;
}

function outputFolder(flags: RenderFlags): string | undefined {
  if (flags.output !== undefined && flags.outputDir !== undefined && flags.output !== flags.outputDir) {
    throw new ThtError('-o and --output-dir name two folders', { hint: 'Give one of them (--output-dir is the old name of -o).' });
  }
  const output = flags.output ?? flags.outputDir;
  if (output === '-') {
    throw new ThtError('tht render writes a folder, not standard output: -o - is for commands that write one file', {
      hint: 'Give a folder with -o, or use --dry-run to list the files.',
    });
  }
  return output;
}

async function runRender(flags: RenderFlags, format: string): Promise<void> {
  const started = performance.now();
  const { render } = await import('../../api/render.js');
  const output = outputFolder(flags);
  const report = await render({
    templates: flags.templates,
    rolesData: flags.rolesData,
    networkData: flags.networkData,
    limits: flags.renderLimit,
    output,
    inPlace: true,
    dryRun: flags.dryRun,
    safe: flags.safe,
    clean: flags.clean,
    prune: flags.prune,
  });
  const seconds = (performance.now() - started) / 1000;
  // Paths as they open from the current folder: under the folder written (or that would be).
  const folder = report.folder!;
  const shown = (paths: readonly string[]) => paths.map((p) => displayPath(join(folder, p)));
  const folderShown = displayPath(folder);
  if (format === 'json') {
    io.print(jsonText(jsonSummary(report, shown, seconds)));
    return;
  }
  if (flags.quiet) return;
  const pending = report.action === 'dry-run' || report.action === 'clean-dry-run';
  if (report.recovered) io.warn(recoveryNotice(report.recovered, folderShown, pending));
  printWarnings(report.warnings, flags);
  const stale = shown(report.stale);
  const tree = treeLabel(report.tree);
  switch (report.action) {
    case 'clean-dry-run':
      shown(report.removed).forEach((f) => io.print(f));
      io.print(`${report.removed.length} file(s) generated from ${tree} would be removed (dry run).`);
      return;
    case 'clean':
      io.print(`Removed ${report.removed.length} file(s) generated from ${tree}.`);
      return;
    case 'dry-run':
      if (stale.length > 0) io.warn(`${stale.length} file(s) in ${folderShown} from an earlier render would no longer be written: ${listed(stale)}. --prune would remove them.`);
      shown(report.files.map((f) => f.path)).forEach((f) => io.print(f));
      io.print(`${report.files.length} file(s) would be written from ${tree} (dry run).`);
      return;
    default: {
      if (stale.length > 0 && !report.pruned) {
        io.warn(`${stale.length} file(s) in ${folderShown} were written by an earlier render and are no longer produced: ${listed(stale)}. Remove them with --prune.`);
      }
      const copies = output === undefined ? '' : `, ${report.copied} other file(s) copied (${report.copiesUnchanged} unchanged)`;
      const pruned = report.pruned ? `, ${stale.length} file(s) of an earlier render removed (${listed(stale)})` : '';
      io.print(
        `Rendered ${io.out.bold(report.templates)} templates of ${tree} for ${report.roles.length} roles and ${report.networks.length} networks: ` +
          `${io.out.green(report.written.length)} file(s) written, ${report.unchanged.length} unchanged${copies}${pruned}, in ${seconds.toFixed(2)} s.`,
      );
    }
  }
}

/** The machine-readable summary: counts, and the paths that changed as they open from the current folder. */
function jsonSummary(report: RenderReport, shown: (paths: readonly string[]) => string[], seconds: number): Record<string, unknown> {
  const tree = { tree: report.tree.path, treeOrigin: report.tree.origin };
  const recovered = report.recovered ? { recovered: report.recovered } : {};
  switch (report.action) {
    case 'clean':
    case 'clean-dry-run':
      return { action: report.action, ...tree, removed: shown(report.removed), ...recovered, warnings: report.warnings };
    case 'dry-run':
      return {
        action: 'dry-run',
        ...tree,
        templates: report.templates,
        roles: report.roles.length,
        networks: report.networks.length,
        rendered: report.files.length,
        files: shown(report.files.map((f) => f.path)),
        stale: shown(report.stale),
        ...recovered,
        warnings: report.warnings,
      };
    default:
      return {
        action: 'render',
        ...tree,
        templates: report.templates,
        roles: report.roles.length,
        networks: report.networks.length,
        rendered: report.files.length,
        written: report.written.length,
        unchanged: report.unchanged.length,
        copied: report.copied,
        copiesUnchanged: report.copiesUnchanged,
        stale: shown(report.stale),
        pruned: report.pruned ? report.stale.length : 0,
        ...recovered,
        outputDir: report.folder,
        seconds: Number(seconds.toFixed(3)),
        warnings: report.warnings,
      };
  }
}
