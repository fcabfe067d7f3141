#!/usr/bin/env node
/**
 * npm run bench: wall time and peak memory of tht's commands on THT master
 * with all 55 roles (and, to see how tht scales, 500), each run in a fresh
 * process as a user would run it. Build first (npm ci or npm run build);
 * this times dist/, not the sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tree = join(root, 'test/fixtures/tht-master');
const allRoles = join(root, 'test/fixtures/roles_data_all.yaml');
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** Writes the process's peak RSS and CPU time to fd 3 as it exits (preloaded with --import). */
const reporter = `data:text/javascript,${encodeURIComponent(`
  import { writeSync } from 'node:fs';
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeSync(3, JSON.stringify([usage.maxRSS, (usage.userCPUTime + usage.systemCPUTime) / 1e6]));
  });`)}`;

/** Runs bin/tht.js, as a user runs it, in a child that reports its own peak RSS and CPU time on fd 3. */
function runOnce(args, { allowExit = 0 } = {}) {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', reporter, join(root, 'bin/tht.js'), ...args], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0 && child.status !== allowExit) throw new Error(`tht ${args.join(' ')} exited with ${child.status}`);
  const [maxRSS, cpu] = JSON.parse(child.output[3].toString());
  return { seconds, cpu, peakMiB: maxRSS / 1024 };
}

/**
 * A roles file of `count` roles: THT master's role files in turn, repeated
 * under new names the way `tht roles generate Compute:ComputeR1` derives them.
 */
async function manyRoles(count) {
  const { loadRoleLibrary } = await import(join(root, 'dist/roles/library.js'));
  const { generateRolesData } = await import(join(root, 'dist/roles/generate.js'));
  const library = loadRoleLibrary(join(tree, 'roles'));
  const requests = [];
  for (let round = 0; requests.length < count; round++) {
    for (const name of library.names.slice(0, count - requests.length)) requests.push(round === 0 ? name : `${name}:${name}R${round}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'tht-bench-roles-')), `roles_${count}.yaml`);
  writeFileSync(file, generateRolesData(library, requests).text);
  return file;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(name, makeArgs, options) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const scratch = mkdtempSync(join(tmpdir(), 'tht-bench-'));
    try {
      results.push(runOnce(makeArgs(scratch), options));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const secs = results.map((r) => r.seconds);
  const peak = Math.max(...results.map((r) => r.peakMiB));
  // CPU time varies less than wall time on a shared machine.
  const cpu = median(results.map((r) => r.cpu));
  console.log(
    `${name.padEnd(44)} median ${median(secs).toFixed(3)} s  (min ${Math.min(...secs).toFixed(3)}, max ${Math.max(...secs).toFixed(3)})  cpu ${cpu.toFixed(3)} s  peak ${peak.toFixed(0)} MiB`,
  );
}

console.log(`THT master, ${runs} runs each, fresh process per run (node ${process.version})`);
bench('render all 55 roles into a fresh folder', (d) => ['render', '-p', tree, '-r', allRoles, '-o', join(d, 'out'), '-q']);
bench('render all roles, in memory only (--dry-run)', () => ['render', '-p', tree, '-r', allRoles, '--dry-run', '-q']);
bench('schema (flat), default roles, render included', (d) => ['schema', '-p', tree, '-o', join(d, 'schema.json')]);
bench('schema (flat) for all roles, render included', (d) => ['schema', '-p', tree, '-r', allRoles, '-o', join(d, 'schema.json')]);
bench('schema (json-schema) for all roles', (d) => ['schema', '-p', tree, '-r', allRoles, '-f', 'json-schema', '-o', join(d, 's.json')]);
bench('lint THT master, render included', () => ['lint', '-p', tree, '--format', 'json'], { allowExit: 1 });
bench('preview Compute (default roles), render included', () => ['preview', 'Compute', '-p', tree]);
// The rendered output itself grows with the square of the role count (overcloud.j2.yaml and
// common/post.j2.yaml loop over all roles inside their per-role loops), and peak memory follows it:
// with 500 roles overcloud.yaml is past the 64 MiB a rendered file may hold by default.
const roles500 = await manyRoles(500);
const raised = ['--render-limit', `maxOutput=${1024 ** 3}`];
bench('render 500 roles into a fresh folder', (d) => ['render', '-p', tree, '-r', roles500, '-o', join(d, 'out'), '-q', ...raised]);
rmSync(dirname(roles500), { recursive: true, force: true });
