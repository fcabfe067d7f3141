/** `tht environments list|show`: environment files with their metadata; the work is in src/schema. */
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import type { EnvironmentSummary } from '../../schema/environments.js';
import { addTreeOptions, loadModel, type TreeFlags } from './schema.js';
import { toJson } from '../../yaml/json.js';
import { printJson } from '../data-files.js';
import { io } from '../io.js';

interface EnvFlags extends TreeFlags {
  json?: boolean;
}

export function registerEnvironments(program: Command): void {
  const envs = program.command('environments').description("The tree's environment files: title, description, parameters and registry changes");
  addTreeOptions(envs.command('list').description('List the environment files of the tree with their titles'), 'environment applied before listing (repeatable)')
    .option('--json', 'print JSON')
    .action(async (flags: EnvFlags) => runList(flags));
  addTreeOptions(
    envs.command('show').description('Show what one environment file sets and changes').argument('<file>', 'environment file (path relative to the tree, or a file system path)'),
    'environment applied before this one (repeatable)',
  )
    .option('--json', 'print JSON')
    .action(async (file: string, flags: EnvFlags) => runShow(file, flags));
}

async function runList(flags: EnvFlags): Promise<void> {
  const [model, { environmentFiles, summarizeEnvironment }] = await Promise.all([loadModel(flags), import('../../schema/environments.js')]);
  const rows = environmentFiles(model.tree).map((f) => summarizeEnvironment(model.tree, f, model.env.registry));
  if (flags.json) {
    printJson(rows.map(({ file, title, description }) => ({ file, title, description })));
    return;
  }
  for (const r of rows) {
    const counts = `${Object.keys(r.parameterDefaults).length + Object.keys(r.parameters).length} parameters, ${r.registry.length} registry entries`;
    io.print(`${io.out.bold(r.file)}  ${r.title ?? firstLine(r.description) ?? ''}  ${io.out.dim(`(${counts})`)}`);
  }
}

async function runShow(file: string, flags: EnvFlags): Promise<void> {
  const [model, { summarizeEnvironment }] = await Promise.all([loadModel(flags), import('../../schema/environments.js')]);
  // A path relative to the tree first (environments/foo.yaml), then a file system path.
  const key = model.tree.has(file) ? file : model.tree.keyForFsPath(file);
  if (!model.tree.has(key)) throw new ThtError(`no environment file ${file}`, { at: { file }, hint: 'Run tht environments list for the names.' });
  const s = summarizeEnvironment(model.tree, key, model.env.registry);
  if (flags.json) {
    printJson(s);
    return;
  }
  io.print(describe(s));
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
  for (const p of s.problems) lines.push(io.out.yellow(`problem: ${p}`));
  return lines.join('\n');
}

const indent = (s: string): string => s.split('\n').map((l) => `  ${l}`).join('\n');
