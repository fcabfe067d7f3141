/**
 * The installed entry point: what `npx tht` runs after `npm ci` (which builds
 * dist/). Runs the real binary in a child process.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { cliTakesItsCodeCache } from './helpers/code-cache.js';
import { GOLDEN, THT_MASTER } from './helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/tht.js');
const tht = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('bin/tht.js', () => {
  it('prints its version and the THT commit of the bundled templates', () => {
    const run = tht('--version');
    expect(run.status).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(run.stdout.trim()).toBe(`${pkg.version} (bundled templates: ${pkg.bundledTemplates.repository} ${pkg.bundledTemplates.commit.slice(0, 12)}, ${pkg.bundledTemplates.date})`);
    expect(pkg.bundledTemplates.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('renders the bundled template set (THT master) when no tree is given', () => {
    const out = join(tempDir(), 'out');
    const run = tht('render', '-o', out, '-q');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const path of ['overcloud.yaml', 'network/internal_api.yaml', 'puppet/controller-role.yaml']) {
      expect(readFileSync(join(out, path), 'utf8')).toBe(readFileSync(`${GOLDEN}/tht-master-default/${path}`, 'utf8'));
    }
  });

  it('exits 2 with a one-line error and no stack trace on bad input', () => {
    const run = tht('render', '-p', '/nonexistent/tree', '-o', join(tempDir(), 'x'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: .*\/nonexistent\/tree/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an unknown option, with usage help', () => {
    const run = tht('render', '--no-such-option');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option/);
  });

  it('prints what the CLI run from the sources prints (it runs the one-script bundle the build made)', async () => {
    const commands = [
      ['preview', 'Compute', '-p', THT_MASTER, '-f', 'json'],
      ['schema', '-p', THT_MASTER, '-r', join(THT_MASTER, 'roles_data.yaml')],
      ['lint', '-p', THT_MASTER, '-f', 'json'],
      ['explain', 'NovaWorkers', '-p', THT_MASTER],
      ['validate', '-p', THT_MASTER, '-e', join(THT_MASTER, 'environments/enable-designate.yaml')],
    ];
    for (const args of commands) {
      const built = tht(...args);
      const sources = await runCli(...args);
      expect({ args, code: built.status, stdout: built.stdout, stderr: built.stderr }).toEqual({ args, ...sources });
    }
  });

  it("hands V8 the build's code cache, and V8 takes it", () => {
    expect(cliTakesItsCodeCache(ROOT)).toEqual({ cached: true, stderr: '' });
  });

  describe('in a copy of the package whose bundle is changed', () => {
    function copyOfPackage(): string {
      const copy = join(tempDir('tht-bundle-'), 'tht');
      mkdirSync(copy);
      const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
      for (const f of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
      // The package's other files, and its dependencies, as they are.
      for (const f of [...files.filter((f) => f !== 'bin' && f !== 'dist'), 'node_modules']) symlinkSync(join(ROOT, f), join(copy, f));
      return copy;
    }
    const run = (copy: string, ...args: string[]) => spawnSync(process.execPath, [join(copy, 'bin/tht.js'), ...args], { encoding: 'utf8' });

    it('runs the bundle', () => {
      const copy = copyOfPackage();
      writeFileSync(join(copy, 'dist/cli/tht.cjs'), "exports.main = async () => { process.stdout.write('the bundle ran\\n'); return 0; };\n");
      const result = run(copy, '--version');
      expect(result.stdout).toBe('the bundle ran\n');
      expect(result.status).toBe(0);
    });

    it('does not run the code cache of a bundle of the same length with other text (V8 would)', () => {
      const copy = copyOfPackage();
      const bundle = join(copy, 'dist/cli/tht.cjs');
      const text = readFileSync(bundle, 'utf8');
      // The JSON findings' indentation: two spaces become three, in as many characters.
      const edited = text.replace('JSON.stringify(report.findings, null, 2)', 'JSON.stringify(report.findings, null, 3)');
      expect(edited).not.toBe(text);
      writeFileSync(bundle, edited);
      const result = run(copy, 'lint', '-p', THT_MASTER, '-f', 'json');
      expect(result.stdout).toMatch(/^\[\n {3}\{\n {6}"code": /);
      expect(result.status).toBe(1);
    });
  });
});
