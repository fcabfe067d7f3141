/**
 * Writing a render to disk: into the tree itself, or into an output folder
 * that becomes a complete copy of the tree. Files whose content is already
 * right are left alone (and counted), nothing is written outside the target
 * folder, and a new output folder appears only once it is complete.
 */
import { copyFile, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ThtError } from '../load/errors.js';
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

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    await Promise.all(items.slice(i, i + CONCURRENCY).map(work));
  }
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
export function insideFolder(base: string, rel: string): string {
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

/** Replace a file in one step, so a reader never sees half of it. */
async function writeAtomically(path: string, content: string | Buffer): Promise<void> {
  const tmp = `${path}.tht-tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
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
  try {
    if (options.outputDir !== undefined) {
      // Parents first (sorted), so each mkdir finds its parent in place.
      for (const folder of result.folders) await mkdir(insideFolder(base, folder), { recursive: true });
      await inBatches(result.staticFiles, async (rel) => {
        const from = join(result.templatesDir, rel);
        const to = insideFolder(base, rel);
        const [want, have] = await Promise.all([readFile(from), newFolder ? undefined : readIfExists(to)]);
        if (have && have.equals(want)) {
          stats.copiesUnchanged++;
          return;
        }
        await mkdir(dirname(to), { recursive: true });
        if (newFolder) await copyFile(from, to);
        else await writeAtomically(to, want);
        stats.copied++;
      });
    }
    await inBatches(result.files, async (file) => {
      const to = insideFolder(base, file.path);
      const have = newFolder ? undefined : await readIfExists(to);
      if (have && have.toString('utf8') === file.content) {
        stats.unchanged.push(file.path);
        return;
      }
      await mkdir(dirname(to), { recursive: true });
      await writeAtomically(to, file.content);
      stats.written.push(file.path);
    });
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
  await inBatches(plan.jobs, async (job) => {
    try {
      await unlink(insideFolder(target, job.output));
      removed.push(job.output);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  });
  return removed.sort();
}
