/**
 * `tht render`: option parsing and the summary; the work is in src/render,
 * imported when the command runs so that other commands do not load it.
 */
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import { packagePath } from '../../load/package-files.js';
import { printJson } from '../data-files.js';
import { io } from '../io.js';

interface RenderFlags {
  templates?: string;
  rolesData: string;
  networkData: string;
  outputDir?: string;
  dryRun?: boolean;
  safe?: boolean;
  clean?: boolean;
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
    .option('--dry-run', 'render and list the files that would be written, write nothing')
    .option('--safe', 'refuse to overwrite a rendered file that already exists')
    .option('--clean', 'delete the files a render would generate')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--json', 'print a machine-readable summary')
    .action(async (flags: RenderFlags) => runRender(flags));
}

async function runRender(flags: RenderFlags): Promise<void> {
  const started = performance.now();
  const [{ planTree, renderTree }, { cleanRender, writeRender }] = await Promise.all([
    import('../../render/index.js'),
    import('../../render/write.js'),
  ]);
  if (flags.templates === undefined && flags.outputDir === undefined) {
    throw new ThtError('-o/--output-dir is required when rendering the bundled templates', {
      hint: 'Pass -o DIR, or -p DIR to render a template tree of your own.',
    });
  }
  const options = {
    templatesDir: flags.templates ?? packagePath('templates'),
    rolesData: flags.rolesData,
    networkData: flags.networkData,
  };
  if (flags.clean) {
    const removed = await cleanRender(await planTree(options), flags.outputDir);
    report(flags, { action: 'clean', removed }, `Removed ${removed.length} generated file(s).`);
    return;
  }
  const result = await renderTree(options);
  if (!flags.quiet && !flags.json) result.warnings.forEach((w) => io.warn(w));
  const base = {
    templates: result.templates,
    roles: result.roles.length,
    networks: result.networks.length,
    rendered: result.files.length,
  };
  if (flags.dryRun) {
    const files = result.files.map((f) => f.path);
    if (!flags.json && !flags.quiet) files.forEach((f) => io.print(f));
    report(flags, { action: 'dry-run', ...base, files }, `${files.length} file(s) would be written (dry run).`);
    return;
  }
  const stats = await writeRender(result, { outputDir: flags.outputDir, safe: flags.safe });
  const seconds = (performance.now() - started) / 1000;
  const copies = flags.outputDir === undefined ? '' : `, ${stats.copied} other file(s) copied (${stats.copiesUnchanged} unchanged)`;
  report(
    flags,
    {
      action: 'render',
      ...base,
      written: stats.written.length,
      unchanged: stats.unchanged.length,
      copied: stats.copied,
      copiesUnchanged: stats.copiesUnchanged,
      outputDir: flags.outputDir ?? options.templatesDir,
      seconds: Number(seconds.toFixed(3)),
      warnings: result.warnings,
    },
    `Rendered ${io.out.bold(base.templates)} templates for ${base.roles} roles and ${base.networks} networks: ` +
      `${io.out.green(stats.written.length)} file(s) written, ${stats.unchanged.length} unchanged${copies}, in ${seconds.toFixed(2)} s.`,
  );
}

function report(flags: RenderFlags, summary: Record<string, unknown>, line: string): void {
  if (flags.json) printJson(summary);
  else if (!flags.quiet) io.print(line);
}
