/** `tht validate`: check environment files against the tree's schema; the work is `validate` in src/api/schema.ts. */
import type { Command } from 'commander';
import { treeLabel } from '../../api/tree.js';
import { displayTreePath } from '../../load/paths.js';
import type { Finding } from '../../load/finding.js';
import { jsonText, printWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addExamples, addFormatOption, addOutputOptions, addTreeOptions, chosenFormat, shared, type OutputFlags, type TreeFlags } from '../options.js';

interface ValidateFlags extends TreeFlags, OutputFlags {
  environment?: string[];
  heatLimit?: string[];
  output?: string;
  strict?: boolean;
}

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('Check environment files against the parameter schema (unknown names, types, constraints, role-specific keys, deprecations, registry paths) and the deployment against what Heat refuses (unmapped types, Heat\'s limits)');
  addTreeOptions(cmd).addOption(shared.environment()).addOption(shared.heatLimit()).addOption(shared.outputFile());
  addFormatOption(cmd, ['text', 'json'], 'text').addOption(shared.strict());
  addOutputOptions(cmd);
  addExamples(cmd, [
    ['tht validate -p ~/tripleo-heat-templates -e network.yaml -e my-env.yaml', 'exit 0 clean, 1 on errors, 2 on bad input'],
    ['tht validate -e environments/ssl/enable-tls.yaml,my-tls.yaml --strict', 'warnings fail too'],
    ['tht validate -r roles_data_all.yaml --heat-limit max_template_size=2097152', "what Heat would refuse in the deployment itself, with one of Heat's limits raised"],
  ]);
  cmd.action(async function (this: Command, flags: ValidateFlags) {
    await runValidate(flags, chosenFormat(this));
  });
}

async function runValidate(flags: ValidateFlags, format: string): Promise<void> {
  const { validate } = await import('../../api/schema.js');
  const result = await validate({ ...flags, environments: flags.environment ?? [], limits: flags.renderLimit, heatLimits: flags.heatLimit ?? [] });
  printWarnings(result.warnings, flags);
  const all = result.findings.map((f) => ({ ...f, file: displayTreePath(result.tree.path, f.file) }));
  const findings = flags.quiet ? all.filter((f) => f.severity === 'error') : all;
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.length - errors;
  if (format === 'json') {
    await emitOutput(jsonText({ findings }), flags.output);
  } else {
    await emitOutput(findings.map(formatFinding).join('\n'), flags.output);
    if (!flags.quiet) {
      const summary = all.length === 0 ? 'no problems found' : `${errors} error(s), ${warnings} warning(s)`;
      process.stderr.write(`${summary} in ${result.environments.length} environment file(s), on ${treeLabel(result.tree)}\n`);
    }
  }
  io.exitCode = errors > 0 || (flags.strict && warnings > 0) ? 1 : 0;
}

function formatFinding(f: Finding): string {
  const severity = f.severity === 'error' ? io.out.red('error') : io.out.yellow('warning');
  return `${f.file}:${f.line}:${f.column}: ${severity}: ${f.message} ${io.out.dim(`[${f.code}]`)}`;
}
