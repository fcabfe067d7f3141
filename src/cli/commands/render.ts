import type { Command } from 'commander';

export function registerRender(program: Command): void {
  program.command('render').description('Expand a THT template tree like process-templates.py');
}
