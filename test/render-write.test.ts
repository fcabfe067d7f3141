/**
 * How tht render writes: every check before the first write, never through a
 * symbolic link, a manifest of what it wrote in an output folder (stale
 * files named, --prune), --clean --dry-run, and the options that make no
 * sense together.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayPath } from '../src/load/paths.js';
import { forEachLimited } from '../src/render/pool.js';
import { copyOfThtMaster, inFolder, runCli, tempDir, treeOf as tree } from './helpers/cli.js';
import { THT_MASTER } from './helpers/fixtures.js';
import { snapshot as snapshotOf } from './helpers/snapshot.js';

const snapshot = (dir: string) => snapshotOf(dir, { mtimes: true });

const SMALL = {
  'roles_data.yaml': '- name: Controller\n- name: Compute\n  tags: [compute]\n',
  'network_data.yaml': '',
  'puppet/role.role.j2.yaml': '{{role.name}}\n',
  'all.j2.yaml': '{% for r in roles %}{{ r.name }} {% endfor %}\n',
  'static/plain.yaml': 'plain\n',
};

describe('every check happens before the first write', () => {
  it('a role name too long for a file name fails an in-place render before any file is written', async () => {
    const root = copyOfThtMaster();
    const roles = readFileSync(join(root, 'roles_data.yaml'), 'utf8').replace('- name: Compute\n', `- name: C${'x'.repeat(5000)}\n`);
    writeFileSync(join(root, 'long_roles.yaml'), roles);
    const before = snapshot(root);
    const run = await runCli('render', '-p', root, '-r', 'long_roles.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: \S+\.role\.j2\.yaml: role Cx{39}… \(5001 characters\) cannot be rendered: the output path \S+… \(\d+ characters\) has a name of 50\d\d bytes; a file name can be at most 255 bytes\. The role or network name makes up the file name/,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('a path too long for the file system, under a deep output folder, fails before anything is written', async () => {
    const root = tree(SMALL);
    let deep = tempDir();
    while (deep.length < 4000) deep = join(deep, 'd'.repeat(200));
    const run = await runCli('render', '-p', root, '-o', join(deep, 'out'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: \S+: cannot write \S+: its path in \S+ would be \d+ bytes long; a path can be at most 4095 bytes/);
    expect(existsSync(join(deep, 'out'))).toBe(false);
  });
});

describe('never writing through a symbolic link in the output folder', () => {
  let root: string;
  beforeAll(() => {
    root = tree(SMALL);
  });

  it('a linked subfolder is an error, and neither the folder nor the link target changes', async () => {
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    const elsewhere = tempDir();
    rmSync(join(out, 'puppet'), { recursive: true });
    symlinkSync(elsewhere, join(out, 'puppet'));
    const before = snapshot(out);
    const run = await runCli('render', '-p', root, '-o', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${out}/puppet: cannot write into ${out}: puppet is a symbolic link, not a folder. Links there are never written through: replace it with a real folder, or write to another output folder.\n`,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  });

  it('the output folder itself may be a link the user gave: it is written into, and stays a link', async () => {
    const real = tempDir();
    const link = join(tempDir(), 'out');
    symlinkSync(real, link);
    expect((await runCli('render', '-p', root, '-o', link, '-q')).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'puppet/compute-role.yaml'), 'utf8')).toBe('Compute');
  });

  it('a linked file or a FIFO in the way is replaced, and the link target is left alone', async () => {
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'keep\n');
    rmSync(join(out, 'all.yaml'));
    symlinkSync(victim, join(out, 'all.yaml'));
    rmSync(join(out, 'puppet/compute-role.yaml'));
    await new Promise((done) => spawn('mkfifo', [join(out, 'puppet/compute-role.yaml')]).on('exit', done));
    const run = await runCli('render', '-p', root, '-o', out, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ written: 2, unchanged: 1 });
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(lstatSync(join(out, 'all.yaml')).isFile()).toBe(true);
    expect(readFileSync(join(out, 'puppet/compute-role.yaml'), 'utf8')).toBe('Compute');
  });
});

describe('a rewritten file', () => {
  it('keeps the permissions of the file it replaces, whatever the umask', async () => {
    const root = tree(SMALL);
    expect((await runCli('render', '-p', root, '-q')).code).toBe(0);
    chmodSync(join(root, 'all.yaml'), 0o664);
    writeFileSync(join(root, 'all.j2.yaml'), 'changed\n');
    expect((await runCli('render', '-p', root, '-q')).code).toBe(0);
    expect(readFileSync(join(root, 'all.yaml'), 'utf8')).toBe('changed');
    expect(lstatSync(join(root, 'all.yaml')).mode & 0o777).toBe(0o664);
  });
});

describe('the manifest of an output folder', () => {
  it('names the files an earlier render wrote and this one does not; --prune removes them and nothing else', async () => {
    const root = tree(SMALL);
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    writeFileSync(join(out, 'mine.txt'), 'a file of my own\n');
    writeFileSync(join(root, 'renamed.yaml'), '- name: Controller\n- name: ComputeRack\n  tags: [compute]\n');
    const named = await runCli('render', '-p', root, '-r', 'renamed.yaml', '-o', out);
    expect(named.code).toBe(0);
    expect(named.stderr).toBe(
      `warning: 1 file(s) in ${displayPath(out)} were written by an earlier render and are no longer produced: ${displayPath(join(out, 'puppet/compute-role.yaml'))}. Remove them with --prune.\n`,
    );
    expect(existsSync(join(out, 'puppet/compute-role.yaml'))).toBe(true);
    // Still named on the next run, since it is still there.
    const dry = await runCli('render', '-p', root, '-r', 'renamed.yaml', '-o', out, '--dry-run', '--json');
    const stale = displayPath(join(out, 'puppet/compute-role.yaml'));
    expect(JSON.parse(dry.stdout).stale).toEqual([stale]);
    const pruned = await runCli('render', '-p', root, '-r', 'renamed.yaml', '-o', out, '--prune', '--json');
    expect(JSON.parse(pruned.stdout)).toMatchObject({ stale: [stale], pruned: 1, written: 0 });
    expect(existsSync(join(out, 'puppet/compute-role.yaml'))).toBe(false);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('a file of my own\n');
    expect((await runCli('render', '-p', root, '-r', 'renamed.yaml', '-o', out)).stderr).toBe('');
  });

  it('a manifest that names paths outside the folder is ignored with a warning, never followed', async () => {
    const root = tree(SMALL);
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    const victim = join(dirname(out), 'victim.yaml');
    writeFileSync(victim, 'keep\n');
    writeFileSync(join(out, '.tht-output.json'), JSON.stringify({ files: ['../victim.yaml'], folders: [] }));
    const run = await runCli('render', '-p', root, '-o', out, '--prune');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`warning: ${out}/.tht-output.json: not a tht render manifest; it is ignored (and replaced by this render's).\n`);
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
  });
});

describe('options', () => {
  it('--clean --dry-run lists the generated files and deletes nothing', async () => {
    const root = tree(SMALL);
    expect((await runCli('render', '-p', root, '-q')).code).toBe(0);
    const before = snapshot(root);
    const run = await inFolder(root, () => runCli('render', '--clean', '--dry-run'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('all.yaml\npuppet/compute-role.yaml\npuppet/controller-role.yaml\n3 file(s) generated from . would be removed (dry run).\n');
    expect(snapshot(root)).toEqual(before);
  });

  it('-o - is refused (render writes a folder), and so is -o naming the tree itself or --prune without -o', async () => {
    const root = tree(SMALL);
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const stdout = await runCli('render', '-p', root, '-o', '-');
      expect(stdout.code).toBe(2);
      expect(stdout.stderr).toMatch(/^error: tht render writes a folder, not standard output/);
      expect(existsSync(join(root, '-'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
    const itself = await runCli('render', '-p', root, '-o', root);
    expect(itself.code).toBe(2);
    expect(itself.stderr).toMatch(/is the template tree itself/);
    for (const args of [['--prune'], ['--prune', '--dry-run']]) {
      const prune = await runCli('render', '-p', root, ...args);
      expect(prune.code).toBe(2);
      expect(prune.stderr).toMatch(/^error: --prune needs -o: only an output folder keeps the list of files earlier renders wrote\. Pass the output folder with -o\./);
    }
    const both = await runCli('render', '-p', root, '-o', join(tempDir(), 'out'), '--prune', '--clean');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: --prune and --clean ask for two things/);
  });

  it('a render into a folder another live tht run is writing is refused', async () => {
    const root = tree(SMALL);
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    mkdirSync(join(out, '.tht-txn'));
    writeFileSync(join(out, '.tht-txn/owner'), String(process.ppid));
    writeFileSync(join(root, 'all.j2.yaml'), 'changed\n');
    const run = await runCli('render', '-p', root, '-o', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(`another tht run (process ${process.ppid}) is writing ${out}`);
    expect(readFileSync(join(out, 'all.yaml'), 'utf8')).not.toBe('changed');
  });

  it('a new output folder clears what killed runs left beside it', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, '.tht-stage-99999999-0badf00d'));
    writeFileSync(join(parent, '.tht-stage-99999999-0badf00d/half.yaml'), 'half');
    expect((await runCli('render', '-p', tree(SMALL), '-o', join(parent, 'out'), '-q')).code).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});

describe('runs at once, and what killed runs left', () => {
  /** A pid no process has (above Linux's pid_max). */
  const DEAD_PID = 99_999_999;

  it('of several runs finding a lock left by a killed run, exactly one takes it over; the others are refused', async () => {
    const { FolderLock } = await import('../src/render/transaction.js');
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', tree(SMALL), '-o', out, '-q')).code).toBe(0);
    const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
    // Started together and a little apart, so that some find the dead lock while another is taking it over.
    for (const apart of [0, 1, 3, 10]) {
      mkdirSync(join(out, '.tht-txn'));
      writeFileSync(join(out, '.tht-txn/owner'), String(DEAD_PID));
      const tries = await Promise.allSettled([0, 1, 2, 3].map((i) => sleep(i * apart).then(() => FolderLock.acquire(out))));
      const won = tries.filter((t) => t.status === 'fulfilled');
      expect(won, `runs ${apart} ms apart`).toHaveLength(1);
      for (const t of tries) if (t.status === 'rejected') expect(String(t.reason)).toMatch(`another tht run (process ${process.pid}) is writing ${out}`);
      // Nor can one get it while the winner holds it.
      await expect(FolderLock.acquire(out)).rejects.toThrow('another tht run');
      await won[0]!.value.release();
      expect(readdirSync(out).filter((f) => f.startsWith('.tht-') && f !== '.tht-output.json')).toEqual([]);
    }
  });

  it('a lock whose chain of owners loops (not made by tht) is refused, never followed for ever', async () => {
    const { FolderLock } = await import('../src/render/transaction.js');
    const out = tempDir();
    mkdirSync(join(out, '.tht-txn/after-1-aa'), { recursive: true });
    writeFileSync(join(out, '.tht-txn/owner'), '1 aa\n');
    writeFileSync(join(out, '.tht-txn/after-1-aa/owner'), '2 bb\n');
    mkdirSync(join(out, '.tht-txn/after-2-bb'));
    writeFileSync(join(out, '.tht-txn/after-2-bb/owner'), '1 aa\n');
    await expect(FolderLock.acquire(out)).rejects.toThrow(`another tht run is writing ${out}`);
  });

  it('two renders at once into one folder: one writes, the other is refused or comes after, never a mix', async () => {
    const { render } = await import('../src/api/render.js');
    const root = tree(SMALL);
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    writeFileSync(join(root, 'other_roles.yaml'), '- name: Other\n');
    for (let round = 0; round < 5; round++) {
      const runs = await Promise.allSettled([
        render({ templates: root, output: out, prune: true }),
        render({ templates: root, rolesData: 'other_roles.yaml', output: out, prune: true }),
      ]);
      for (const r of runs) if (r.status === 'rejected') expect(String(r.reason)).toMatch('another tht run');
      expect(runs.some((r) => r.status === 'fulfilled')).toBe(true);
      const all = readFileSync(join(out, 'all.yaml'), 'utf8');
      const roles = readdirSync(join(out, 'puppet')).sort();
      expect([['Controller Compute ', ['compute-role.yaml', 'controller-role.yaml']], ['Other ', ['other-role.yaml']]]).toContainEqual([all, roles.filter((f) => !f.startsWith('.'))]);
    }
  });

  it('an output folder clears what killed runs left beside and in it, new or not (staging folders of any tht version)', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    const root = tree(SMALL);
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    const litter = [join(parent, `.tht-stage-${DEAD_PID}-0badf00d`), join(parent, `out.tht-partial-${DEAD_PID}`), join(out, `.tht-new-${DEAD_PID}-0badf00d`)];
    for (const dir of litter) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'half.yaml'), 'half');
    }
    // Not litter: a name that only looks alike, and the staging folder of a live run.
    mkdirSync(join(parent, 'out.tht-partial-notapid'));
    mkdirSync(join(parent, `out.tht-partial-${process.ppid}`));
    writeFileSync(join(root, 'all.j2.yaml'), 'changed\n');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(['out', `out.tht-partial-${process.ppid}`, 'out.tht-partial-notapid']);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual(['.tht-output.json']);
  });
});

describe('the write pool', () => {
  it('after a failure waits for the writes in flight before reporting it (so cleanup never races them)', async () => {
    let finished = 0;
    const work = forEachLimited([0, 1, 2], async (i) => {
      if (i === 0) throw new Error('first fails');
      await new Promise((done) => setTimeout(done, 30));
      finished++;
    });
    await expect(work).rejects.toThrow('first fails');
    expect(finished).toBe(2);
  });
});

describe('THT master into an existing folder', () => {
  it('a re-render with nothing to change writes nothing at all (no lock, no journal)', async () => {
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', THT_MASTER, '-o', out, '-q')).code).toBe(0);
    const before = snapshot(out);
    const folderChanged = lstatSync(out).mtimeMs;
    const run = await runCli('render', '-p', THT_MASTER, '-o', out, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ written: 0, copied: 0, stale: [] });
    expect(snapshot(out)).toEqual(before);
    expect(lstatSync(out).mtimeMs).toBe(folderChanged);
  });
});
