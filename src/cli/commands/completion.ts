/** `tht completion bash|zsh|fish`: a completion script made from the command definitions (see ../completion.ts). */
import { Argument, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { io } from '../io.js';
import { addExamples } from '../options.js';

export function registerCompletion(program: Command): void {
  const cmd = program
    .command('completion')
    .description('Print a shell completion script for tht, made from its command definitions')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS));
  addExamples(cmd, [
    ['source <(tht completion bash)', 'complete tht in this bash (add it to ~/.bashrc to keep it)'],
    ['tht completion zsh > ~/.zfunc/_tht', 'for zsh, in a folder of $fpath'],
    ['tht completion fish > ~/.config/fish/completions/tht.fish', 'for fish'],
  ]);
  cmd.action((shell: Shell) => {
    io.print(completionScript(program, shell));
  });
}
