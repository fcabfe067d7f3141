/**
 * Robustness: a copy of THT master is mutated in a seeded loop (values of the
 * wrong type, very long strings, files replaced by random bytes, symbolic
 * links out of the tree or in loops, FIFOs, YAML alias bombs, collections
 * nested 10,000 deep, control characters and bytes that are not UTF-8) and
 * every command is run on it. Whatever the mutation, each must end with exit
 * 0, 1 or 2, one clear error line when it fails, no stack trace, no hang, and
 * no partial output. The YAML the layer bounds or PyYAML refuses must also be
 * refused where a command reads it as data: `render` for the roles, networks
 * and j2_excludes files, `roles generate` for role files, with the file's
 * line and column.
 *
 * A failing round names its seed, mutation and command. THT_FUZZ_ROUNDS and
 * THT_FUZZ_SEED run other rounds (to explore; the suite keeps its bound).
 *
 * Not mutated yet, because they fail in stages being reworked elsewhere:
 * registry chains 3,000 templates deep or cyclic (the Heat model).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOfThtMaster, runCli, tempDir, type CliRun } from './helpers/cli.js';
import { mutate, random, YAML_BOUND_KINDS, type Mutation, type MutationKind } from './helpers/mutate.js';

const SEED = Number(process.env.THT_FUZZ_SEED ?? 20_250_601);
const ROUNDS = Number(process.env.THT_FUZZ_ROUNDS ?? 20);
const KINDS: MutationKind[] = ['swap-type', 'lengthen-string', 'garbage', 'symlink', 'fifo', ...YAML_BOUND_KINDS];
/** Long enough for lint on THT master on a busy machine; a hang is far longer. */
const COMMAND_TIMEOUT_MS = 30_000;

interface Command {
  name: string;
  args(root: string, scratch: string, env: string): string[];
  /** Where it writes, if anywhere: nothing may be there after a failure. */
  output?(scratch: string): string;
}

/** Cheap commands run every round; the costly ones take turns. */
const CHEAP: Command[] = [
  { name: 'roles list', args: (root) => ['roles', 'list', '-p', root] },
  { name: 'roles show', args: (root) => ['roles', 'show', 'Compute', '-p', root] },
  { name: 'roles generate', args: (root, scratch) => ['roles', 'generate', '-p', root, '-o', join(scratch, 'roles.yaml'), 'Controller', 'Compute'], output: (s) => join(s, 'roles.yaml') },
  { name: 'networks list', args: (root) => ['networks', 'list', '-p', root] },
  { name: 'render --dry-run', args: (root) => ['render', '-p', root, '--dry-run', '-q'] },
];
const COSTLY: Command[] = [
  { name: 'render -o', args: (root, scratch) => ['render', '-p', root, '-o', join(scratch, 'out'), '-q'], output: (s) => join(s, 'out') },
  { name: 'schema', args: (root, scratch) => ['schema', '-p', root, '-o', join(scratch, 'schema.json')], output: (s) => join(s, 'schema.json') },
  { name: 'validate', args: (root, _, env) => ['validate', '-p', root, '-e', join(root, env)] },
  { name: 'lint', args: (root) => ['lint', '-p', root, '-f', 'json'] },
  { name: 'environments list', args: (root) => ['environments', 'list', '-p', root] },
  { name: 'environments show', args: (root, _, env) => ['environments', 'show', '-p', root, env] },
];

function withTimeout(run: Promise<CliRun>): Promise<CliRun | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), COMMAND_TIMEOUT_MS)));
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

/** The command that reads a data file as YAML, and must refuse it at a position when the YAML is bad. */
const READER: Record<string, string> = {
  'roles_data.yaml': 'render --dry-run',
  'network_data.yaml': 'render --dry-run',
  'j2_excludes.yaml': 'render --dry-run',
  'roles/Compute.yaml': 'roles generate',
  'roles/Controller.yaml': 'roles generate',
};

/** For YAML the layer must refuse: the reader of the file exits 2 naming it with a line and column. */
function refusal(run: CliRun | 'timeout', command: Command, mutation: Mutation): string | undefined {
  if (run === 'timeout' || !(YAML_BOUND_KINDS as readonly string[]).includes(mutation.kind) || READER[mutation.file] !== command.name) return undefined;
  const named = new RegExp(`(^|[\\s/])${mutation.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `, 'm');
  if (run.code !== 2 || !named.test(run.stderr)) return `accepted, or refused without naming ${mutation.file}:LINE:COLUMN (exit ${run.code}): ${run.stderr.slice(0, 300)}`;
  return undefined;
}

/** What is wrong with one run, or undefined. */
function problem(run: CliRun | 'timeout', command: Command, scratch: string): string | undefined {
  if (run === 'timeout') return `no answer after ${COMMAND_TIMEOUT_MS} ms`;
  const all = `${run.stdout}\n${run.stderr}`;
  if (![0, 1, 2].includes(run.code)) return `exit ${run.code}: ${run.stderr.slice(0, 300)}`;
  if (/internal error|\n\s+at \S.*:\d+:\d+\)?\n/.test(all)) return `a stack trace: ${run.stderr.slice(0, 300)}`;
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
  if (run.code === 2 && errors.length !== 1) return `exit 2 with ${errors.length} error lines: ${run.stderr.slice(0, 300)}`;
  const output = command.output?.(scratch);
  if (output !== undefined && run.code === 2 && existsSync(output)) return `failed, yet ${output} was written`;
  const litter = readdirSync(scratch).filter((f) => f.startsWith('.tht-'));
  if (litter.length > 0) return `left ${litter.join(', ')} in the output folder`;
  return undefined;
}

describe('every command on a mutated tree', () => {
  let root: string;
  beforeAll(() => {
    root = copyOfThtMaster();
  });

  it(`ends cleanly, whatever the mutation (${ROUNDS} rounds from seed ${SEED})`, async () => {
    const rng = random(SEED);
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Kinds in turn, so each gets its share of rounds; what and where is drawn.
      const mutation: Mutation = mutate(rng, root, [KINDS[round % KINDS.length]!]);
      // validate and environments show read an environment file: the mutated one when it is one.
      const env = /^environments\/\S+\.yaml/.exec(mutation.description)?.[0] ?? 'environments/docker-ha.yaml';
      try {
        for (const command of [...CHEAP, COSTLY[(2 * round) % COSTLY.length]!, COSTLY[(2 * round + 1) % COSTLY.length]!]) {
          const scratch = tempDir('tht-fuzz-');
          const run = await withTimeout(runCli(...command.args(root, scratch, env)));
          const wrong = problem(run, command, scratch) ?? refusal(run, command, mutation);
          if (wrong) failures.push(`round ${round} (${mutation.kind}: ${mutation.description}), tht ${command.name}: ${wrong}`);
        }
      } finally {
        mutation.undo();
      }
    }
    expect(failures).toEqual([]);
  }, ROUNDS * COMMAND_TIMEOUT_MS);
});
