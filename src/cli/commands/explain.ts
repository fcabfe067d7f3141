/** `tht explain PARAM`: option parsing and printing; the work is `explain` in src/api/preview.ts. */
import type { Command } from 'commander';
import { printWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addExamples, addFormatOption, addOutputOptions, addTreeOptions, chosenFormat, shared, type OutputFlags, type TreeFlags } from '../options.js';
import { DATA_FORMATS, dataText } from './preview.js';

interface ExplainFlags extends TreeFlags, OutputFlags {
  environment?: string[];
  output?: string;
}

export function registerExplain(program: Command): void {
  const cmd = program
    .command('explain')
    .argument('<parameter>', 'parameter name')
    .description('One parameter: where it is declared, which roles take it, whether it is role-specific, what sets it, its value per role');
  addTreeOptions(cmd).addOption(shared.environment()).addOption(shared.outputFile());
  addFormatOption(cmd, DATA_FORMATS, 'text');
  addOutputOptions(cmd);
  addExamples(cmd, [
    ['tht explain NovaLibvirtRxQueueSize', 'declarations, role-specific or not, value per role'],
    ['tht explain NtpServer -e my-env.yaml -f json', 'what my-env.yaml sets, as JSON'],
  ]);
  cmd.action(async function (this: Command, parameter: string, flags: ExplainFlags) {
    const format = chosenFormat(this);
    const { explain } = await import('../../api/preview.js');
    const result = await explain({ ...flags, parameter, environments: flags.environment, limits: flags.renderLimit });
    printWarnings(result.warnings, flags);
    const { explainText } = await import('../../preview/text.js');
    await emitOutput(dataText(format, result.explanation) ?? explainText(result.explanation, io.out), flags.output);
  });
}
