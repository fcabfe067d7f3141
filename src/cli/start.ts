/**
 * How bin/tht.js starts the CLI: V8's flags for a short process, then the CLI
 * as one script (dist/cli/tht.cjs, bundled from dist/ at build time) compiled
 * with V8's code cache (dist/cli/tht.cjs.codecache, written at build time by
 * a training run of the commands).
 *
 * Why: a run lives about a second and loads some 200 modules, most of whose
 * code runs once, cold. Node 20 keeps no compiled code between runs of ES
 * modules (its compile cache arrived in Node 22), but it does for a script
 * compiled with node:vm and cached data: with it, V8 neither parses nor
 * compiles the functions the training run compiled. A cache V8 rejects (a
 * different Node or V8 flags) is ignored and the script compiled as usual,
 * only slower. Nothing here writes: the cache is made only by the build.
 *
 * The library (dist/index.js) stays ES modules; this is only the CLI's start.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** The CLI bundled into one CommonJS script (scripts/build-cli.mjs). */
export const CLI_BUNDLE = fileURLToPath(new URL('tht.cjs', import.meta.url));
/** What the bundle is made from. */
export const CLI_MODULE = fileURLToPath(new URL('main.js', import.meta.url));
/** V8's code cache for CLI_BUNDLE, from a training run (scripts/train-code-cache.mjs). */
export const CLI_CODE_CACHE = `${CLI_BUNDLE}.codecache`;

/**
 * V8 flags for a process that lives about a second; set before the CLI is
 * compiled, and the same for the training run (V8 rejects a cache made under
 * other flags).
 */
export function setShortRunFlags(): void {
  // Most of tht's code runs once, cold. V8's optimising compiler inlining
  // callees into what it optimises makes each of those compiles costlier than
  // it pays back in so short a process: without it tht schema and tht lint take
  // 8-15% less CPU and tht preview about 15% less (interleaved runs on THT
  // master; README, Speed).
  setFlagsFromString('--no-turbo-inlining');
  // For the same reason, a function is optimised only after about three times
  // V8's default amount of interpreted work (--interrupt-budget, default 67584):
  // fewer compiles of code that would not run long enough to repay them. tht
  // preview Compute and tht schema take 6-9% less CPU (callgrind and
  // interleaved runs on THT master; README, Speed).
  setFlagsFromString('--interrupt-budget=200000');
}

export interface LoadedCli {
  main(argv: string[]): Promise<number>;
  /** Whether V8 took the build's code cache. */
  cached: boolean;
  /** The code cache of what V8 has compiled so far (for the build's training run). */
  codeCache(): Buffer;
}

/**
 * The bundled CLI, compiled with the build's code cache unless `codeCache`
 * is false. A cache file is the bundle's SHA-256 and then V8's data: V8
 * itself compares only the source's length, and would run the bytecode of
 * an older bundle of the same length.
 */
export function loadCli({ codeCache = true } = {}): LoadedCli {
  const bytes = readFileSync(CLI_BUNDLE);
  const digest = createHash('sha256').update(bytes).digest();
  const cachedData = codeCache ? cacheFor(digest) : undefined;
  // The build writes the bundle in ASCII: as Latin-1 it decodes faster, into a string of one byte per character.
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // The wrapper Node puts around a CommonJS module, so the bundle runs as `require` would run it.
  const source = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
  const script = new Script(source, { filename: CLI_BUNDLE, cachedData });
  const module = { exports: {} as { main: LoadedCli['main'] } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(CLI_BUNDLE), module, CLI_BUNDLE, dirname(CLI_BUNDLE));
  return {
    main: module.exports.main,
    cached: cachedData !== undefined && !script.cachedDataRejected,
    codeCache: () => Buffer.concat([digest, script.createCachedData()]),
  };
}

/** V8's data from the cache file, if there is one and it was made for the bundle with this digest. */
function cacheFor(digest: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(CLI_CODE_CACHE);
  } catch {
    // No cache (a build stopped before its training run): compile from source.
    return undefined;
  }
  return file.subarray(0, digest.length).equals(digest) ? file.subarray(digest.length) : undefined;
}
