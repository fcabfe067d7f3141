/** `tht validate`: check environment files against the tree's schema; the checks are in src/schema. */
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import type { Finding } from '../../schema/validate.js';
import { addTreeOptions, loadModel, type TreeFlags } from './schema.js';
import { printJson } from '../data-files.js';
import { io } from '../io.js';

interface ValidateFlags extends TreeFlags {
  format: string;
}

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('Check environment files against the parameter schema: unknown names, types, constraints, role-specific keys, deprecations, registry paths');
  addTreeOptions(cmd, 'environment file to check (repeatable; merged in order like Heat)')
    .option('-f, --format <name>', 'output format: text or json', 'text')
    .action(async (flags: ValidateFlags) => runValidate(flags));
}

async function runValidate(flags: ValidateFlags): Promise<void> {
  if (flags.format !== 'text' && flags.format !== 'json') {
    throw new ThtError(`unknown format "${flags.format}"`, { hint: 'Use text or json.' });
  }
  if (flags.environment.length === 0) {
    throw new ThtError('nothing to validate', { hint: 'Name the environment files with -e FILE.' });
  }
  const [model, { validateEnvironments }] = await Promise.all([loadModel(flags), import('../../schema/validate.js')]);
  // Report files the way the user named them.
  const shown = new Map(model.userEnvironments.map((key, i) => [key, flags.environment[i]!]));
  const findings = validateEnvironments(model).map((f) => ({ ...f, file: shown.get(f.file) ?? f.file }));
  if (flags.format === 'json') {
    printJson({ findings });
  } else {
    for (const f of findings) io.print(formatFinding(f));
    const errors = findings.filter((f) => f.severity === 'error').length;
    const summary = findings.length === 0 ? 'no problems found' : `${errors} error(s), ${findings.length - errors} warning(s)`;
    process.stderr.write(`${summary} in ${flags.environment.length} environment file(s)\n`);
  }
  io.exitCode = findings.length > 0 ? 1 : 0;
}

function formatFinding(f: Finding): string {
  const severity = f.severity === 'error' ? io.out.red('error') : io.out.yellow('warning');
  return `${f.file}:${f.line}:${f.column}: ${severity}: ${f.message} ${io.out.dim(`[${f.kind}]`)}`;
}
