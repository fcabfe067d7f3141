/**
 * The options several commands share, declared once so that they are spelled
 * and mean the same everywhere, and the conventions that go with them: the
 * output format (`-f`, with `--json` kept as its alias), `-o FILE` (`-` is
 * standard output), `-q` (errors only), colour, and the examples that end
 * every command's help.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { ThtError } from '../load/errors.js';
import { suggestKey } from '../load/suggest.js';
import { DEFAULT_LIMITS, type JinjaLimits } from '../render/jinja/limits.js';

/** `-e a.yaml -e b.yaml` and `-e a.yaml,b.yaml` alike: the same comma rule in every command. */
export const commaList = (value: string, previous: readonly string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

const TREE_RELATIVE = 'relative to the current folder, else to the tree';

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof JinjaLimits)[];

/** `--render-limit maxSteps=100000000`, repeatable: the bounds a render stops at, by the names its errors give. */
function renderLimit(value: string, previous: Partial<JinjaLimits> = {}): Partial<JinjaLimits> {
  const [name = '', n, ...rest] = value.split('=');
  if (!LIMIT_NAMES.includes(name as keyof JinjaLimits)) {
    const meant = suggestKey(name, LIMIT_NAMES);
    throw new InvalidArgumentError(`${meant ? `did you mean ${meant}? ` : ''}Give NAME=N with NAME one of ${LIMIT_NAMES.join(', ')}.`);
  }
  if (n === undefined || rest.length > 0 || !/^[1-9]\d*$/.test(n) || !Number.isSafeInteger(Number(n))) {
    throw new InvalidArgumentError(`give ${name}=N with N a whole number above 0.`);
  }
  return { ...previous, [name]: Number(n) };
}

export const shared = {
  templates: () =>
    new Option('-p, --templates <dir>', 'template tree (default: the nearest folder at or above the current one holding a roles_data.yaml, else the templates bundled with tht)'),
  rolesData: (fallback = "the tree's roles_data.yaml") => new Option('-r, --roles-data <file>', `roles file, ${TREE_RELATIVE} (default: ${fallback})`),
  networkData: () => new Option('-n, --network-data <file>', `networks file, ${TREE_RELATIVE} (default: the tree's network_data.yaml)`),
  environment: () =>
    new Option('-e, --environment <file>', `environment file, merged in order after the rendered resource registry as Heat merges them (repeatable; a.yaml,b.yaml names two); ${TREE_RELATIVE}`)
      .argParser(commaList),
  /** `-o`: a file for every command but render, where it is the output folder. */
  outputFile: () => new Option('-o, --output <file>', 'write the output to this file, whole or not at all, instead of standard output (- is standard output)'),
  renderLimit: () =>
    new Option(
      '--render-limit <name=n>',
      `raise a bound the Jinja render stops at (repeatable): ${LIMIT_NAMES.map((n) => `${n} (default ${DEFAULT_LIMITS[n]})`).join(', ')}`,
    ).argParser(renderLimit),
  format: (names: readonly string[], fallback: string) => new Option('-f, --format <name>', 'output format').choices(names).default(fallback),
  /** The alias scripts written for earlier versions use; not shown in the help. */
  json: () => new Option('--json', 'same as -f json').hideHelp(),
  quiet: () => new Option('-q, --quiet', 'errors only: no warnings and no summary'),
  strict: () => new Option('--strict', 'warnings fail too: exit 1 on warnings'),
  /** `--heat-limit NAME=VALUE`: the Heat limits tht validate, tht lint and tht schema check against. */
  heatLimit: () =>
    new Option('--heat-limit <name=value>', "a Heat limit to check against instead of the undercloud's (repeatable): max_template_size, max_nested_stack_depth, max_resources_per_stack, max_json_body_size, yaql.limit_iterators, yaql.memory_quota")
      .argParser(commaList),
  color: () => new Option('--color', 'colour the output even when it is not a terminal (FORCE_COLOR does the same)'),
  noColor: () => new Option('--no-color', 'no colour (NO_COLOR does the same)'),
};

/** -p, -r, -n: every command that reads a tree; --render-limit: every command that renders it. */
export function addTreeOptions(
  cmd: Command,
  which: { roles?: boolean; networks?: boolean; renders?: boolean } = { roles: true, networks: true, renders: true },
): Command {
  cmd.addOption(shared.templates());
  if (which.roles) cmd.addOption(shared.rolesData());
  if (which.networks) cmd.addOption(shared.networkData());
  if (which.renders) cmd.addOption(shared.renderLimit());
  return cmd;
}

/** -q, --color, --no-color: every command. */
export function addOutputOptions(cmd: Command): Command {
  return cmd.addOption(shared.quiet()).addOption(shared.color()).addOption(shared.noColor());
}

/** -f with these formats; with `json` among them, --json too. */
export function addFormatOption(cmd: Command, names: readonly string[], fallback: string): Command {
  cmd.addOption(shared.format(names, fallback));
  if (names.includes('json')) cmd.addOption(shared.json());
  return cmd;
}

/** -o FILE, -f (text or json), -q and colour: every command that prints data (roles, networks, environments). */
export function addDataOutput(cmd: Command): Command {
  cmd.addOption(shared.outputFile());
  addFormatOption(cmd, ['text', 'json'], 'text');
  return addOutputOptions(cmd);
}

/** The format asked for: -f, or --json; both at once must agree. */
export function chosenFormat(cmd: Command): string {
  const { format, json } = cmd.opts<{ format: string; json?: boolean }>();
  if (!json) return format;
  if (cmd.getOptionValueSource('format') === 'cli' && format !== 'json') {
    throw new ThtError(`--json and -f ${format} ask for two formats`, { hint: 'Give one of them.' });
  }
  return 'json';
}

/** The help of every command ends with real examples: `[command line, what it does]`. */
export function addExamples(cmd: Command, examples: readonly (readonly [string, string])[]): Command {
  const lines = examples.map(([line, what]) => `  # ${what}\n  $ ${line}`);
  return cmd.addHelpText('after', `\nExamples:\n${lines.join('\n\n')}`);
}

/** Flags every command's action gets from the options above. */
export interface OutputFlags {
  quiet?: boolean;
  color?: boolean;
}

export interface TreeFlags {
  templates?: string;
  rolesData?: string;
  networkData?: string;
  renderLimit?: Partial<JinjaLimits>;
}
