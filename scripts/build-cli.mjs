#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: bundle the CLI (dist/cli/main.js and
 * everything it imports, dependencies included) into the one CommonJS script
 * dist/cli/tht.cjs, then make V8's code cache for it by a training run
 * (scripts/train-code-cache.mjs). bin/tht.js runs the two (src/cli/start.ts
 * says why).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { CLI_BUNDLE, CLI_CODE_CACHE, CLI_MODULE } from '../dist/cli/start.js';

// A cache belongs to one bundle: never leave an old one beside a new bundle.
rmSync(CLI_CODE_CACHE, { force: true });

/**
 * Each module keeps its own import.meta.url, the address of its file in dist/
 * (package-files.js finds the package root from it, schema-validators.js its
 * precompiled validators): the bundle sits beside those files, so a path
 * from the bundle's folder names each.
 */
const moduleUrls = {
  name: 'module-urls',
  transform(code, id) {
    if (!code.includes('import.meta.url')) return null;
    return code.replaceAll('import.meta.url', `__thtModuleUrl(${JSON.stringify(relative(dirname(CLI_BUNDLE), id))})`);
  },
};

await build({
  input: CLI_MODULE,
  platform: 'node',
  logLevel: 'warn',
  plugins: [moduleUrls],
  output: {
    file: CLI_BUNDLE,
    format: 'cjs',
    // Less text to read and hash at every start, and in one byte per character (src/cli/start.ts).
    charset: 'ascii',
    comments: { legal: true, annotation: false, jsdoc: false },
    codeSplitting: false,
    // Two classes named Context must keep their names (pyops.ts tells yaql's by its constructor's name).
    keepNames: true,
    // ES modules are strict code: so is the bundle made of them (a directive, so first).
    banner: "'use strict';\nconst __thtModuleUrl = (path) => require('node:url').pathToFileURL(require('node:path').join(__dirname, path)).href;",
  },
});

const training = spawnSync(process.execPath, [fileURLToPath(new URL('train-code-cache.mjs', import.meta.url))], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (training.status !== 0) {
  process.stderr.write(training.stderr);
  throw new Error(`the code cache's training run failed (exit ${training.status ?? training.signal})`);
}
