/**
 * Symbolic links and special files: what the tree walk lists, what the
 * readers refuse to open, and what the writers refuse to write through.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, readTextFile, writeDurably, writeWholeFile } from '../src/load/files.js';
import { isLitter } from '../src/load/litter.js';
import { displayPath } from '../src/load/paths.js';
import { listTree } from '../src/load/tree.js';
import { copyOfThtMaster, inFolder, runCli, tempDir } from './helpers/cli.js';
import { THT_MASTER } from './helpers/fixtures.js';

const mkfifo = (path: string) =>
  new Promise<void>((done, fail) => spawn('mkfifo', [path]).on('exit', (code) => (code === 0 ? done() : fail(new Error(`mkfifo ${code}`)))));

/** A pid no process has (above Linux's pid_max). */
const DEAD_PID = 99_999_999;

describe('the tree walk', () => {
  let root: string;
  const server = createServer();
  beforeAll(async () => {
    root = tempDir('tht-walk-');
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub/real.yaml'), 'a: 1\n');
    symlinkSync('sub/real.yaml', join(root, 'inside.yaml'));
    symlinkSync('/etc/passwd', join(root, 'passwd.yaml'));
    symlinkSync('/etc', join(root, 'etc'));
    symlinkSync('sub', join(root, 'sublink'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    symlinkSync('nowhere', join(root, 'dangling.yaml'));
    await mkfifo(join(root, 'fifo.yaml'));
    await new Promise<void>((done) => server.listen(join(root, 'socket'), done));
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out/.tht-output.json'), '{}');
    writeFileSync(join(root, 'out/overcloud.yaml'), 'rendered\n');
    mkdirSync(join(root, 'given-out'));
    writeFileSync(join(root, 'given-out/x.yaml'), 'x\n');
  });
  afterAll(() => server.close());

  it('follows links to files inside the tree and reports, never lists, everything else', async () => {
    const listing = listTree(root, { exclude: [join(root, 'given-out')] });
    expect(listing.files).toEqual(['inside.yaml', 'sub/real.yaml']);
    expect(listing.folders).toEqual(['sub']);
    expect(listing.skipped).toEqual([
      { path: 'dangling.yaml', reason: 'a symbolic link to nothing' },
      { path: 'etc', reason: 'a symbolic link to /etc, outside the tree' },
      { path: 'fifo.yaml', reason: 'a FIFO (named pipe)' },
      { path: 'loop-a', reason: 'a symbolic link loop' },
      { path: 'loop-b', reason: 'a symbolic link loop' },
      { path: 'passwd.yaml', reason: 'a symbolic link to /etc/passwd, outside the tree' },
      { path: 'socket', reason: 'a socket' },
      { path: 'sublink', reason: 'a symbolic link to a folder (folders behind links are not walked, as process-templates.py does not)' },
    ]);
  });

  it('render -o copies the link inside the tree as a file, and warns about the others', async () => {
    writeFileSync(join(root, 'x.j2.yaml'), 'x\n');
    writeFileSync(join(root, 'roles_data.yaml'), '- name: A\n');
    writeFileSync(join(root, 'network_data.yaml'), '');
    const out = join(tempDir(), 'out');
    const run = await inFolder(root, () => runCli('render', '-o', out));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: passwd\.yaml: left out \(never read or copied\): it is a symbolic link to \/etc\/passwd, outside the tree\.$/m);
    expect(run.stderr).toMatch(/^warning: fifo\.yaml: left out \(never read or copied\): it is a FIFO \(named pipe\)\.$/m);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(join(out, 'inside.yaml'), 'utf8')).toBe('a: 1\n');
    expect(statSync(join(out, 'inside.yaml')).isFile()).toBe(true);
    expect(['passwd.yaml', 'etc', 'fifo.yaml', 'loop-a', 'socket', 'out'].filter((left) => existsSync(join(out, left)))).toEqual([]);
  });

  it('render -f json gives the same warnings as findings, each with its code', async () => {
    const run = await inFolder(root, () => runCli('render', '--dry-run', '-f', 'json'));
    expect(run.code).toBe(0);
    const { warnings } = JSON.parse(run.stdout) as { warnings: Array<Record<string, unknown>> };
    expect(warnings).toContainEqual({ code: 'REN001', severity: 'warning', file: 'fifo.yaml', line: 0, column: 0, message: 'left out (never read or copied): it is a FIFO (named pipe).' });
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(['REN001']));
  });

  it('a template that is a link leaving the tree is an error, and nothing is written', async () => {
    const tree = tempDir('tht-walk-');
    writeFileSync(join(tree, 'roles_data.yaml'), '- name: A\n');
    writeFileSync(join(tree, 'network_data.yaml'), '');
    symlinkSync('/etc/hostname', join(tree, 'evil.j2.yaml'));
    const out = join(tempDir(), 'out');
    const run = await inFolder(tree, () => runCli('render', '-o', out));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: evil.j2.yaml: cannot read the template evil.j2.yaml: it is a symbolic link to /etc/hostname, outside the tree. tht reads only regular files inside the tree; a link must lead to a file inside it.\n');
    expect(existsSync(out)).toBe(false);
  });
});

describe('an output folder inside the tree is not part of it', () => {
  it('render -p T -o T/out twice writes no T/out/out, and lint -p T reports what it did before', async () => {
    const tree = copyOfThtMaster();
    const before = JSON.parse((await runCli('lint', '-p', tree, '-f', 'json')).stdout) as unknown[];
    for (let i = 0; i < 2; i++) expect((await runCli('render', '-p', tree, '-o', join(tree, 'out'), '-q')).code).toBe(0);
    expect(existsSync(join(tree, 'out/out'))).toBe(false);
    expect(existsSync(join(tree, 'out/overcloud.yaml'))).toBe(true);
    const after = JSON.parse((await runCli('lint', '-p', tree, '-f', 'json')).stdout) as unknown[];
    expect(after).toHaveLength(before.length);
  });
});

describe('reading refuses what is not a regular file', () => {
  it('a FIFO, a folder and a device are refused at once (a FIFO would block forever)', async () => {
    const dir = tempDir();
    await mkfifo(join(dir, 'fifo.yaml'));
    expect(() => readTextFile(join(dir, 'fifo.yaml'), 'fifo.yaml')).toThrow('cannot read fifo.yaml: it is a FIFO (named pipe), not a regular file');
    expect(() => readTextFile(dir, 'dir')).toThrow('cannot read dir: it is a folder, not a regular file');
    expect(() => readTextFile('/dev/zero', 'zero')).toThrow('cannot read zero: it is a device, not a regular file');
  });

  it('a file larger than the limit is refused without being read', async () => {
    const big = join(tempDir(), 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, MAX_INPUT_BYTES + 1);
    expect(() => readTextFile(big, 'big.yaml')).toThrow(`cannot read big.yaml: it is ${MAX_INPUT_BYTES + 1} bytes, more than the ${MAX_INPUT_BYTES} tht reads`);
  });

  it('tht roles list skips a FIFO in roles/ with a warning, and roles show names it', async () => {
    const tree = tempDir();
    mkdirSync(join(tree, 'roles'));
    writeFileSync(join(tree, 'roles/Edge.yaml'), '- name: Edge\n  description: edge\n');
    await mkfifo(join(tree, 'roles/Fifo.yaml'));
    const list = await runCli('roles', 'list', '-p', tree);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('NAME  DESCRIPTION\nEdge  edge\n');
    expect(list.stderr).toBe(`warning: ${displayPath(join(tree, 'roles/Fifo.yaml'))}: left out (never read): it is a FIFO (named pipe).\n`);
    const show = await runCli('roles', 'show', 'Fifo', '-p', tree);
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/error: .*roles\/Fifo\.yaml: cannot read .*Fifo\.yaml: it is a FIFO \(named pipe\)\. A role file must be a regular file/);
  });
});

describe('writing one file', () => {
  it('replaces a symbolic link instead of writing through it, and keeps the permissions of a file it replaces', async () => {
    const dir = tempDir();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(dir, 'out.json'));
    await writeWholeFile(join(dir, 'out.json'), 'new\n');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('new\n');
    chmodSync(join(dir, 'out.json'), 0o600);
    await writeWholeFile(join(dir, 'out.json'), 'newer\n');
    expect(statSync(join(dir, 'out.json')).mode & 0o777).toBe(0o600);
  });

  it('removes what killed runs left in the folder, and only that', async () => {
    const dir = tempDir();
    const mine = `.tht-tmp-${process.pid}-00000000`;
    writeFileSync(join(dir, `.tht-tmp-${DEAD_PID}-abcd1234`), 'litter');
    writeFileSync(join(dir, `.tht-tmp-${process.ppid}-abcd1234`), 'a live run');
    writeFileSync(join(dir, '.tht-tmp-note'), 'not ours');
    writeFileSync(join(dir, mine), 'this process, but not in use: a killed run with the same pid');
    await writeWholeFile(join(dir, 'schema.json'), '{}\n');
    expect(readdirSync(dir).sort()).toEqual([`.tht-tmp-${process.ppid}-abcd1234`, '.tht-tmp-note', 'schema.json']);
    expect(isLitter(`.tht-stage-${DEAD_PID}-00`, ['stage'])).toBe(true);
    expect(isLitter(`.tht-stage-${DEAD_PID}-00`, ['tmp'])).toBe(false);
  });

  it('-o - is standard output for schema and roles generate', async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const roles = await runCli('roles', 'generate', '-o', '-', 'Controller');
      expect(roles.code).toBe(0);
      expect(roles.stdout).toMatch(/^#+\n# File generated by TripleO\n#+\n/);
      const schema = await runCli('schema', '-p', THT_MASTER, '-o', '-', '--role', 'Compute');
      expect(schema.code).toBe(0);
      expect(JSON.parse(schema.stdout)).toHaveProperty('heat_resource_tree');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('writing a large text', () => {
  it('in slices, without splitting a character made of two UTF-16 units', async () => {
    const path = join(tempDir(), 'big.yaml');
    // 1 MiB of ASCII puts a 4-byte character (two UTF-16 units) across the first slice boundary.
    const text = `${'a'.repeat((1 << 20) - 1)}😀${'é'.repeat(1 << 20)}\n`;
    await writeDurably(path, text);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('the Heat model reads the tree by the walk’s rules', () => {
  it('a registry entry naming a link out of the tree is not read: the file is reported, never its content', async () => {
    const root = tempDir('tht-heat-links-');
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub/real.yaml'), 'heat_template_version: rocky\n');
    symlinkSync('sub/real.yaml', join(root, 'inside.yaml'));
    symlinkSync('/etc/passwd', join(root, 'passwd.yaml'));
    symlinkSync('/etc', join(root, 'etc'));
    await mkfifo(join(root, 'fifo.yaml'));
    const { VirtualTree } = await import('../src/heat/tree.js');
    const heat = new VirtualTree(root, []);
    expect(heat.text('inside.yaml')).toBe('heat_template_version: rocky\n');
    for (const key of ['passwd.yaml', 'etc/passwd', 'fifo.yaml']) expect(heat.has(key)).toBe(false);
    expect(() => heat.yaml('passwd.yaml')).toThrow('cannot read passwd.yaml: it is a symbolic link to /etc/passwd, outside the tree');
    expect(() => heat.yaml('etc/hostname')).toThrow('cannot read etc/hostname: etc is a symbolic link to /etc, outside the tree');
    expect(() => heat.yaml('fifo.yaml')).toThrow('cannot read fifo.yaml: it is a FIFO (named pipe)');
    expect(() => heat.yaml('missing.yaml')).toThrow('cannot read missing.yaml: no such file');
  });

  it('tht lint and tht validate report such an entry and never look inside /etc/passwd', async () => {
    const tree = copyOfThtMaster();
    symlinkSync('/etc/passwd', join(tree, 'evil.yaml'));
    writeFileSync(join(tree, 'environments/evil.yaml'), 'resource_registry:\n  OS::TripleO::Services::Timesync: ../evil.yaml\n');
    const lint = await runCli('lint', '-p', tree, '-e', join(tree, 'environments/evil.yaml'), '-f', 'json');
    const about = (JSON.parse(lint.stdout) as { file: string; message: string }[]).filter((f) => f.message.includes('evil.yaml'));
    expect(about.length).toBeGreaterThan(0);
    expect(about.filter((f) => !/outside the tree/.test(f.message))).toEqual([]);
    const validate = await runCli('validate', '-p', tree, '-e', join(tree, 'environments/evil.yaml'));
    expect(validate.code).not.toBe(0);
    expect(validate.stdout + validate.stderr).toMatch(/points at ..\/evil\.yaml, which is a symbolic link to \/etc\/passwd, outside the tree/);
  });
});

describe('the files a tree configures tht with are read by the walk’s rules', () => {
  /** A small tree to render and lint, with `extra` files. */
  const small = (extra: Record<string, string> = {}) => {
    const root = tempDir('tht-config-links-');
    writeFileSync(join(root, 'roles_data.yaml'), '- name: Compute\n');
    writeFileSync(join(root, 'network_data.yaml'), '');
    writeFileSync(join(root, 'roles.j2.yaml'), '{{ roles }}\n');
    for (const [f, text] of Object.entries(extra)) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), text);
    }
    return root;
  };

  it('a process-templates.py that is a FIFO is never opened: the tree renders as master, with a warning', async () => {
    const root = small();
    mkdirSync(join(root, 'tools'));
    await mkfifo(join(root, 'tools/process-templates.py'));
    const run = await runCli('render', '-p', root, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: .*tools\/process-templates\.py: left out \(never read or copied\): it is a FIFO \(named pipe\)\.$/m);
    const { renderTree } = await import('../src/render/index.js');
    // Master's preparation: the compute tag from the role name.
    expect((await renderTree({ templatesDir: root })).files.find((f) => f.path === 'roles.yaml')!.content).toContain("'tags': ['compute']");
  });

  it('a process-templates.py the walk lists is what the tree is rendered with', async () => {
    const root = small({ 'tools/process-templates.py': '# an old script: no name-based tags, no idx\n' });
    const { renderTree } = await import('../src/render/index.js');
    expect((await renderTree({ templatesDir: root })).files.find((f) => f.path === 'roles.yaml')!.content).not.toContain('tags');
  });

  it('a .thtlint.yaml linking out of the tree, and a policy file outside it, are errors that name them (exit 2)', async () => {
    const outside = join(tempDir('tht-outside-'), 'policy.yaml');
    writeFileSync(outside, 'heat_template_versions: [rocky]\n');
    const linked = small();
    symlinkSync(outside, join(linked, '.thtlint.yaml'));
    const run = await runCli('lint', '-p', linked);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${join(linked, '.thtlint.yaml')}: cannot read ${join(linked, '.thtlint.yaml')}: it is a symbolic link to ${outside}, outside the tree. tht reads only regular files inside the tree; a link must lead to a file inside it.\n`);
    const named = small({ '.thtlint.yaml': `policy: ${outside}\n` });
    const policy = await runCli('lint', '-p', named);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/^error: the policy file \S+ is outside the template tree .*put the file in the tree\.\n$/);
    const fifo = small();
    await mkfifo(join(fifo, '.thtlint.yaml'));
    const blocked = await runCli('schema', '-p', fifo, '-o', join(tempDir(), 'schema.json'));
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/cannot read \S+\.thtlint\.yaml: it is a FIFO \(named pipe\), not a regular file/);
  });

  it('a policy file inside the tree is read as before', async () => {
    const root = small({ '.thtlint.yaml': 'policy: lint/policy.yaml\n', 'lint/policy.yaml': 'heat_template_versions: [rocky]\n' });
    const run = await runCli('lint', '-p', root, '-f', 'json');
    expect(run.stderr).not.toMatch(/^error:/m);
    expect([0, 1]).toContain(run.code);
  });
});
