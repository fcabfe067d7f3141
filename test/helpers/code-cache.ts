/** Whether a package's CLI starts with V8 taking its code cache: asked in a fresh Node process, as bin/tht.js would start it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function cliTakesItsCodeCache(packageRoot: string): { cached: boolean; stderr: string } {
  const start = pathToFileURL(join(packageRoot, 'dist/cli/start.js')).href;
  const probe = `const s = await import(${JSON.stringify(start)}); s.setShortRunFlags(); process.stdout.write(String(s.loadCli().cached));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
  return { cached: run.stdout === 'true', stderr: run.stderr };
}
