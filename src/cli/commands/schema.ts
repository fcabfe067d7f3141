/** `tht schema`: option parsing and output; the work is `schema` in src/api/schema.ts. */
import { Option, type Command } from 'commander';
import { SCHEMA_FORMATS, type SchemaFormat } from '../../api/schema.js';
import { treeLabel } from '../../api/tree.js';
import { displayPath } from '../../load/paths.js';
import { jsonText, printWarnings } from '../data-files.js';
import { emitOutput, io } from '../io.js';
import { addExamples, addFormatOption, addOutputOptions, addTreeOptions, shared, type OutputFlags, type TreeFlags } from '../options.js';

interface SchemaFlags extends TreeFlags, OutputFlags {
  environment?: string[];
  heatLimit?: string[];
  format: SchemaFormat;
  role?: string;
  output?: string;
}

export function registerSchema(program: Command): void {
  const cmd = program
    .command('schema')
    .description("The parameter schema of the whole nested-stack tree, offline: Heat's validate answer, the TripleO UI's flat tree, or a JSON Schema");
  addTreeOptions(cmd).addOption(shared.environment()).addOption(shared.heatLimit()).addOption(shared.outputFile());
  addFormatOption(cmd, SCHEMA_FORMATS, 'flat').addOption(new Option('--role <name>', "narrow the output to one role's subtree"));
  addOutputOptions(cmd);
  addExamples(cmd, [
    ['tht schema -p ~/tripleo-heat-templates -e my-env.yaml -o schema.json', "the TripleO UI's flat tree"],
    ['tht schema -f heat --role Compute', "Heat's template-validate answer for the Compute role"],
    ['tht schema -f json-schema -o parameters.schema.json', 'a JSON Schema of what may go in parameter_defaults'],
  ]);
  cmd.action(async (flags: SchemaFlags) => {
    const { schema } = await import('../../api/schema.js');
    const result = await schema({ ...flags, environments: flags.environment, limits: flags.renderLimit, heatLimits: flags.heatLimit ?? [] });
    // Notices go to stderr, so the schema on stdout stays clean.
    printWarnings(result.warnings, flags);
    await emitOutput(jsonText(result.document), flags.output);
    // Written to a file, the schema leaves standard output free for a summary naming the tree.
    const toFile = flags.output !== undefined && flags.output !== '-';
    if (toFile && !flags.quiet) io.print(`Wrote the ${result.format} schema of ${treeLabel(result.tree)} to ${displayPath(flags.output!)}.`);
  });
}
