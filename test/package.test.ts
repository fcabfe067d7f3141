/**
 * The package as users get it: `npm pack`, then install the tarball in an
 * empty folder and run it there (the CLI and the library, with its types).
 * Offline: the dependencies come from the npm cache that `npm ci` filled,
 * through a lockfile made from this project's own (the cache holds the
 * packages, not the registry's lists of versions).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';
import { cliTakesItsCodeCache } from './helpers/code-cache.js';
import { GOLDEN } from './helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  files: string[];
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
};

const sources = (dir: string, rel = ''): string[] =>
  readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(dir, join(rel, e.name)) : e.name.endsWith('.ts') ? [join(rel, e.name)] : [],
  );

/** dist/ built from the current sources: each module and its declarations no older than its source, and the CLI's bundle no older than them. */
function distIsCurrent(): boolean {
  const modulesAreCurrent = sources(join(ROOT, 'src')).every((ts) => {
    const out = join(ROOT, 'dist', ts.replace(/\.ts$/, ''));
    const built = (ext: string) => existsSync(out + ext) && statSync(out + ext).mtimeMs >= statSync(join(ROOT, 'src', ts)).mtimeMs;
    return built('.js') && built('.d.ts');
  });
  const bundle = statSync(join(ROOT, 'dist/cli/tht.cjs'), { throwIfNoEntry: false });
  return modulesAreCurrent && bundle !== undefined && bundle.mtimeMs >= statSync(join(ROOT, 'dist/cli/main.js')).mtimeMs;
}

/**
 * The folder to pack: this one when dist/ is current (what `npm ci` built), else a copy built from the
 * sources by the package's own build steps, so the tarball always holds the code under test.
 */
function packageFolder(): string {
  if (distIsCurrent()) return ROOT;
  const copy = join(tempDir('tht-pack-'), 'tht');
  for (const f of ['package.json', 'README.md', 'tsconfig.json', 'src', 'scripts', ...pkg.files.filter((f) => f !== 'dist')]) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  execFileSync('npm', ['run', 'build'], { cwd: copy, stdio: 'ignore' });
  return copy;
}

interface Packed {
  tarball: string;
  files: string[];
  /** Where it is installed: node_modules/tht under it. */
  app: string;
  install: { status: number | null; stdout: string; stderr: string };
}

function packAndInstall(): Packed {
  const out = tempDir('tht-tarball-');
  const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: packageFolder(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as { filename: string; files: { path: string }[] }[];
  const tarball = join(out, report!.filename);
  // The empty folder: a package.json that depends on the tarball, and the lock npm would write for it.
  const app = tempDir('tht-app-');
  const dependency = `file:${tarball}`;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const runtime = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev);
  const packages = {
    '': { name: 'app', dependencies: { [pkg.name]: dependency } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: dependency, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
    ...Object.fromEntries(runtime),
  };
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { [pkg.name]: dependency } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }));
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: app, encoding: 'utf8' });
  return { tarball, files: report!.files.map((f) => f.path), app, install };
}

describe('the packed package, installed in an empty folder', () => {
  let packed: Packed;
  beforeAll(() => {
    packed = packAndInstall();
  }, 120_000);

  const tht = (...args: string[]) => spawnSync(join(packed.app, 'node_modules/.bin/tht'), args, { cwd: packed.app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('ships what it needs: a LICENSE, no sources, no source maps, declarations for the library', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/tht.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/tht.cjs', 'dist/cli/tht.cjs.codecache', 'templates/overcloud.j2.yaml', 'roles/Compute.yaml']));
    expect(packed.files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toEqual([]);
    const js = packed.files.filter((f) => f.endsWith('.js'));
    const mapped = js.filter((f) => readFileSync(join(packed.app, 'node_modules/tht', f), 'utf8').includes('sourceMappingURL'));
    expect(mapped).toEqual([]);
  });

  it('installs without a warning and without running a build', () => {
    expect(packed.install.status).toBe(0);
    expect(packed.install.stderr).toBe('');
    // npm prints "> tht@0.1.0 prepare" for each lifecycle script it runs.
    expect(packed.install.stdout).not.toMatch(/^> /m);
    expect(packed.install.stdout).toMatch(/^added \d+ packages? in /m);
    expect(existsSync(join(packed.app, 'node_modules/tht/dist/index.js'))).toBe(true);
  });

  it('tht render and tht schema run from the installed package, on the templates bundled with it', () => {
    expect(tht('--version').stdout).toMatch(new RegExp(`^${pkg.version} \\(bundled templates: `));
    const render = tht('render', '-o', 'out', '-q');
    expect(render).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(packed.app, 'out/overcloud.yaml'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'tht-master-default/overcloud.yaml'), 'utf8'));
    const schema = tht('schema', '-f', 'json-schema', '-o', 'schema.json');
    expect(schema).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(readFileSync(join(packed.app, 'schema.json'), 'utf8')).properties.NovaWorkers).toBeDefined();
  });

  it("the installed CLI starts from its bundle, with the build's code cache", () => {
    expect(cliTakesItsCodeCache(join(packed.app, 'node_modules/tht'))).toEqual({ cached: true, stderr: '' });
  });

  it("the library: import { render, schema, validate, lint } from 'tht', typed", () => {
    const program = [
      "import { lint, render, schema, validate, type RenderReport } from 'tht';",
      'const rendered: RenderReport = await render();',
      "const { document } = await schema({ format: 'heat', role: 'Compute' });",
      "const checked = await validate({ environments: ['env.yaml'] });",
      "const linted = await lint({ select: ['ENV002'] });",
      'console.log(JSON.stringify({',
      '  action: rendered.action, files: rendered.files.length, roles: rendered.roles, tree: rendered.tree.origin,',
      '  heat: Object.keys(document as object).sort(), findings: checked.findings.map((f) => [f.code, f.severity]),',
      "  lint: linted.counts.error, rules: linted.rules.map((r) => r.meta.id),",
      '}));',
    ].join('\n');
    writeFileSync(join(packed.app, 'env.yaml'), 'parameter_defaults:\n  NovaWorkrs: 2\n');
    writeFileSync(join(packed.app, 'main.ts'), program);
    // The declarations type-check a program using them (strict, as a TypeScript user compiles it)...
    const compilerOptions = { strict: true, outDir: 'js', module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] };
    writeFileSync(join(packed.app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: packed.app, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // ... and the compiled program runs, getting data back and printing nothing of tht's own.
    const run = spawnSync(process.execPath, ['js/main.js'], { cwd: packed.app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      action: 'memory',
      files: 113,
      roles: ['Controller', 'Compute', 'BlockStorage', 'ObjectStorage', 'CephStorage'],
      tree: 'bundled',
      heat: ['Description', 'Environment', 'NestedParameters', 'ParameterGroups', 'Parameters'],
      findings: [['ENV005', 'error']],
      lint: 9,
    });
    expect(result.rules).toEqual(['ENV002']);
  });
});
