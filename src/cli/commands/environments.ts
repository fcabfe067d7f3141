/** `tht environments list|show`: environment files with their metadata; the work is in src/api/schema.ts. */
import type { Command } from 'commander';
import type { TemplateTree } from '../../api/tree.js';
import { formatFinding } from '../../load/finding.js';
import { displayTreePath } from '../../load/paths.js';
import type { EnvironmentSummary } from '../../schema/environments.js';
import { toJson } from '../../yaml/json.js';
import { jsonText, printWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addDataOutput, addExamples, addTreeOptions, chosenFormat, shared, type OutputFlags, type TreeFlags } from '../options.js';

interface EnvFlags extends TreeFlags, OutputFlags {
  environment?: string[];
  output?: string;
}

const withOptions = (cmd: Command): Command => addDataOutput(addTreeOptions(cmd).addOption(shared.environment()));

export function registerEnvironments(program: Command): void {
  const envs = program.command('environments').description("The tree's environment files: title, description, parameters and registry changes");
  addExamples(envs, [
    ['tht environments list -p ~/tripleo-heat-templates', 'every environment file with its title'],
    ['tht environments show environments/enable-designate.yaml', 'what one file sets and changes'],
  ]);
  const list = withOptions(envs.command('list').description('List the environment files of the tree with their titles'));
  addExamples(list, [
    ['tht environments list -p ~/tripleo-heat-templates', 'every environment file with its title'],
    ['tht environments list -f json -o environments.json', 'file, title and description as JSON'],
  ]);
  list.action(async function (this: Command, flags: EnvFlags) {
    await runList(flags, chosenFormat(this));
  });
  const show = withOptions(
    envs.command('show').description('Show what one environment file sets and changes').argument('<file>', 'environment file; relative to the current folder, else to the tree'),
  );
  addExamples(show, [
    ['tht environments show environments/enable-designate.yaml', 'its parameters and registry entries'],
    ['tht environments show -e environments/network-isolation.yaml environments/network-environment.yaml -f json', 'on the registry another environment makes'],
  ]);
  show.action(async function (this: Command, file: string, flags: EnvFlags) {
    await runShow(file, flags, chosenFormat(this));
  });
}

/** The file as it opens from the current folder. */
const openable = (tree: TemplateTree, s: EnvironmentSummary): EnvironmentSummary => ({ ...s, file: displayTreePath(tree.path, s.file) });

async function runList(flags: EnvFlags, format: string): Promise<void> {
  const { environments } = await import('../../api/schema.js');
  const result = await environments({ ...flags, environments: flags.environment, limits: flags.renderLimit });
  printWarnings(result.warnings, flags);
  const rows = result.environments.map((s) => openable(result.tree, s));
  if (format === 'json') {
    await emitOutput(jsonText(rows.map(({ file, title, description }) => ({ file, title, description }))), flags.output);
    return;
  }
  const lines = rows.map((r) => {
    const counts = `${Object.keys(r.parameterDefaults).length + Object.keys(r.parameters).length} parameters, ${r.registry.length} registry entries`;
    return `${io.out.bold(r.file)}  ${r.title ?? firstLine(r.description) ?? ''}  ${io.out.dim(`(${counts})`)}`;
  });
  await emitOutput(lines.join('\n'), flags.output);
}

async function runShow(file: string, flags: EnvFlags, format: string): Promise<void> {
  const { environment } = await import('../../api/schema.js');
  const result = await environment({ ...flags, environments: flags.environment, limits: flags.renderLimit, file });
  printWarnings(result.warnings, flags);
  const summary = openable(result.tree, result.environment);
  await emitOutput(format === 'json' ? jsonText(summary) : describe(summary), flags.output);
  // A file Heat would refuse is an error: named on stderr with its position, and exit 1 (a null section, ENV004, only warns).
  for (const p of result.problems) (p.severity === 'error' ? io.error : io.warn)(formatFinding(p));
  if (result.problems.some((p) => p.severity === 'error')) io.exitCode = 1;
}

const firstLine = (s: string | undefined): string | undefined => s?.split('\n')[0];

function describe(s: EnvironmentSummary): string {
  const lines = [io.out.bold(s.file)];
  if (s.title) lines.push(`title: ${s.title}`);
  if (s.description) lines.push(`description:\n${indent(s.description)}`);
  const params = { ...s.parameters, ...s.parameterDefaults };
  if (Object.keys(params).length > 0) {
    lines.push('parameters:');
    for (const [k, v] of Object.entries(params)) lines.push(`  ${k}: ${toJson(v, 0)}`);
  }
  if (s.registry.length > 0) {
    lines.push('resource_registry:');
    for (const r of s.registry) {
      const scope = r.resource === undefined ? '' : ` (resource ${r.resource})`;
      const was = r.replaces === undefined ? '' : io.out.dim(`  (was ${r.replaces})`);
      lines.push(`  ${r.type}${scope}: ${r.value === null ? 'null (deleted)' : (r.target ?? r.value)}${was}`);
    }
  }
  return lines.join('\n');
}

const indent = (s: string): string => s.split('\n').map((l) => `  ${l}`).join('\n');
