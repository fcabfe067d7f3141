/** `tht lint`: option parsing and printing; the checks live in src/lint. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import { packageVersion } from '../../load/package-files.js';
import { FORMAT_NAMES, FORMATS, type FormatName } from '../../lint/formatters/index.js';
import { io } from '../io.js';

interface LintFlags {
  templates?: string;
  rolesData: string;
  networkData: string;
  environment: string[];
  format: string;
  ignore: string[];
  select: string[];
  strict?: boolean;
  listRules?: boolean;
  explain?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description("Check a THT tree (rendered in memory): THT's CI policy, Heat's own template and environment checks, roles and networks data")
    .argument('[paths...]', 'files or folders to report on (default: the whole tree)')
    .option('-p, --templates <dir>', 'template tree (default: the tree holding the first path, or the current directory)')
    .option('-r, --roles-data <file>', 'roles file; a relative path is relative to the tree', 'roles_data.yaml')
    .option('-n, --network-data <file>', 'networks file; a relative path is relative to the tree', 'network_data.yaml')
    .option('-e, --environment <file>', 'environment file to check and to resolve nested templates with (repeatable)', collect, [])
    .option('-f, --format <name>', `output format: ${FORMAT_NAMES.join(', ')}`, 'text')
    .option('--ignore <ids>', 'rule ids or id prefixes to turn off (comma-separated, repeatable)', collect, [])
    .option('--select <ids>', 'run only these rule ids or id prefixes (comma-separated, repeatable)', collect, [])
    .option('--strict', 'exit 1 on warnings too')
    .option('--list-rules', 'list the rules and exit')
    .option('--explain <id>', 'explain one rule and exit')
    .action(async (paths: string[], flags: LintFlags) => runLint(paths, flags));
}

async function runLint(paths: string[], flags: LintFlags): Promise<void> {
  // The engine (and the render engine under it) loads only when lint runs, not for other commands.
  const { findRule, findTreeRoot, lintDirectory, RULES, unknownRulePatterns } = await import('../../lint/index.js');
  if (flags.listRules) {
    const width = Math.max(...RULES.map((r) => r.meta.id.length));
    for (const r of RULES) io.print(`${r.meta.id.padEnd(width)}  ${r.meta.severity.padEnd(7)}  ${r.meta.description}`);
    return;
  }
  if (flags.explain !== undefined) {
    const rule = findRule(flags.explain);
    if (!rule) throw new ThtError(`unknown rule "${flags.explain}"`, { hint: 'Run tht lint --list-rules for the ids.' });
    io.print(`${rule.meta.id} (${rule.meta.severity}): ${rule.meta.description}\n\n${rule.meta.explanation}`);
    return;
  }
  if (!(FORMAT_NAMES as string[]).includes(flags.format)) {
    throw new ThtError(`unknown format "${flags.format}"`, { hint: `Use one of: ${FORMAT_NAMES.join(', ')}.` });
  }
  const unknown = unknownRulePatterns([...flags.select, ...flags.ignore]);
  if (unknown.length > 0) {
    throw new ThtError(`no rule matches ${unknown.map((u) => `"${u}"`).join(', ')} (--select/--ignore take rule ids or id prefixes)`, {
      hint: 'Run tht lint --list-rules for the ids.',
    });
  }
  const templatesDir = flags.templates ?? findTreeRoot(paths[0] ?? '.');
  if (templatesDir === undefined) {
    throw new ThtError(`no template tree found at or above ${resolve(paths[0] ?? '.')} (no roles_data.yaml)`, { hint: 'Pass the tree with -p DIR.' });
  }
  const report = await lintDirectory({
    templatesDir,
    rolesData: flags.rolesData,
    networkData: flags.networkData,
    environments: flags.environment,
    paths,
    ignore: flags.ignore,
    select: flags.select,
  });
  process.stdout.write(FORMATS[flags.format as FormatName](report, { style: io.out, toolVersion: packageVersion(), strict: flags.strict }));
  const { error, warning } = report.counts;
  io.exitCode = error > 0 || (flags.strict && warning > 0) ? 1 : 0;
}
