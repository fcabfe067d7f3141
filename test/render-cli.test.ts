/**
 * `tht render` end to end on copies of THT master: writing, re-rendering,
 * dry runs, --safe, --clean, and every kind of bad input.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayPath } from '../src/load/paths.js';
import { copyOfThtMaster, escapeRegExp, inFolder, runCli, tempDir, treeOf } from './helpers/cli.js';
import { GOLDEN, THT_MASTER } from './helpers/fixtures.js';

const DEFAULT_MANIFEST = readFileSync(`${GOLDEN}/tht-master-default.manifest`, 'utf8').trim().split('\n');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('tht render -o', () => {
  const out = join(tempDir(), 'out');

  it('writes a complete rendered copy of the tree', async () => {
    const run = await runCli('render', '-p', THT_MASTER, '-o', out, '--json');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ templates: 57, roles: 5, networks: 6, rendered: 113, written: 113, unchanged: 0 });
    for (const path of DEFAULT_MANIFEST) {
      expect(readFileSync(join(out, path), 'utf8')).toBe(readFileSync(`${GOLDEN}/tht-master-default/${path}`, 'utf8'));
    }
    // Static files and *.j2 includes are copied; *.j2.yaml templates are not.
    expect(readFileSync(join(out, 'network/network.j2'), 'utf8')).toBe(readFileSync(join(THT_MASTER, 'network/network.j2'), 'utf8'));
    expect(existsSync(join(out, 'roles/Controller.yaml'))).toBe(true);
    expect(existsSync(join(out, 'overcloud.j2.yaml'))).toBe(false);
    // Besides the rendered files and the copies, only the manifest of what was written.
    expect(summary.copied).toBe(listFiles(out).length - 113 - 1);
    expect(JSON.parse(readFileSync(join(out, '.tht-output.json'), 'utf8')).files).toHaveLength(113 + summary.copied);
  });

  it('rewrites only the files whose content changed, and says how many', async () => {
    const target = join(out, 'overcloud.yaml');
    const before = statSync(target).mtimeMs;
    writeFileSync(join(out, 'network/external.yaml'), 'stale');
    const run = await runCli('render', '-p', THT_MASTER, '-o', out, '--json');
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ written: 1, unchanged: 112, copied: 0 });
    expect(statSync(target).mtimeMs).toBe(before);
    const text = await runCli('render', '-p', THT_MASTER, '-o', out);
    expect(text.stdout).toMatch(/0 file\(s\) written, 113 unchanged/);
  });

  it('is quiet with --quiet and has no colour when not on a terminal', async () => {
    const run = await runCli('render', '-p', THT_MASTER, '-o', out, '--quiet');
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const plain = await runCli('render', '-p', THT_MASTER, '-o', out);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
  });

  it('--safe refuses to overwrite existing outputs and writes nothing', async () => {
    const run = await runCli('render', '-p', THT_MASTER, '-o', out, '--safe');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--safe: 113 output file\(s\) already exist/);
  });

  it('--clean deletes the generated files only', async () => {
    const run = await runCli('render', '-p', THT_MASTER, '-o', out, '--clean');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Removed 113 file\(s\) generated from \S+\.\n$/);
    expect(DEFAULT_MANIFEST.some((p) => existsSync(join(out, p)))).toBe(false);
    expect(existsSync(join(out, 'network/network.j2'))).toBe(true);
  });
});

describe('tht render in place and --dry-run', () => {
  let tree: string;
  beforeAll(() => {
    tree = copyOfThtMaster();
  });

  it('--dry-run lists the outputs and writes nothing', async () => {
    const run = await runCli('render', '-p', tree, '--dry-run');
    expect(run.code).toBe(0);
    // Listed as paths that open from the current folder, and the summary names the tree.
    const listed = run.stdout.trim().split('\n');
    expect(listed.pop()).toBe(`113 file(s) would be written from ${displayPath(tree)} (dry run).`);
    expect(listed.sort()).toEqual(DEFAULT_MANIFEST.map((p) => displayPath(join(tree, p))).sort());
    const inside = await inFolder(tree, () => runCli('render', '--dry-run'));
    expect(inside.stdout.trim().split('\n').slice(0, -1).sort()).toEqual([...DEFAULT_MANIFEST].sort());
    expect(inside.stdout).toMatch(/\n113 file\(s\) would be written from \. \(dry run\)\.\n$/);
    expect(existsSync(join(tree, 'overcloud.yaml'))).toBe(false);
  });

  it('writes rendered files next to their templates without -o', async () => {
    const run = await runCli('render', '-p', tree, '-n', 'network_data_routed.yaml', '-q');
    expect(run.code).toBe(0);
    expect(readFileSync(join(tree, 'network/ports/internal_api2_from_pool.yaml'), 'utf8')).toBe(
      readFileSync(`${GOLDEN}/tht-master-routed/network/ports/internal_api2_from_pool.yaml`, 'utf8'),
    );
  });

  it('a failed in-place write leaves no temporary file behind', async () => {
    rmSync(join(tree, 'overcloud.yaml'), { force: true });
    mkdirSync(join(tree, 'overcloud.yaml'));
    const run = await runCli('render', '-p', tree, '-q');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write \S*overcloud\.yaml: it is a folder \(EISDIR\)/);
    expect(readdirSync(tree).filter((f) => f.includes('.tht-tmp-'))).toEqual([]);
  });

  it('requires -o for the bundled templates', async () => {
    // The repository holds no roles_data.yaml at or above its root: the bundled templates are the tree.
    const run = await runCli('render');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: there is no template tree here, and tht does not write into the templates bundled with it. Pass -o DIR to render them into a folder, or -p DIR to render a tree of your own.\n',
    );
  });
});

/** A bad-input run: non-zero, one paragraph naming the place, no trace, nothing written. */
async function expectRefused(args: string[], message: RegExp, out: string): Promise<string> {
  const run = await runCli('render', ...args, '-o', out);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(existsSync(out)).toBe(false);
  return run.stderr;
}

describe('bad input is refused with file, line and column, and nothing is written', () => {
  let tree: string;
  let out: string;
  beforeAll(() => {
    tree = copyOfThtMaster();
    out = join(tempDir(), 'never');
  });
  const write = (name: string, text: string) => writeFileSync(join(tree, name), text);

  it('a YAML syntax error in the roles file', async () => {
    write('bad_roles.yaml', '- name: Controller\n  tags: [a, b\n- name: Compute\n');
    // Where PyYAML reports it: the ':' that cannot be in the unclosed flow list.
    await expectRefused(['-p', tree, '-r', 'bad_roles.yaml'], /bad_roles\.yaml:3:7: invalid YAML/, out);
  });

  it('an alias bomb in the roles file, fast and without the memory', async () => {
    let bomb = '- name: Controller\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i <= 9; i++) bomb += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    write('bomb_roles.yaml', bomb);
    const started = performance.now();
    await expectRefused(['-p', tree, '-r', 'bomb_roles.yaml'], /bomb_roles\.yaml:8:\d+: invalid YAML: aliases expand to more than 1000000 nodes/, out);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a network list nested 10,000 deep, without overflowing the stack', async () => {
    write('deep_nets.yaml', `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    await expectRefused(['-p', tree, '-n', 'deep_nets.yaml'], /deep_nets\.yaml:1:1001: invalid YAML: the document nests more than 1000 levels deep/, out);
  });

  it('characters and bytes PyYAML refuses in the roles file', async () => {
    write('ctrl_roles.yaml', '- name: Controller\n  description: a\x1bb\n');
    await expectRefused(['-p', tree, '-r', 'ctrl_roles.yaml'], /ctrl_roles\.yaml:2:17: invalid YAML: the character #x001b is not allowed/, out);
    writeFileSync(join(tree, 'latin1_roles.yaml'), Buffer.from('- name: Controller\n  description: caf\xe9\n', 'latin1'));
    await expectRefused(['-p', tree, '-r', 'latin1_roles.yaml'], /latin1_roles\.yaml:2:19: invalid YAML: the file is not UTF-8 \(byte 0xe9\)/, out);
  });

  it('a roles file that is not a list of named mappings', async () => {
    write('map_roles.yaml', 'name: Controller\n');
    await expectRefused(['-p', tree, '-r', 'map_roles.yaml'], /map_roles\.yaml:1:1: the roles file must be a YAML list/, out);
    write('noname_roles.yaml', '- name: Controller\n- description: no name here\n');
    await expectRefused(['-p', tree, '-r', 'noname_roles.yaml'], /noname_roles\.yaml:2:3: role #2: missing required key "name"/, out);
  });

  it('a duplicate role or network name', async () => {
    write('dup_roles.yaml', '- name: Controller\n- name: Compute\n- name: Controller\n');
    await expectRefused(['-p', tree, '-r', 'dup_roles.yaml'], /dup_roles\.yaml:3:9: duplicate role name "Controller"/, out);
    write('dup_nets.yaml', '- name: Storage\n- name: Tenant\n- name: Storage\n');
    await expectRefused(['-p', tree, '-n', 'dup_nets.yaml'], /dup_nets\.yaml:3:9: duplicate network name "Storage"/, out);
  });

  it('a network name_lower that would write outside the output folder', async () => {
    write('escape_nets.yaml', '- name: Storage\n- name: Tenant\n  name_lower: ../tenant\n');
    await expectRefused(['-p', tree, '-n', 'escape_nets.yaml'], /escape_nets\.yaml:3:15: network "Tenant": name_lower "\.\.\/tenant" would write outside/, out);
  });

  it('a template that cannot be read (a dangling symlink)', async () => {
    symlinkSync(join(tree, 'no-such-file'), join(tree, 'dangling.j2.yaml'));
    try {
      const dangling = escapeRegExp(displayPath(join(tree, 'dangling.j2.yaml')));
      await expectRefused(['-p', tree], new RegExp(`${dangling}: cannot read the template ${dangling}: it is a symbolic link to nothing`), out);
    } finally {
      unlinkSync(join(tree, 'dangling.j2.yaml'));
    }
  });

  it('a role name that would write outside the output folder', async () => {
    write('escape_roles.yaml', '- name: Controller\n- name: ../../Evil\n');
    await expectRefused(['-p', tree, '-r', 'escape_roles.yaml'], /escape_roles\.yaml:2:9: role name "\.\.\/\.\.\/Evil" would write outside/, out);
  });

  it('a missing roles or networks file', async () => {
    // Every place it looked: the current folder, then the tree.
    const inTree = escapeRegExp(displayPath(join(tree, 'nope.yaml')));
    await expectRefused(['-p', tree, '-r', 'nope.yaml'], new RegExp(`cannot find the roles file nope\\.yaml: there is no nope\\.yaml and no ${inTree}\\. Give a path`), out);
    await expectRefused(['-p', tree, '-n', '/nonexistent/net.yaml'], /cannot find the networks file \/nonexistent\/net\.yaml: there is no \/nonexistent\/net\.yaml\./, out);
    // The default file of a tree that has none.
    rmSync(join(tree, 'network_data.yaml'));
    try {
      await expectRefused(['-p', tree], new RegExp(`cannot read ${escapeRegExp(displayPath(join(tree, 'network_data.yaml')))}: it does not exist`), out);
    } finally {
      writeFileSync(join(tree, 'network_data.yaml'), readFileSync(join(THT_MASTER, 'network_data.yaml')));
    }
  });

  it('a missing include', async () => {
    const path = join(tree, 'network/network.network.j2.yaml');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace("{% include 'network.j2' %}", "{% include 'no-such.j2' %}"));
    try {
      await expectRefused(['-p', tree], /network\/network\.network\.j2\.yaml:\d+:\d+: Jinja render error: .*no-such\.j2/, out);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('a Jinja syntax error, with the template path and line', async () => {
    const path = join(tree, 'overcloud.j2.yaml');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('{%- for role in roles %}', '{%- for role in %}'));
    try {
      await expectRefused(['-p', tree], /overcloud\.j2\.yaml:\d+:\d+: Jinja syntax error/, out);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('a Jinja runtime error, with the template path and line', async () => {
    const path = join(tree, 'network/service_net_map.j2.yaml');
    const original = readFileSync(path, 'utf8');
    const lines = original.split('\n');
    lines.splice(2, 0, '{{ nothing.here }}');
    writeFileSync(path, lines.join('\n'));
    try {
      await expectRefused(['-p', tree], /network\/service_net_map\.j2\.yaml:3:\d+: Jinja render error: 'nothing' is undefined/, out);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('leaves an existing output folder as it was', async () => {
    const existing = join(tempDir(), 'existing');
    expect((await runCli('render', '-p', THT_MASTER, '-o', existing, '-q')).code).toBe(0);
    const before = readFileSync(join(existing, 'overcloud.yaml'), 'utf8');
    write('dup_roles2.yaml', '- name: Controller\n- name: Controller\n');
    const run = await runCli('render', '-p', tree, '-r', 'dup_roles2.yaml', '-o', existing);
    expect(run.code).not.toBe(0);
    expect(readFileSync(join(existing, 'overcloud.yaml'), 'utf8')).toBe(before);
    rmSync(existing, { recursive: true });
  });
});

describe('roles and networks are checked against the schemas before rendering', () => {
  let tree: string;
  beforeAll(() => {
    tree = copyOfThtMaster();
  });

  it('a wrong type is an error at its position', async () => {
    writeFileSync(join(tree, 'typed_roles.yaml'), '- name: Controller\n  CountDefault: three\n');
    await expectRefused(['-p', tree, '-r', 'typed_roles.yaml'], /typed_roles\.yaml:2:17: role "Controller": CountDefault/, join(tempDir(), 'x'));
  });

  it('an unknown key is a warning with a did-you-mean, and the render goes on', async () => {
    const roles = readFileSync(join(tree, 'roles_data.yaml'), 'utf8').replace('  CountDefault: 1\n', '  CountDefault: 1\n  HostnameFormatDefalt: x\n');
    writeFileSync(join(tree, 'typo_roles.yaml'), roles);
    const run = await inFolder(tree, () => runCli('render', '-r', 'typo_roles.yaml', '--dry-run'));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: typo_roles\.yaml:\d+:3: .*HostnameFormatDefalt.*HostnameFormatDefault/);
    // From elsewhere, -r relative to the tree; the warning names the file as it opens from here.
    const elsewhere = await runCli('render', '-p', tree, '-r', 'typo_roles.yaml', '--dry-run');
    expect(elsewhere.stderr).toContain(`warning: ${displayPath(join(tree, 'typo_roles.yaml'))}:`);
  });

  it('tht schema shows the same warnings, on stderr', async () => {
    const run = await inFolder(tree, () => runCli('schema', '-r', 'typo_roles.yaml', '-o', join(tempDir(), 'schema.json')));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: typo_roles\.yaml:\d+:3: .*HostnameFormatDefalt/);
  });
});

describe('--render-limit', () => {
  const limited = () =>
    treeOf({
      'roles_data.yaml': '- name: A\n',
      'network_data.yaml': '',
      'overcloud.yaml': 'heat_template_version: rocky\n',
      // The resource registry, which every command reads (schema and preview render only what they read).
      'overcloud-resource-registry-puppet.j2.yaml': '{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% else %}bottom{% endif %}{% endmacro %}{{ f(600) }}\n',
    });

  it('raises a bound of the render, in every command that renders, by the name its error gives', async () => {
    const root = limited();
    const stopped = await runCli('render', '-p', root, '--dry-run');
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/nest more than 500 deep \(limits\.maxDepth\).*raise the bound with --render-limit NAME=N/);
    expect((await runCli('render', '-p', root, '--dry-run', '-q', '--render-limit', 'maxDepth=1000')).code).toBe(0);
    // Lowered, it stops what the default lets through.
    const steps = await runCli('render', '-p', root, '--dry-run', '--render-limit', 'maxDepth=1000', '--render-limit', 'maxSteps=100');
    expect(steps.stderr).toMatch(/more than 100 loop iterations and macro calls \(limits\.maxSteps\)/);
    for (const command of [['schema'], ['lint'], ['environments', 'list'], ['preview', 'A'], ['explain', 'X']]) {
      expect((await runCli(...command, '-p', root, '--render-limit', 'maxDepth=10')).stderr, command.join(' ')).toMatch(/nest more than 10 deep/);
    }
  });

  it('a name it does not know, or a value that is not a count, is a usage error with the names', async () => {
    const bad = await runCli('render', '-p', limited(), '--render-limit', 'maxDeph=9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--render-limit <name=n>' argument 'maxDeph=9' is invalid\. did you mean maxDepth\? Give NAME=N with NAME one of maxOutput, maxDepth, maxSteps\./);
    expect((await runCli('render', '--render-limit', 'maxSteps=-1')).stderr).toMatch(/give maxSteps=N with N a whole number above 0\./);
  });
});

describe('YAML data reaches the templates as PyYAML builds it', () => {
  it('prints a float with no fraction as Python does (checked against process-templates.py)', async () => {
    const tree = copyOfThtMaster();
    const nets = readFileSync(join(tree, 'network_data.yaml'), 'utf8');
    writeFileSync(join(tree, 'float_nets.yaml'), nets.replace('  mtu: 1500\n', '  mtu: 9000.0\n'));
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', tree, '-n', 'float_nets.yaml', '-o', out, '-q')).code).toBe(0);
    expect(readFileSync(join(out, 'network/storage.yaml'), 'utf8')).toMatch(/^ {4}default: 9000\.0$/m);
  });
});
