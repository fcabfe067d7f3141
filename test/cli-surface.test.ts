/**
 * One command-line surface: every command's options spelled and meaning the
 * same, colour decided the same way, help ending in examples that parse, and
 * completion scripts made from the definitions (run in bash, zsh and fish).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command, Option } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { colourLevel } from '../src/cli/io.js';
import { displayPath } from '../src/load/paths.js';
import { buildProgram } from '../src/cli/main.js';
import { inFolder, runCli, tempDir, treeOf } from './helpers/cli.js';

/** Every command, as the words that run it: [], ['render'], ['roles', 'show']... */
function commandsOf(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  return [{ path, cmd }, ...cmd.commands.flatMap((c) => commandsOf(c, [...path, c.name()]))];
}

const PROGRAM = buildProgram();
const COMMANDS = commandsOf(PROGRAM);
const LEAVES = COMMANDS.filter((c) => c.cmd.commands.length === 0);
const visible = (cmd: Command): Option[] => cmd.options.filter((o) => !o.hidden);

const ALL_ROLES = '- name: Controller\n- name: Compute\n';

describe('the shared options', () => {
  /** The options several commands have: each must be declared the same wherever it appears. */
  const SHARED = ['--templates', '--roles-data', '--network-data', '--environment', '--output', '--format', '--quiet', '--color', '--no-color', '--strict'];
  /** Same words in the help too (where the meaning cannot differ between commands). */
  const SAME_HELP = ['--templates', '--network-data', '--environment', '--quiet', '--color', '--no-color', '--strict'];

  it('are spelled the same in every command, with the same help', () => {
    for (const long of SHARED) {
      const uses = LEAVES.flatMap(({ path, cmd }) => visible(cmd).filter((o) => o.long === long).map((o) => ({ path, o })));
      expect(uses.length, long).toBeGreaterThan(1);
      const spellings = new Set(uses.map(({ o }) => `${o.short ?? ''} ${o.long} ${o.required ? 'value' : 'flag'}`));
      expect([...spellings], long).toHaveLength(1);
      if (SAME_HELP.includes(long)) expect(new Set(uses.map(({ o }) => o.description)).size, long).toBe(1);
    }
  });

  it('every command has -q, --color and --no-color; every command reading a tree has -p', () => {
    for (const { path, cmd } of LEAVES.filter(({ path }) => path[0] !== 'completion')) {
      const longs = visible(cmd).map((o) => o.long);
      expect(longs, path.join(' ')).toEqual(expect.arrayContaining(['--quiet', '--color', '--no-color', '--templates']));
    }
  });

  it('-f offers json wherever the output can be machine-readable, and --json is its alias', async () => {
    for (const { path, cmd } of LEAVES) {
      const format = cmd.options.find((o) => o.long === '--format');
      if (!format || path[0] === 'schema') continue; // every schema format is JSON
      expect(format.argChoices, path.join(' ')).toContain('json');
      expect(cmd.options.find((o) => o.long === '--json')?.hidden, path.join(' ')).toBe(true);
    }
    const viaAlias = await runCli('roles', 'list', '--json');
    const viaFormat = await runCli('roles', 'list', '-f', 'json');
    expect(viaAlias.stdout).toBe(viaFormat.stdout);
    expect(JSON.parse(viaAlias.stdout).length).toBeGreaterThan(10);
    const both = await runCli('roles', 'list', '--json', '-f', 'text');
    expect(both).toMatchObject({ code: 2, stderr: 'error: --json and -f text ask for two formats. Give one of them.\n' });
  });

  it('a mistyped option gets a did-you-mean', async () => {
    const run = await runCli('render', '--outptu', 'x');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--outptu'\n(Did you mean --output?)");
    expect((await runCli('lint', '--max-warning', '3')).stderr).toContain('(Did you mean --max-warnings?)');
  });
});

describe('colour', () => {
  const saved = { FORCE_COLOR: process.env.FORCE_COLOR, NO_COLOR: process.env.NO_COLOR };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const ESC = /\x1b\[/;

  it('the flag first, then FORCE_COLOR, then NO_COLOR, then whether the stream is a terminal', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(colourLevel(pipe, undefined, {})).toBe(0);
    expect(colourLevel(tty, undefined, {})).toBe(1);
    expect(colourLevel(tty, undefined, { TERM: 'dumb' })).toBe(0);
    expect(colourLevel(tty, undefined, { NO_COLOR: '1' })).toBe(0);
    expect(colourLevel(tty, undefined, { NO_COLOR: '' })).toBe(1);
    expect(colourLevel(pipe, undefined, { FORCE_COLOR: '1' })).toBe(1);
    expect(colourLevel(pipe, undefined, { FORCE_COLOR: '' })).toBe(1);
    expect(colourLevel(pipe, undefined, { FORCE_COLOR: '3', NO_COLOR: '1' })).toBe(3);
    expect(colourLevel(tty, undefined, { FORCE_COLOR: '0' })).toBe(0);
    expect(colourLevel(tty, undefined, { FORCE_COLOR: 'false' })).toBe(0);
    expect(colourLevel(pipe, true, { NO_COLOR: '1' })).toBe(1);
    expect(colourLevel(tty, false, { FORCE_COLOR: '1' })).toBe(0);
  });

  it('FORCE_COLOR, --color and --no-color are obeyed on a pipe', async () => {
    const run = (...args: string[]) => runCli('roles', 'diff', 'Compute', 'ComputeHCI', ...args).then((r) => r.stdout + r.stderr);
    // A lint warning and a validate error are coloured; use the unknown-role error: it goes through io.error.
    const coloured = (...args: string[]) => runCli('roles', 'show', 'Nope', ...args).then((r) => r.stderr);
    expect(await coloured()).not.toMatch(ESC);
    process.env.FORCE_COLOR = '1';
    expect(await coloured()).toMatch(ESC);
    expect(await coloured('--no-color')).not.toMatch(ESC);
    delete process.env.FORCE_COLOR;
    process.env.NO_COLOR = '1';
    expect(await coloured('--color')).toMatch(ESC);
    expect(await run('--color')).not.toMatch(/internal error/);
  });
});

describe('exit codes', () => {
  it('validate exits 0 on warnings, 1 with --strict, 1 on errors, 2 on bad input; -e takes commas and repeats alike', async () => {
    const dir = tempDir();
    // A parameter only a template the deployment leaves out declares is a warning; a misspelt one an error.
    writeFileSync(join(dir, 'warn.yaml'), 'parameter_defaults:\n  DesignateWorkers: 2\n');
    writeFileSync(join(dir, 'err.yaml'), 'parameter_defaults:\n  NovaWorkrs: 1\n');
    const validate = (...args: string[]) => inFolder(dir, () => runCli('validate', ...args));
    const findings = (run: { stdout: string }) => (JSON.parse(run.stdout) as { findings: { file: string; severity: string }[] }).findings;
    const warn = await validate('-e', 'warn.yaml', '-f', 'json');
    expect(warn.code).toBe(0);
    expect(findings(warn).map((f) => f.severity)).toEqual(['warning']);
    expect((await validate('-e', 'warn.yaml', '--strict')).code).toBe(1);
    expect(await validate('-e', 'warn.yaml', '-q')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const commas = await validate('-e', 'err.yaml,warn.yaml', '-f', 'json');
    const repeated = await validate('-e', 'err.yaml', '-e', 'warn.yaml', '-f', 'json');
    for (const run of [commas, repeated]) {
      expect(run.code).toBe(1);
      expect(findings(run).map((f) => [f.file, f.severity])).toEqual([['err.yaml', 'error'], ['warn.yaml', 'warning']]);
    }
    expect((await validate('-e', 'none.yaml')).code).toBe(2);
  });

  it('roles diff exits 1 when the roles differ and 0 when they do not, as diff(1) does', async () => {
    expect((await runCli('roles', 'diff', 'Compute', 'ComputeHCI')).code).toBe(1);
    const same = await runCli('roles', 'diff', 'Compute', 'Compute');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('services: same');
  });
});

describe('finding the tree', () => {
  let tree: string;
  beforeAll(() => {
    tree = treeOf({ 'roles_data.yaml': ALL_ROLES, 'network_data.yaml': '', 'x.role.j2.yaml': 'r: {{role.name}}\n', 'deep/er/keep.txt': '' });
  });

  it('-p, else the nearest folder at or above the current one with a roles_data.yaml, else the bundled templates; the summary says which', async () => {
    const found = await inFolder(join(tree, 'deep/er'), () => runCli('render', '--dry-run'));
    expect(found.stdout).toBe('../../compute-x.yaml\n../../controller-x.yaml\n2 file(s) would be written from ../.. (dry run).\n');
    const given = await runCli('render', '-p', tree, '--dry-run', '-f', 'json');
    // Paths as tht prints them: from the current folder (relative, or absolute where that is shorter).
    const files = ['compute-x.yaml', 'controller-x.yaml'].map((f) => displayPath(join(tree, f)));
    expect(JSON.parse(given.stdout)).toMatchObject({ tree: displayPath(tree), treeOrigin: 'given', files });
    const bundled = await inFolder(tempDir(), () => runCli('render', '-o', 'out', '--dry-run'));
    expect(bundled.stdout).toMatch(/\n113 file\(s\) would be written from the templates bundled with tht \(THT [0-9a-f]{12}\) \(dry run\)\.\n$/);
    expect(existsSync(join(tree, 'controller-x.yaml'))).toBe(false);
    const schema = await inFolder(tempDir(), () => runCli('schema', '-o', 'schema.json'));
    expect(schema.stdout).toMatch(/^Wrote the flat schema of the templates bundled with tht \(THT [0-9a-f]{12}\) to schema\.json\.\n$/);
  });

  it('-r and -n: relative to the current folder, else to the tree', async () => {
    const other = tempDir();
    writeFileSync(join(other, 'mine.yaml'), '- name: Solo\n');
    writeFileSync(join(tree, 'tree_roles.yaml'), '- name: Lone\n');
    const fromHere = await inFolder(other, () => runCli('render', '-p', tree, '-r', 'mine.yaml', '--dry-run'));
    expect(fromHere.stdout).toContain(`${relative(other, join(tree, 'solo-x.yaml'))}\n`);
    const fromTree = await inFolder(other, () => runCli('render', '-p', tree, '-r', 'tree_roles.yaml', '--dry-run'));
    expect(fromTree.stdout).toContain(`${relative(other, join(tree, 'lone-x.yaml'))}\n`);
  });
});

describe('help and completion', () => {
  it("every command's help ends with two or three examples that parse as tht command lines", async () => {
    // The examples' tht command lines, run through a copy of the program whose commands do nothing.
    const dry = buildProgram();
    for (const { cmd } of commandsOf(dry)) cmd.action(() => {});
    for (const { path } of COMMANDS) {
      const help = (await runCli(...path, '--help')).stdout;
      const section = help.split('\nExamples:\n')[1];
      expect(section, path.join(' ')).toBeDefined();
      const examples = section!.split('\n').filter((l) => l.startsWith('  $ '));
      expect(section!.split('\n').filter((l) => l.startsWith('  # ')).length, path.join(' ')).toBe(examples.length);
      expect(examples.length, path.join(' ')).toBeGreaterThanOrEqual(2);
      expect(examples.length, path.join(' ')).toBeLessThanOrEqual(3);
      for (const line of examples) {
        const words = /\btht ([^)#>|]*)/.exec(line)![1]!.trim().split(/\s+/);
        await expect(dry.parseAsync(['node', 'tht', ...words]), line).resolves.toBeDefined();
        expect(words.slice(0, path.length), line).toEqual(path);
        // Files of THT the examples name exist in it (rendered ones as their templates).
        for (const w of words.flatMap((x) => x.split(',')).filter((x) => /^(environments|deployment)\//.test(x))) {
          expect(existsSync(join('templates', w)) || existsSync(join('templates', w.replace(/\.yaml$/, '.j2.yaml'))), w).toBe(true);
        }
      }
    }
  });

  /** Every visible option of every command, as the completion must offer them. */
  const optionWords = (cmd: Command) => [...visible(cmd).flatMap((o) => [o.short, o.long]), '-h', '--help'].filter((f): f is string => !!f).sort();

  it('bash: completes commands, options, choices and files from the command definitions', async () => {
    const dir = tempDir();
    const script = join(dir, 'tht.bash');
    writeFileSync(script, (await runCli('completion', 'bash')).stdout);
    mkdirSync(join(dir, 'trees/tht'), { recursive: true });
    writeFileSync(join(dir, 'trees/env.yaml'), '');
    /** The words bash offers after typing these words (the last one being completed). */
    const complete = (...words: string[]): string[] => {
      const shell = `source ${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_tht\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
      const run = spawnSync('bash', ['--norc', '-c', shell], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout.split('\n').filter(Boolean).sort();
    };
    expect(complete('tht', '')).toEqual(PROGRAM.commands.map((c) => c.name()).sort());
    expect(complete('tht', 'roles', '')).toEqual(['diff', 'generate', 'list', 'show']);
    expect(complete('tht', 'roles', 's')).toEqual(['show']);
    expect(complete('tht', 'lint', '-f', '')).toEqual(['github', 'json', 'junit', 'sarif', 'text']);
    expect(complete('tht', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('tht', 'render', '-p', 'trees/')).toEqual(['trees/tht']);
    expect(complete('tht', 'validate', '-e', 'trees/')).toEqual(['trees/env.yaml', 'trees/tht']);
    // Options and their values are skipped on the way: still `roles show`.
    expect(complete('tht', 'roles', 'show', '-p', 'trees/tht', '--')).toEqual(optionWords(PROGRAM.commands.find((c) => c.name() === 'roles')!.commands.find((c) => c.name() === 'show')!).filter((w) => w.startsWith('--')));
    // It cannot go stale: every command's options, exactly.
    for (const { path, cmd } of COMMANDS) expect(complete('tht', ...path, '-'), path.join(' ')).toEqual(optionWords(cmd));
  });

  const has = (shell: string) => spawnSync(shell, ['--version']).status === 0;

  it.skipIf(!has('fish'))('fish: the same completions (fish is installed)', async () => {
    const script = join(tempDir(), 'tht.fish');
    writeFileSync(script, (await runCli('completion', 'fish')).stdout);
    const complete = (line: string): string[] => {
      const run = spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C ${JSON.stringify(line)}`], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!).sort();
    };
    expect(complete('tht ')).toEqual(PROGRAM.commands.map((c) => c.name()).sort());
    expect(complete('tht roles s')).toEqual(['show']);
    expect(complete('tht lint -f ')).toEqual(['github', 'json', 'junit', 'sarif', 'text']);
    expect(complete('tht roles show -p /tmp --')).toEqual(optionWords(PROGRAM.commands.find((c) => c.name() === 'roles')!.commands.find((c) => c.name() === 'show')!).filter((w) => w.startsWith('--')));
  });

  it.skipIf(!has('zsh'))('zsh: the same completions, in an interactive zsh (zsh is installed)', async () => {
    const script = join(tempDir(), '_tht');
    writeFileSync(script, (await runCli('completion', 'zsh')).stdout);
    const driver = new URL('./helpers/zsh-complete.zsh', import.meta.url).pathname;
    const complete = (line: string): string[] => {
      const run = spawnSync('zsh', ['-f', driver, script, line], { encoding: 'utf8', timeout: 20_000 });
      return [...new Set(run.stdout.split('\n').filter(Boolean).map((l) => l.replace(/<<MATCH$/, '')))].sort();
    };
    expect(complete('tht ')).toEqual(PROGRAM.commands.map((c) => c.name()).sort());
    expect(complete('tht roles s')).toEqual(['show']);
    expect(complete('tht lint -f ')).toEqual(['github', 'json', 'junit', 'sarif', 'text']);
    expect(complete('tht render --ou')).toEqual(['--output']);
  });
});
