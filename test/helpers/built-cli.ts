/**
 * The CLI compiled from the current sources, for tests that must run it in a
 * child process (to kill it). Tests run from the sources, so dist/ may be
 * stale; rolldown's TypeScript transform (the one vitest's vite uses) makes
 * a fresh copy in a fraction of a second.
 *
 * The copy goes into a hidden folder at the package root, as dist/ does, so
 * that the package files (templates/, schemas/) are found the same way.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/experimental';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BuiltCli {
  /** The entry point to run with node. */
  entry: string;
  dispose(): void;
}

export function buildCliFromSources(): BuiltCli {
  const out = join(PACKAGE_ROOT, `.test-build-${process.pid}`);
  const src = join(PACKAGE_ROOT, 'src');
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const result = transformSync(file, readFileSync(join(src, file), 'utf8'), { target: 'es2022' });
    if (result.errors.length > 0) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`);
    const to = join(out, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, result.code);
  }
  const entry = join(out, 'tht.js');
  writeFileSync(entry, "import { main } from './cli/main.js';\nprocess.exitCode = await main(process.argv);\n");
  return { entry, dispose: () => rmSync(out, { recursive: true, force: true }) };
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Given, once the child is started, a function that sends it SIGKILL. */
  started?(kill: () => void): void;
}

/** Run the built CLI. */
export function runChild(cli: BuiltCli, args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  const spawnOptions: SpawnOptions = { env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli.entry, ...args], spawnOptions);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    options.started?.(() => child.kill('SIGKILL'));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      done({ code, signal, stdout, stderr });
    });
  });
}
