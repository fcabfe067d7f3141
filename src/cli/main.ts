/**
 * The command line: thin commander wiring. Each command lives in
 * `commands/<name>.ts` and only parses options, calls the library function
 * that does the work (src/api, or a stage), and prints; no template logic
 * lives here. The options several commands share are declared once, in
 * options.ts.
 */
import { Command, CommanderError } from 'commander';
import { isThtError } from '../load/errors.js';
import { versionText } from '../load/package-files.js';
import { registerRender } from './commands/render.js';
import { registerLint } from './commands/lint.js';
import { registerRoles } from './commands/roles.js';
import { registerNetworks } from './commands/networks.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';
import { registerEnvironments } from './commands/environments.js';
import { registerCompletion } from './commands/completion.js';
import { registerPreview } from './commands/preview.js';
import { registerExplain } from './commands/explain.js';
import { io } from './io.js';
import { addExamples } from './options.js';

export function buildProgram(): Command {
  const program = new Command('tht')
    .description('The composable-roles template compiler for TripleO Heat Templates.')
    .version(versionText())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // A command's --color / --no-color decides colour before it prints anything.
    .hook('preAction', (_program, command) => io.useColour(command.opts<{ color?: boolean }>().color));
  registerRender(program);
  registerLint(program);
  registerRoles(program);
  registerNetworks(program);
  registerSchema(program);
  registerValidate(program);
  registerEnvironments(program);
  registerPreview(program);
  registerExplain(program);
  registerCompletion(program);
  addExamples(program, [
    ['tht render -p ~/tripleo-heat-templates -o /tmp/rendered', 'a complete rendered copy of a tree'],
    ['tht lint', 'check the tree around the current folder'],
    ['tht validate -e my-env.yaml', 'check an environment file against the parameter schema'],
  ]);
  // Every command stops with an exit code instead of exiting the process (tests and library users run it in-process).
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}

/** Runs the CLI and returns the exit code; never throws for bad input. */
export async function main(argv: string[]): Promise<number> {
  io.exitCode = 0;
  io.useColour(undefined);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isThtError(e)) {
      io.error(e.format());
      return e.exitCode;
    }
    io.error(`internal error in tht (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 70;
  }
}
