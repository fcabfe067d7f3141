/**
 * Killed mid-write: a render is stopped dead (SIGKILL, as kill -9, a power
 * cut or a cancelled CI job would) at named points of its write and at
 * random moments; the output must then be the old state or the new one, and
 * the next run must leave no litter.
 *
 * The runs are child processes of the CLI built from the sources;
 * THT_TEST_CRASH=<point>[:<n>] makes one kill itself at the n-th pass of a
 * point (src/load/crash-points.ts).
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderLock } from '../src/render/transaction.js';
import { buildCliFromSources, runChild, type BuiltCli } from './helpers/built-cli.js';
import { runCli, tempDir } from './helpers/cli.js';
import { THT_MASTER } from './helpers/fixtures.js';
import { snapshot } from './helpers/snapshot.js';

/** Entries tht leaves behind only while it writes (or when killed). */
const litter = (snap: Record<string, string>): string[] => Object.keys(snap).filter((p) => /(^|\/)\.tht-(tmp|stage|new|txn)/.test(p));

const visible = (snap: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(snap).filter(([p]) => !/(^|\/)\.tht-(tmp|stage|new|txn)/.test(p)));

let cli: BuiltCli;
let work: string;
/** The renamed role and the added one change 40-odd rendered files and add as many. */
let oldRoles: string;
let newRoles: string;

beforeAll(() => {
  cli = buildCliFromSources();
  work = tempDir('tht-kill-');
  oldRoles = join(work, 'old_roles.yaml');
  newRoles = join(work, 'new_roles.yaml');
  const base = readFileSync(join(THT_MASTER, 'roles_data.yaml'), 'utf8');
  writeFileSync(oldRoles, base);
  writeFileSync(newRoles, base.replace('- name: BlockStorage', '- name: BlockStorageRack') + readFileSync(join(THT_MASTER, 'roles/ComputeHCI.yaml'), 'utf8'));
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
  const tree = join(tempDir('tht-kill-'), 'tht');
  cpSync(THT_MASTER, tree, { recursive: true });
  const argsFor = (root: string) => (roles: string) => (inPlace ? ['render', '-p', root, '-r', roles, '-q'] : ['render', '-p', tree, '-r', roles, '-o', root, '-q']);
  const oldRoot = inPlace ? tree : join(tree, '..', 'out');
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

describe.each([
  ['an existing -o folder', false],
  ['an in-place render', true],
])('killed while rendering into %s', (_, inPlace) => {
  let made: { fresh(): Prepared };
  beforeAll(async () => {
    made = await states(inPlace as boolean);
  });

  // Both go through the same transaction; the in-place render is killed at fewer points to save time.
  const points = [
    ['while writing the journal', 'tmp-written:1', 'old', undefined],
    ['while staging the new files', 'staged:10', 'old', 'rolled back'],
    ['while committing', 'tmp-written:2', 'old', 'rolled back'],
    ['right after committing', 'committed', 'new', 'completed'],
    ['halfway through the renames', 'moved:20', 'new', 'completed'],
  ].filter(([, point]) => !inPlace || !point!.startsWith('tmp-written'));
  it.concurrent.each(points)('%s (%s): the next run finds the %s state', async (_, point, expected, recovery) => {
    const state = made.fresh();
    const killed = await runChild(cli, state.args(newRoles), { env: { THT_TEST_CRASH: point } });
    expect(killed.signal).toBe('SIGKILL');
    // Nothing is switched before the commit: readers still see the old files.
    if (expected === 'old') expect(visible(snapshot(state.root))).toEqual(visible(state.old));
    expect(await recover(state.root)).toBe(recovery);
    expect(snapshot(state.root)).toEqual(expected === 'old' ? state.old : state.new);
  });

  it('a run killed while taking over a dead run\'s lock is taken over in turn, and the first journal still completed', async () => {
    const state = made.fresh();
    expect((await runChild(cli, state.args(newRoles), { env: { THT_TEST_CRASH: 'committed' } })).signal).toBe('SIGKILL');
    expect((await runChild(cli, state.args(newRoles), { env: { THT_TEST_CRASH: 'taken-over' } })).signal).toBe('SIGKILL');
    expect(await recover(state.root)).toBe('completed');
    expect(snapshot(state.root)).toEqual(state.new);
  });

  it('at random moments: always the old state or the new one, and no litter after the next run', async () => {
    await Promise.all(
      [500, 1100].map(async (ms) => {
        const state = made.fresh();
        await runChild(cli, state.args(newRoles), { killAfterMs: ms });
        await recover(state.root);
        const now = snapshot(state.root);
        expect(litter(now)).toEqual([]);
        expect([state.old, state.new]).toContainEqual(now);
      }),
    );
  });
});

describe('an interrupted render', () => {
  it('a dry run after a kill says what the next render will do, and changes nothing', async () => {
    const out = join(tempDir('tht-kill-'), 'out');
    const args = (roles: string) => ['render', '-p', THT_MASTER, '-r', roles, '-o', out];
    expect((await runCli(...args(oldRoles), '-q')).code).toBe(0);
    expect((await runChild(cli, args(newRoles), { env: { THT_TEST_CRASH: 'committed' } })).signal).toBe('SIGKILL');
    const before = snapshot(out);
    const dry = await runCli(...args(newRoles), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch('was killed after it had committed its files; the next render that writes there completes it.');
    expect(snapshot(out)).toEqual(before);
  });
});

describe('killed while rendering into a new -o folder', () => {
  it.each(['staged:50', 'complete'])('at %s: no folder appears, and the next run removes the staging folder', async (point) => {
    const parent = tempDir('tht-kill-');
    const out = join(parent, 'out');
    const killed = await runChild(cli, ['render', '-p', THT_MASTER, '-o', out, '-q'], { env: { THT_TEST_CRASH: point } });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([expect.stringMatching(/^\.tht-stage-\d+-[0-9a-f]+$/)]);
    expect((await runCli('render', '-p', THT_MASTER, '-o', out, '-q')).code).toBe(0);
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
