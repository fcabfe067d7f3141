/**
 * Killed mid-write: a render is stopped dead (SIGKILL, as kill -9, a power
 * cut or a cancelled CI job would) at named points of its write and at
 * random moments while it writes; the output must then be the old state or
 * the new one, and the next run must leave no litter.
 *
 * Each killed run is a full render of THT master in a child process, the
 * cost of this file: the points are one per phase of the write (an in-place
 * render goes through the same transaction as an existing -o folder, so it is
 * killed only where its change differs: staging and renaming), and a kill
 * that leaves something to inspect is followed by what the next runs may do
 * with it (a dry run, a run killed in turn) before the last one recovers.
 *
 * The runs are child processes of the CLI built from the sources;
 * THT_TEST_CRASH=<point>[:<n>] makes one kill itself at the n-th pass of a
 * point (src/load/crash-points.ts).
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderLock } from '../src/render/transaction.js';
import { buildCliFromSources, runChild, type BuiltCli } from './helpers/built-cli.js';
import { runCli, tempDir } from './helpers/cli.js';
import { THT_MASTER } from './helpers/fixtures.js';
import { random } from './helpers/mutate.js';
import { snapshot } from './helpers/snapshot.js';

/** Entries tht leaves behind only while it writes (or when killed). */
const litter = (snap: Record<string, string>): string[] => Object.keys(snap).filter((p) => /(^|\/)\.tht-(tmp|stage|new|txn)/.test(p));

const visible = (snap: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(snap).filter(([p]) => !/(^|\/)\.tht-(tmp|stage|new|txn)/.test(p)));

let cli: BuiltCli;
let work: string;
/**
 * THT master with only its per-role templates left to render: every file of
 * the tree is still written or copied, but the Jinja work of the other
 * templates, most of each killed run's time, is not what these tests are about.
 */
let tree: string;
/** The renamed role and the nine added ones add 30 rendered files. */
let oldRoles: string;
let newRoles: string;
const ADDED = ['ComputeHCI', 'CephAll', 'CephFile', 'CephObject', 'ComputeAlt', 'ComputeDVR', 'Database', 'Messaging', 'Networker'];

beforeAll(() => {
  cli = buildCliFromSources();
  work = tempDir('tht-kill-');
  tree = join(work, 'tht');
  cpSync(THT_MASTER, tree, { recursive: true, filter: (path) => !/\.j2(\.yaml)?$/.test(path) || path.endsWith('.role.j2.yaml') });
  oldRoles = join(work, 'old_roles.yaml');
  newRoles = join(work, 'new_roles.yaml');
  const base = readFileSync(join(THT_MASTER, 'roles_data.yaml'), 'utf8');
  writeFileSync(oldRoles, base);
  const added = ADDED.map((r) => readFileSync(join(THT_MASTER, `roles/${r}.yaml`), 'utf8'));
  writeFileSync(newRoles, [base.replace('- name: BlockStorage', '- name: BlockStorageRack'), ...added].join(''));
});

afterAll(() => cli?.dispose());

interface Prepared {
  /** The folder written to: the output folder, or the tree for an in-place render. */
  root: string;
  args(roles: string): string[];
  old: Record<string, string>;
  new: Record<string, string>;
}

/**
 * The states an uninterrupted render goes between: the folder rendered with
 * the old roles, then rendered again with the new ones. `fresh()` gives a
 * private copy of the old state to kill a run in.
 */
async function states(inPlace: boolean): Promise<{ fresh(): Prepared }> {
  const argsFor = (root: string) => (roles: string) => (inPlace ? ['render', '-p', root, '-r', roles, '-q'] : ['render', '-p', tree, '-r', roles, '-o', root, '-q']);
  const oldRoot = join(tempDir('tht-kill-'), inPlace ? 'tht' : 'out');
  if (inPlace) cpSync(tree, oldRoot, { recursive: true });
  expect((await runCli(...argsFor(oldRoot)(oldRoles))).code).toBe(0);
  const old = snapshot(oldRoot);
  const newRoot = join(tempDir('tht-kill-'), 'new');
  cpSync(oldRoot, newRoot, { recursive: true });
  expect((await runCli(...argsFor(newRoot)(newRoles))).code).toBe(0);
  const now = snapshot(newRoot);
  return {
    fresh() {
      const root = join(tempDir('tht-kill-'), 'copy');
      cpSync(oldRoot, root, { recursive: true });
      return { root, args: argsFor(root), old, new: now };
    },
  };
}

/** Finish or undo what the killed run left, as the next run does before writing. */
async function recover(root: string): Promise<string | undefined> {
  const lock = await FolderLock.acquire(root);
  await lock.release();
  return lock.recovered;
}

/**
 * Run the render and kill it at a random moment while it writes: once its
 * journal appears (the transaction has begun staging), after a seeded delay
 * of up to 80 ms, which lands before or after the commit (a wall-clock delay
 * from its start mostly lands before anything is written).
 */
async function killWhileWriting(args: string[], root: string, rng: () => number) {
  let kill = () => {};
  let done = false;
  const child = runChild(cli, args, { started: (k) => (kill = k) }).finally(() => (done = true));
  while (!done && !existsSync(join(root, '.tht-txn/journal.json'))) await sleep(1);
  await sleep(Math.floor(rng() * 80));
  kill();
  return child;
}

describe.each([
  ['an existing -o folder', false],
  ['an in-place render', true],
])('killed while rendering into %s', (_, inPlace) => {
  let made: { fresh(): Prepared };
  beforeAll(async () => {
    made = await states(inPlace as boolean);
  });

  const points = [
    ['while writing the journal', 'tmp-written:1', 'old', undefined],
    ['while staging the new files', 'staged:10', 'old', 'rolled back'],
    ['while committing', 'tmp-written:2', 'old', 'rolled back'],
    ['halfway through the renames', 'moved:20', 'new', 'completed'],
  ].filter(([, point]) => !inPlace || ['staged:10', 'moved:20'].includes(point!));
  it.concurrent.each(points)('%s (%s): the next run finds the %s state', async (_, point, expected, recovery) => {
    const state = made.fresh();
    const killed = await runChild(cli, state.args(newRoles), { env: { THT_TEST_CRASH: point } });
    expect(killed.signal).toBe('SIGKILL');
    // Nothing is switched before the commit: readers still see the old files.
    if (expected === 'old') expect(visible(snapshot(state.root))).toEqual(visible(state.old));
    expect(await recover(state.root)).toBe(recovery);
    expect(snapshot(state.root)).toEqual(expected === 'old' ? state.old : state.new);
  });

  it.concurrent('at a random moment of the write: the old state or the new one, and no litter after the next run', async () => {
    const state = made.fresh();
    const killed = await killWhileWriting(state.args(newRoles), state.root, random(inPlace ? 7 : 11));
    await recover(state.root);
    const now = snapshot(state.root);
    expect(litter(now)).toEqual([]);
    // A run that finished before the kill is the new state too.
    expect([state.old, state.new], `killed: ${killed.signal ?? killed.code}`).toContainEqual(now);
  });

  it.skipIf(inPlace)('right after committing: a dry run says the next render completes it and changes nothing; a run killed while taking the lock over is taken over in turn; the new state wins', async () => {
    const state = made.fresh();
    expect((await runChild(cli, state.args(newRoles), { env: { THT_TEST_CRASH: 'committed' } })).signal).toBe('SIGKILL');
    const before = snapshot(state.root);
    const dry = await runCli(...state.args(newRoles).filter((a) => a !== '-q'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch('was killed after it had committed its files; the next render that writes there completes it.');
    expect(snapshot(state.root)).toEqual(before);
    expect((await runChild(cli, state.args(newRoles), { env: { THT_TEST_CRASH: 'taken-over' } })).signal).toBe('SIGKILL');
    expect(await recover(state.root)).toBe('completed');
    expect(snapshot(state.root)).toEqual(state.new);
  });
});

describe('killed while rendering into a new -o folder', () => {
  it('before and after staging is complete: no folder appears, and the next run removes the staging folders', async () => {
    const parent = tempDir('tht-kill-');
    const out = join(parent, 'out');
    for (const point of ['staged:50', 'complete']) {
      const killed = await runChild(cli, ['render', '-p', tree, '-o', out, '-q'], { env: { THT_TEST_CRASH: point } });
      expect(killed.signal).toBe('SIGKILL');
      expect(existsSync(out)).toBe(false);
      // Each run first removes what the one before left.
      expect(readdirSync(parent), point).toEqual([expect.stringMatching(/^\.tht-stage-\d+-[0-9a-f]+$/)]);
    }
    expect((await runCli('render', '-p', tree, '-o', out, '-q')).code).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});

describe('killed while writing a single file (roles generate -o)', () => {
  it('leaves the old file, and the next run removes the temporary one', async () => {
    const dir = tempDir('tht-kill-');
    const file = join(dir, 'roles_data.yaml');
    writeFileSync(file, 'old\n');
    const killed = await runChild(cli, ['roles', 'generate', '-o', file, 'Controller', 'Compute'], { env: { THT_TEST_CRASH: 'tmp-written' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^\.tht-tmp-\d+-[0-9a-f]+$/), 'roles_data.yaml']);
    expect((await runCli('roles', 'generate', '-o', file, 'Controller')).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['roles_data.yaml']);
    expect(readFileSync(file, 'utf8')).toMatch(/^# File generated by TripleO/m);
  });
});
