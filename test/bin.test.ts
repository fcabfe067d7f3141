/**
 * The installed entry point: what `npx tht` runs after `npm ci` (which builds
 * dist/). Runs the real binary in a child process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';
import { GOLDEN } from './helpers/fixtures.js';

const BIN = fileURLToPath(new URL('../bin/tht.js', import.meta.url));
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
});
