#!/usr/bin/env node
/**
 * How fast the YAML layer reads THT: every plain .yaml file of a tree (not
 * the .j2 ones) parsed with `new YamlFile(name, text).value`, four rounds in
 * one process. The first round is the cold figure (what one tht command
 * pays), the later ones show it warm. Build first: this times dist/.
 *
 *   node tools/yaml-bench.mjs [TREE] [DIST]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tree = process.argv[2] ?? '/work/shared/corpus/tht-master';
const dist = resolve(process.argv[3] ?? join(root, 'dist'));
const { YamlFile } = await import(pathToFileURL(join(dist, 'yaml/file.js')).href);

const files = [];
(function walk(d) {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(e) && !/j2/.test(e)) files.push(p);
  }
})(tree);
const texts = files.map((f) => readFileSync(f, 'utf8'));
const megabytes = texts.reduce((a, t) => a + t.length, 0) / 1e6;
const rounds = Number(process.env.ROUNDS ?? 4);
for (let round = 0; round < rounds; round++) {
  const cpu = process.cpuUsage();
  let bad = 0;
  for (let i = 0; i < texts.length; i++) {
    try {
      new YamlFile(files[i], texts[i]).value;
    } catch {
      bad++;
    }
  }
  const used = process.cpuUsage(cpu);
  console.log(`${files.length} files ${megabytes.toFixed(2)} MB: ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, ${bad} refused`);
}
