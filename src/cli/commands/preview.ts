/** `tht preview ROLE`: option parsing and printing; the work is `preview` in src/api/preview.ts. */
import { Option, type Command } from 'commander';
import { yamlText } from '../../preview/yaml-text.js';
import { jsonText, printWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addExamples, addFormatOption, addOutputOptions, addTreeOptions, chosenFormat, shared, type OutputFlags, type TreeFlags } from '../options.js';

interface PreviewFlags extends TreeFlags, OutputFlags {
  environment?: string[];
  output?: string;
  changed?: boolean;
  param?: string;
  section?: string;
  tasksDir?: string;
  diff?: string;
  stack?: string;
}

export const DATA_FORMATS = ['text', 'json', 'yaml'] as const;

/** JSON or YAML of a result object; undefined for text. */
export function dataText(format: string, value: unknown): string | undefined {
  if (format === 'json') return jsonText(value);
  if (format === 'yaml') return yamlText(value);
  return undefined;
}

export function registerPreview(program: Command): void {
  const cmd = program
    .command('preview')
    .argument('<role>', 'role name')
    .description('What a role gets once deployed: services, parameters and where they come from, tasks by lifecycle step, hiera');
  addTreeOptions(cmd).addOption(shared.environment()).addOption(shared.outputFile());
  addFormatOption(cmd, DATA_FORMATS, 'text');
  cmd
    .addOption(new Option('--changed', 'only the parameters not at their template default'))
    .addOption(new Option('--param <pattern>', 'only the parameters whose name matches (a word, or a glob with * and ?)'))
    .addOption(new Option('--section <name>', 'only this task section (upgrade_tasks, deploy_steps_tasks...)'))
    .addOption(new Option('--tasks-dir <dir>', 'write <Role>_<section>.yml for each task section into this folder'))
    .addOption(new Option('--diff <role>', 'what this role has that the other lacks, and the reverse (exit 1 when they differ)'))
    .addOption(new Option('--stack <name>', 'stack name for hostnames').default('overcloud'));
  addOutputOptions(cmd);
  addExamples(cmd, [
    ['tht preview Compute', 'services, parameters, tasks and hiera of the Compute role'],
    ['tht preview Controller --section upgrade_tasks --tasks-dir /tmp/tasks', 'upgrade tasks by step, written for ansible-lint'],
    ['tht preview Compute --diff ComputeHCI -r roles_data_all.yaml', 'what ComputeHCI adds to Compute'],
  ]);
  cmd.action(async function (this: Command, role: string, flags: PreviewFlags) {
    const format = chosenFormat(this);
    const { preview } = await import('../../api/preview.js');
    const result = await preview({
      ...flags,
      role,
      environments: flags.environment,
      limits: flags.renderLimit,
      stackName: flags.stack,
    });
    printWarnings(result.warnings, flags);
    const { diffText, previewText } = await import('../../preview/text.js');
    const data = result.diff ?? result.preview;
    const text = dataText(format, data) ?? (result.diff ? diffText(result.diff, io.out) : previewText(result.preview, io.out));
    await emitOutput(text, flags.output);
    // Standard error, so that the preview on standard output stays clean.
    if (result.taskFiles && !flags.quiet) process.stderr.write(`Wrote ${result.taskFiles.length} task files: ${result.taskFiles.join(', ')}.\n`);
    const errors = result.preview.problems.some((p) => p.severity === 'error') || (result.other?.problems ?? []).some((p) => p.severity === 'error');
    io.exitCode = errors || (result.diff !== undefined && !result.diff.same) ? 1 : 0;
  });
}
