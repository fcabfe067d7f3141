/**
 * Rewrites test/fixtures/jinja/pending.txt: the conformance cases that tht's
 * engine does not pass today (run on purpose, after an engine change or a
 * regeneration of the cases), and prints the figures per section.
 * Usage: tools/jinja-pending.sh [--check]   (--check: write nothing, exit 1 if the list would change)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runnerImport } from 'vite';
import { HELPER, ROOT, ThtRunner } from './tht-runner.mjs';

const check = process.argv.includes('--check');
const { module: helper } = await runnerImport(HELPER, { root: ROOT, configFile: false, logLevel: 'error' });
const runner = new ThtRunner();
const failing = [];
let passed = 0;
let total = 0;
for (const { section, cases } of helper.loadSections()) {
  let ok = 0;
  for (const c of cases) {
    const { agree, actual } = await runner.run(c);
    if (agree) ok++;
    else failing.push(c.id);
    if (actual.hang || actual.crash?.startsWith('worker died')) console.log(`  ${c.id}: ${JSON.stringify(actual)}`);
  }
  passed += ok;
  total += cases.length;
  console.log(`${section.padEnd(28)} ${String(ok).padStart(5)} / ${String(cases.length).padStart(5)} pass`);
}
await runner.close();
console.log(`${'total'.padEnd(28)} ${String(passed).padStart(5)} / ${String(total).padStart(5)} pass`);

const header = readFileSync(helper.PENDING_FILE, 'utf8').split('\n').filter((l) => l.startsWith('#'));
const text = [...header, ...failing].join('\n') + '\n';
if (check) {
  const same = readFileSync(helper.PENDING_FILE, 'utf8') === text;
  console.log(same ? 'pending.txt is up to date' : 'pending.txt would change');
  process.exit(same ? 0 : 1);
}
writeFileSync(helper.PENDING_FILE, text);
console.log(`wrote ${failing.length} pending ids to test/fixtures/jinja/pending.txt`);
