/** `tht lint`: option parsing and printing; the work is `lint` in src/api/lint.ts, the checks in src/lint. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { LintResult } from '../../api/lint.js';
import { treeLabel } from '../../api/tree.js';
import { ThtError } from '../../load/errors.js';
import { packageVersion } from '../../load/package-files.js';
import { displayTreePath } from '../../load/paths.js';
import { FORMAT_NAMES, type FormatName } from '../../lint/formatters/names.js';
import type { Finding, Severity } from '../../lint/types.js';
import { printWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addExamples, addFormatOption, addOutputOptions, addTreeOptions, chosenFormat, commaList, shared, type OutputFlags, type TreeFlags } from '../options.js';

interface LintFlags extends TreeFlags, OutputFlags {
  environment?: string[];
  heatLimit?: string[];
  output?: string;
  ignore?: string[];
  select?: string[];
  strict?: boolean;
  maxWarnings?: number;
  listRules?: boolean;
  explain?: string;
}

const count = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a number of warnings (0 or more).');
  return Number(value);
};

export function registerLint(program: Command): void {
  const cmd = program
    .command('lint')
    .description("Check a THT tree (rendered in memory): THT's CI policy, Heat's own template and environment checks, roles and networks data")
    .argument('[paths...]', 'files or folders to report on (default: the whole tree); relative to the current folder, else to the tree');
  addTreeOptions(cmd).addOption(shared.environment()).addOption(shared.heatLimit()).addOption(shared.outputFile());
  addFormatOption(cmd, FORMAT_NAMES, 'text')
    .option('--ignore <ids>', 'rule ids or id prefixes to turn off (comma-separated, repeatable)', commaList)
    .option('--select <ids>', 'run only these rule ids or id prefixes (comma-separated, repeatable)', commaList)
    .addOption(shared.strict())
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(count))
    .option('--list-rules', 'list the rules and exit')
    .option('--explain <id>', 'explain one rule and exit');
  addOutputOptions(cmd);
  addExamples(cmd, [
    ['tht lint', 'the tree around the current folder'],
    ['tht lint -p ~/tripleo-heat-templates deployment/nova -e environments/ssl/enable-tls.yaml', 'report on one folder, checking an environment too'],
    ['tht lint -f sarif -o tht-lint.sarif --max-warnings 0', 'for code scanning in CI'],
  ]);
  cmd.action(async function (this: Command, paths: string[], flags: LintFlags) {
    await runLint(paths, flags, chosenFormat(this));
  });
}

async function runLint(paths: string[], flags: LintFlags, format: string): Promise<void> {
  const { describeUnknownId, findRule, RULES } = await import('../../lint/index.js');
  if (flags.listRules) {
    const width = Math.max(...RULES.map((r) => r.meta.id.length));
    await emitOutput(RULES.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.severity.padEnd(7)}  ${r.meta.description}`).join('\n'), flags.output);
    return;
  }
  if (flags.explain !== undefined) {
    const rule = findRule(flags.explain);
    if (!rule) throw new ThtError(`unknown rule ${describeUnknownId(flags.explain)}`, { hint: 'Run tht lint --list-rules for the ids.' });
    await emitOutput(`${rule.meta.id} (${rule.meta.severity}): ${rule.meta.description}\n\n${rule.meta.explanation}`, flags.output);
    return;
  }
  const { lint } = await import('../../api/lint.js');
  const result = await lint({
    templates: flags.templates,
    rolesData: flags.rolesData,
    networkData: flags.networkData,
    limits: flags.renderLimit,
    environments: flags.environment,
    paths,
    ignore: flags.ignore,
    select: flags.select,
    heatLimits: flags.heatLimit ?? [],
  });
  printWarnings(result.warnings, flags);
  const { error, warning } = result.counts;
  const shown = flags.quiet ? errorsOnly(result) : result;
  const printed = format === 'sarif' ? shown : withOpenablePaths(shown);
  const { FORMATS } = await import('../../lint/formatters/index.js');
  const text = FORMATS[format as FormatName](printed, {
    style: io.out,
    toolVersion: packageVersion(),
    strict: flags.strict,
    tree: treeLabel(result.tree),
  });
  await emitOutput(text, flags.output);
  const tooMany = flags.maxWarnings !== undefined && warning > flags.maxWarnings;
  if (tooMany) io.error(`${warning} warning(s), more than --max-warnings ${flags.maxWarnings} allows.`);
  io.exitCode = error > 0 || (flags.strict && warning > 0) || tooMany ? 1 : 0;
}

/** -q: errors only, as ESLint's --quiet. */
function errorsOnly(result: LintResult): LintResult {
  const counts: Record<Severity, number> = { error: result.counts.error, warning: 0, info: 0 };
  return { ...result, findings: result.findings.filter((f) => f.severity === 'error'), counts };
}

/** Findings name files relative to the tree; printed, they are paths that open from the current folder. */
function withOpenablePaths(result: LintResult): LintResult {
  // Hundreds of findings name the same few hundred files: each path is worked out once.
  const paths = new Map<string, string>();
  const display = (file: string): string => {
    let shown = paths.get(file);
    if (shown === undefined) paths.set(file, (shown = displayTreePath(result.tree.path, file)));
    return shown;
  };
  const shown = (f: Finding): Finding => ({
    ...f,
    file: display(f.file),
    ...(f.template === undefined ? {} : { template: display(f.template) }),
  });
  return { ...result, findings: result.findings.map(shown) };
}
