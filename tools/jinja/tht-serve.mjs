/**
 * tht's side of tools/jinja-fuzz.sh: reads cases as JSON lines on stdin
 * (template, files, context and jinja2's output or error, as in the
 * conformance fixtures) and writes one JSON line per case, in order:
 * `{ agree, expected, actual, message }` from test/helpers/jinja.ts, with
 * actual `{ hang: ms }` or `{ crash }` when tht hung or died on it.
 * Usage: node tools/jinja/tht-serve.mjs [--timeout MS]
 */
import { createInterface } from 'node:readline';
import { ThtRunner } from './tht-runner.mjs';

const at = process.argv.indexOf('--timeout');
const runner = new ThtRunner({ timeoutMs: at > 0 ? Number(process.argv[at + 1]) : 3000 });
await runner.start();
process.stdout.write('{"ready": true}\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const result = await runner.run(JSON.parse(line));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
await runner.close();
