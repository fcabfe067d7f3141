/** `tht schema`: option parsing and output; the work is in src/schema. */
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import { writeWholeFile } from '../../load/files.js';
import type { SchemaModel } from '../../schema/model.js';
import { packagePath } from '../../load/package-files.js';
import { toJson } from '../../yaml/json.js';
import { io } from '../io.js';

/** Options every command that reads a rendered tree shares (schema, validate, environments). */
export interface TreeFlags {
  templates?: string;
  rolesData: string;
  networkData: string;
  environment: string[];
}

const repeat = (value: string, previous: string[]): string[] => [...previous, value];

export function addTreeOptions(cmd: Command, environmentHelp: string): Command {
  return cmd
    .option('-p, --templates <dir>', 'template tree (default: the templates bundled with tht)')
    .option('-r, --roles-data <file>', 'roles file; a relative path is relative to the tree', 'roles_data.yaml')
    .option('-n, --network-data <file>', 'networks file; a relative path is relative to the tree', 'network_data.yaml')
    .option('-e, --environment <file>', environmentHelp, repeat, []);
}

/**
 * Render the tree in memory and build the schema model with the -e files.
 * The engine is imported here, not at start-up, so other commands do not pay for loading it.
 */
export async function loadModel(flags: TreeFlags): Promise<SchemaModel> {
  const [{ renderTree }, { buildSchemaModel }] = await Promise.all([import('../../render/index.js'), import('../../schema/model.js')]);
  const render = await renderTree({
    templatesDir: flags.templates ?? packagePath('templates'),
    rolesData: flags.rolesData,
    networkData: flags.networkData,
  });
  // Unknown keys in the roles/networks data and similar notices: on stderr, so piped output stays clean.
  render.warnings.forEach((w) => io.warn(w));
  return buildSchemaModel(render, flags.environment);
}

/** Write to stdout, or to a file in one step (a temporary file renamed over it, never half-written). */
async function emit(text: string, outputFile: string | undefined): Promise<void> {
  if (outputFile === undefined) process.stdout.write(text);
  else await writeWholeFile(outputFile, text);
}

const FORMATS = ['flat', 'heat', 'json-schema'] as const;
type Format = (typeof FORMATS)[number];

interface SchemaFlags extends TreeFlags {
  format: string;
  role?: string;
  output?: string;
}

export function registerSchema(program: Command): void {
  const cmd = program
    .command('schema')
    .description("The parameter schema of the whole nested-stack tree, offline: Heat's validate answer, the TripleO UI's flat tree, or a JSON Schema");
  addTreeOptions(cmd, 'environment file, merged after the rendered resource registry (repeatable, in order)')
    .option('-f, --format <name>', `output format: ${FORMATS.join(', ')}`, 'flat')
    .option('--role <name>', "narrow the output to one role's subtree")
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (flags: SchemaFlags) => runSchema(flags));
}

async function runSchema(flags: SchemaFlags): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    throw new ThtError(`unknown format "${flags.format}"`, { hint: `Use one of: ${FORMATS.join(', ')}.` });
  }
  const [model, { narrowToRole }] = await Promise.all([loadModel(flags), import('../../schema/model.js')]);
  for (const p of model.walk.problems) io.warn(`${p.file}: ${p.message}`);
  for (const p of model.env.problems) io.warn(`${p.file}: ${p.message}`);
  const root = flags.role === undefined ? model.walk.root : narrowToRole(model, flags.role);
  const format = flags.format as Format;
  // Only the chosen format's module is loaded: json-schema.js brings ajv, which flat and heat do not need.
  let output: unknown;
  if (format === 'json-schema') {
    const { buildJsonSchema } = await import('../../schema/json-schema.js');
    output = buildJsonSchema(model, root);
  } else {
    const { heatValidateResult } = await import('../../schema/heat-format.js');
    const validate = heatValidateResult(root, model.env);
    output = format === 'heat' ? validate : (await import('../../schema/flat.js')).flatten(validate, model.env.parameterDefaults);
  }
  await emit(`${toJson(output)}\n`, flags.output);
}
