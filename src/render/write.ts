/**
 * Writing a render to disk: into the tree itself, or into an output folder
 * that becomes a complete copy of the tree. Files whose content is already
 * right are left alone (and counted), nothing is written outside the target
 * folder, and a new output folder appears only once it is complete.
 */
import { copyFile, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ThtError } from '../load/errors.js';
import { writeWholeFile } from '../load/files.js';
import type { RenderResult, TreePlan } from './types.js';

export interface WriteOptions {
  /** Folder to write into; without it rendered files go next to their templates. */
  outputDir?: string;
  /** Refuse to overwrite a rendered file that already exists. */
  safe?: boolean;
}

export interface WriteStats {
  /** Rendered files whose content changed or that did not exist. */
  written: string[];
  /** Rendered files already up to date. */
  unchanged: string[];
  /** Static files copied into the output folder (changed or new). */
  copied: number;
  /** Static files already up to date in the output folder. */
  copiesUnchanged: number;
}

/** How many files are read or written at once: enough to keep the disk busy, few enough for file handles. */
const CONCURRENCY = 64;

/** Run `work` on every item, at most CONCURRENCY at a time. */
async function forEachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/** Resolves `rel` under `base`, refusing anything that would land outside it. */
function insideFolder(base: string, rel: string): string {
  const full = resolve(base, rel);
  const back = relative(resolve(base), full);
  if (back === '' || back.startsWith(`..${sep}`) || back === '..' || resolve(back) === back) {
    throw new ThtError(`refusing to write ${rel}: it is outside ${base}`, {
      at: { file: rel },
      hint: 'Role and network names must not contain path separators or "..".',
    });
  }
  return full;
}

export async function writeRender(result: RenderResult, options: WriteOptions): Promise<WriteStats> {
  const target = options.outputDir ?? result.templatesDir;
  const targets = result.files.map((f) => ({ file: f, path: insideFolder(target, f.path) }));
  if (options.safe) {
    const clashes = (await Promise.all(targets.map(async (t) => ((await exists(t.path)) ? t.file.path : null)))).filter(
      (p): p is string => p !== null,
    );
    if (clashes.length > 0) {
      throw new ThtError(`--safe: ${clashes.length} output file(s) already exist, e.g. ${clashes.slice(0, 3).join(', ')}`, {
        at: { file: target },
        hint: 'Remove them (tht render --clean) or run without --safe to overwrite them.',
      });
    }
  }
  const newFolder = options.outputDir !== undefined && !(await exists(options.outputDir));
  // A new output folder is built beside its final place and renamed when complete.
  const base = newFolder ? `${resolve(options.outputDir!)}.tht-partial-${process.pid}` : target;
  const stats: WriteStats = { written: [], unchanged: [], copied: 0, copiesUnchanged: 0 };
  // In a new folder nothing can be up to date, and nobody else sees it before the rename.
  const put = async (to: string, want: () => Promise<Buffer> | Buffer, copyFrom?: string): Promise<boolean> => {
    if (newFolder) {
      if (copyFrom) await copyFile(copyFrom, to);
      else await writeFile(to, await want());
      return true;
    }
    const [have, content] = await Promise.all([readIfExists(to), want()]);
    if (have?.equals(content)) return false;
    await writeWholeFile(to, content);
    return true;
  };
  try {
    if (options.outputDir !== undefined) {
      // Parents first (sorted), so each mkdir finds its parent in place.
      await mkdir(base, { recursive: true });
      for (const folder of result.folders) await mkdir(insideFolder(base, folder), { recursive: true });
    }
    const copies = options.outputDir === undefined ? [] : result.staticFiles;
    await Promise.all([
      forEachLimited(copies, async (rel) => {
        const from = join(result.templatesDir, rel);
        if (await put(insideFolder(base, rel), () => readFile(from), from)) stats.copied++;
        else stats.copiesUnchanged++;
      }),
      forEachLimited(result.files, async (file) => {
        const changed = await put(insideFolder(base, file.path), () => Buffer.from(file.content));
        (changed ? stats.written : stats.unchanged).push(file.path);
      }),
    ]);
    if (newFolder) await rename(base, resolve(options.outputDir!));
  } catch (e) {
    if (newFolder) await rm(base, { recursive: true, force: true });
    if (e instanceof ThtError) throw e;
    throw new ThtError(`cannot write the output: ${(e as Error).message}`, {
      at: { file: target },
      hint: 'Check that the output folder is writable and the disk has space.',
    });
  }
  stats.written.sort();
  stats.unchanged.sort();
  return stats;
}

/** Delete the files a render generates (what --clean does); returns those removed. */
export async function cleanRender(plan: TreePlan, outputDir?: string): Promise<string[]> {
  const target = outputDir ?? plan.templatesDir;
  const removed: string[] = [];
  await forEachLimited(plan.jobs, async (job) => {
    try {
      await unlink(insideFolder(target, job.output));
      removed.push(job.output);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  });
  return removed.sort();
}
