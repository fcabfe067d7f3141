/**
 * Writing a render to disk: into the tree itself, or into an output folder
 * that becomes a complete copy of the tree.
 *
 * Everything is checked before the first write: every path fits the file
 * system's limits, no folder on the way is a symbolic link (tht never writes
 * through one) or a file, no file to write is a folder. Then:
 * - a new output folder is built under a hidden name beside its final place
 *   and renamed into place when complete (one atomic rename);
 * - an existing folder (an earlier -o, or the tree for an in-place render) is
 *   changed in one transaction (transaction.ts): only files whose content
 *   changes are touched, a kill at any point is rolled back or forward by the
 *   next run.
 * An output folder keeps a manifest of what tht put there (manifest.ts), so a
 * re-render can name, and with `prune` remove, files it no longer writes.
 */
import type { Stats } from 'node:fs';
import { lstat, mkdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { crashPoint } from '../load/crash-points.js';
import { ThtError } from '../load/errors.js';
import type { Finding } from '../load/finding.js';
import { copyDurably, fileTypeName, syncFolder, writeDurably } from '../load/files.js';
import { claimName, release, removeLitter } from '../load/litter.js';
import { realFolder } from '../load/tree.js';
import { manifestText, OUTPUT_MARKER, readManifest } from './manifest.js';
import { pathLengthProblem } from './output-paths.js';
import { forEachLimited } from './pool.js';
import { FolderLock, isEmptyChange, lockExists, type FolderChange, type Recovery } from './transaction.js';
import type { RenderResult, TreePlan } from './types.js';

export interface WriteOptions {
  /** Folder to write into; without it rendered files go next to their templates. */
  outputDir?: string;
  /** Refuse to overwrite a rendered file that already exists. */
  safe?: boolean;
  /** Remove the files an earlier render into outputDir wrote and this one does not. */
  prune?: boolean;
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
  /** Files an earlier render put in the output folder that this one does not write (removed if pruned). */
  stale: string[];
  pruned: boolean;
  /** What became of an interrupted earlier run found in the folder. */
  recovered?: Recovery;
  /** Notices about the folder (an unusable manifest: REN003, REN004). */
  warnings: Finding[];
}

/** One file the render puts into the target: rendered text, or a copy of a tree file. */
interface Output {
  path: string;
  content?: string;
  from?: string;
}

const failure = (message: string, at: string, hint: string) => new ThtError(message, { at: { file: at }, hint });

/** Every folder on the way to `path` (relative), outermost first. */
function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** A path's stats following links (an output folder given as a link is used as the folder). */
const statOrUndefined = (path: string): Promise<Stats | undefined> => stat(path).catch(() => undefined);

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * What is on disk under a target folder, read once per path. A folder on the
 * way to an output must be a real folder or not exist yet.
 */
class TargetFolder {
  private readonly folders = new Map<string, Promise<'folder' | 'missing' | string>>();

  constructor(readonly root: string) {}

  /** 'folder', 'missing', or what is there instead ("a symbolic link", "a regular file"). */
  folderState(rel: string): Promise<'folder' | 'missing' | string> {
    let state = this.folders.get(rel);
    if (!state) {
      const parent = rel.includes('/') ? this.folderState(rel.slice(0, rel.lastIndexOf('/'))) : Promise.resolve('folder');
      state = parent.then(async (p) => {
        if (p !== 'folder') return p === 'missing' ? 'missing' : p;
        const s = await lstatOrUndefined(join(this.root, rel));
        if (s === undefined) return 'missing';
        return s.isDirectory() ? 'folder' : fileTypeName(s);
      });
      this.folders.set(rel, state);
    }
    return state;
  }

  /**
   * Throws unless every folder on the way to `rel` is a real folder or
   * missing (`dir/` checks `dir` itself too); false if one is missing.
   */
  async checkWay(rel: string): Promise<boolean> {
    for (const folder of ancestors(rel)) {
      const state = await this.folderState(folder);
      if (state === 'missing') return false;
      if (state !== 'folder') {
        throw failure(
          `cannot write into ${this.root}: ${folder} is ${state}, not a folder`,
          join(this.root, folder),
          state === 'a symbolic link'
            ? 'Links there are never written through: replace it with a real folder, or write to another output folder.'
            : 'Move it out of the way, or write to another output folder.',
        );
      }
    }
    return true;
  }

  /** Existing files (or links) among `paths` whose way holds no link; what prune and clean may delete. */
  async existingFiles(paths: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    await forEachLimited(paths, async (rel) => {
      const way = await Promise.all(ancestors(rel).map((f) => this.folderState(f)));
      if (way.some((s) => s !== 'folder')) return;
      const s = await lstatOrUndefined(join(this.root, rel));
      if (s && !s.isDirectory()) found.push(rel);
    });
    return found.sort(byPath);
  }
}

/** The files and folders a render puts into the target. */
function outputsOf(result: RenderResult, toOutputFolder: boolean): { outputs: Output[]; folders: string[] } {
  const rendered: Output[] = result.files.map((f) => ({ path: f.path, content: f.content }));
  if (!toOutputFolder) return { outputs: rendered, folders: [] };
  const copies = result.staticFiles.map((path) => ({ path, from: join(result.templatesDir, path) }));
  return { outputs: [...rendered, ...copies], folders: result.folders };
}

function checkLengths(root: string, paths: readonly string[]): void {
  for (const rel of paths) {
    const problem = pathLengthProblem(join(root, rel));
    if (problem) {
      throw failure(`cannot write ${rel}: its path in ${root} ${problem}`, rel, 'Choose a shorter output folder path, or shorter role and network names.');
    }
  }
}

async function sameContent(output: Output, existing: Stats, path: string): Promise<boolean> {
  if (!existing.isFile()) return false;
  if (output.content !== undefined) {
    if (Buffer.byteLength(output.content) !== existing.size) return false;
    return (await readFile(path)).equals(Buffer.from(output.content));
  }
  const [a, b] = await Promise.all([readFile(output.from!), readFile(path)]);
  return a.equals(b);
}

interface PlannedChange {
  change: FolderChange;
  stats: WriteStats;
}

/** What writing `outputs` into the existing folder `root` changes; reads only. */
async function planChange(root: string, outputs: readonly Output[], folders: readonly string[], options: WriteOptions): Promise<PlannedChange> {
  const target = new TargetFolder(root);
  const isOutputFolder = options.outputDir !== undefined;
  const wanted = new Set([...folders, ...outputs.flatMap((o) => ancestors(o.path))]);
  const missingFolders: string[] = [];
  await forEachLimited([...wanted], async (folder) => {
    await target.checkWay(`${folder}/`);
    if ((await target.folderState(folder)) === 'missing') missingFolders.push(folder);
  });
  // Parents before children, for mkdir.
  missingFolders.sort(byPath);
  const finals = new Map<string, Stats | undefined>();
  await forEachLimited([...outputs.map((o) => o.path), ...(isOutputFolder ? [OUTPUT_MARKER] : [])], async (rel) => {
    const s = (await target.checkWay(rel)) ? await lstatOrUndefined(join(root, rel)) : undefined;
    if (s?.isDirectory()) {
      throw failure(`cannot write ${join(root, rel)}: it is a folder (EISDIR)`, join(root, rel), 'Move the folder out of the way; the render writes a file there.');
    }
    finals.set(rel, s);
  });
  if (options.safe) {
    const clashes = outputs.filter((o) => o.content !== undefined && finals.get(o.path) !== undefined).map((o) => o.path);
    if (clashes.length > 0) {
      throw failure(`--safe: ${clashes.length} output file(s) already exist, e.g. ${clashes.slice(0, 3).join(', ')}`, root, 'Remove them (tht render --clean) or run without --safe to overwrite them.');
    }
  }
  const stats: WriteStats = { written: [], unchanged: [], copied: 0, copiesUnchanged: 0, stale: [], pruned: false, warnings: [] };
  const change: FolderChange = { folders: missingFolders, writes: [], copies: [], removes: [], removeFolders: [] };
  await forEachLimited(outputs, async (o) => {
    const existing = finals.get(o.path);
    const same = existing !== undefined && (await sameContent(o, existing, join(root, o.path)));
    const mode = existing?.isFile() ? existing.mode & 0o7777 : undefined;
    if (o.content !== undefined) {
      (same ? stats.unchanged : stats.written).push(o.path);
      if (!same) change.writes.push({ path: o.path, content: o.content, ...(mode === undefined ? {} : { mode }) });
    } else if (same) stats.copiesUnchanged++;
    else {
      stats.copied++;
      change.copies.push({ path: o.path, from: o.from! });
    }
  });
  if (isOutputFolder) await planManifest(target, outputs, folders, options, finals.get(OUTPUT_MARKER), { change, stats });
  stats.written.sort(byPath);
  stats.unchanged.sort(byPath);
  return { change, stats };
}

/** Stale files from the earlier manifest (pruned if asked) and the new manifest, in the change. */
async function planManifest(
  target: TargetFolder,
  outputs: readonly Output[],
  folders: readonly string[],
  options: WriteOptions,
  existing: Stats | undefined,
  { change, stats }: PlannedChange,
): Promise<void> {
  const { manifest: earlier, warning } = await readManifest(target.root);
  if (warning) stats.warnings.push(warning);
  const current = new Set(outputs.map((o) => o.path));
  const currentFolders = new Set(folders);
  stats.stale = await target.existingFiles((earlier?.files ?? []).filter((p) => !current.has(p) && p !== OUTPUT_MARKER));
  const staleFolders = (earlier?.folders ?? []).filter((f) => !currentFolders.has(f));
  stats.pruned = options.prune === true && stats.stale.length > 0;
  if (options.prune) {
    change.removes.push(...stats.stale);
    change.removeFolders.push(...[...staleFolders].sort(byPath).reverse());
  }
  // Files left in place stay listed, so that a later render still names them and --prune can remove them.
  const kept = options.prune ? [] : stats.stale;
  const text = manifestText({
    files: [...current, ...kept].sort(byPath),
    folders: [...folders, ...(options.prune ? [] : staleFolders)].sort(byPath),
  });
  const same = existing !== undefined && (await sameContent({ path: OUTPUT_MARKER, content: text }, existing, join(target.root, OUTPUT_MARKER)));
  if (!same) change.writes.push({ path: OUTPUT_MARKER, content: text });
}

/** A new output folder: built complete under a hidden name beside its place, then renamed into place. */
async function writeNewFolder(target: string, outputs: readonly Output[], folders: readonly string[]): Promise<WriteStats> {
  const parent = dirname(target);
  const name = claimName('stage');
  const stage = join(parent, name);
  let createdParent: string | undefined;
  try {
    const paths = [...folders, ...outputs.map((o) => o.path), OUTPUT_MARKER];
    checkLengths(target, paths);
    checkLengths(stage, paths);
    createdParent = await mkdir(parent, { recursive: true });
    await removeLitter(parent, ['stage']);
    await mkdir(stage);
    // Sorted, so each folder's parent is made before it.
    for (const folder of folders) await mkdir(join(stage, folder), { recursive: true });
    await forEachLimited(outputs, async (o) => {
      const to = join(stage, o.path);
      if (o.content !== undefined) await writeDurably(to, o.content);
      else await copyDurably(o.from!, to);
      crashPoint('staged');
    });
    const files = outputs.map((o) => o.path).sort(byPath);
    await writeDurably(join(stage, OUTPUT_MARKER), manifestText({ files, folders: [...folders] }));
    await forEachLimited(['', ...folders], (f) => syncFolder(join(stage, f)));
    crashPoint('complete');
    await rename(stage, target);
    await syncFolder(parent);
  } catch (e) {
    await rm(stage, { recursive: true, force: true });
    if (createdParent !== undefined) await removeEmptyFolders(createdParent, parent);
    if (e instanceof ThtError) throw e;
    throw failure(`cannot write the output: ${(e as Error).message}`, target, 'Check that the output folder is writable and the disk has space.');
  } finally {
    release(name);
  }
  const rendered = outputs.filter((o) => o.content !== undefined).map((o) => o.path);
  return {
    written: rendered.sort(byPath),
    unchanged: [],
    copied: outputs.length - rendered.length,
    copiesUnchanged: 0,
    stale: [],
    pruned: false,
    warnings: [],
  };
}

/** Remove `deepest` and its parents up to `top` (the folders a failed run created), while empty. */
async function removeEmptyFolders(top: string, deepest: string): Promise<void> {
  for (let folder = deepest; folder.length >= top.length; folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return;
    }
  }
}

/** Write a render (see the top of this file); nothing is written unless every check passes. */
export async function writeRender(result: RenderResult, options: WriteOptions): Promise<WriteStats> {
  const root = resolve(options.outputDir ?? result.templatesDir);
  const toOutputFolder = options.outputDir !== undefined;
  if (toOutputFolder && realFolder(root) === realFolder(result.templatesDir)) {
    throw failure(`the output folder ${options.outputDir} is the template tree itself`, root, 'Leave out -o to render next to the templates, or give another folder.');
  }
  const { outputs, folders } = outputsOf(result, toOutputFolder);
  // The folder itself may be a link the user gave (as `cd` follows one); links inside it are checked.
  const existing = await statOrUndefined(root);
  if (toOutputFolder && existing === undefined) return writeNewFolder(root, outputs, folders);
  if (!existing?.isDirectory()) {
    throw failure(`cannot write into ${root}: it is ${existing ? fileTypeName(existing) : 'missing'}, not a folder`, root, 'Give a folder (or a path that does not exist yet) with -o.');
  }
  checkLengths(root, [...folders, ...outputs.map((o) => o.path)]);
  // What killed runs into a new folder beside this one left (they may have been meant for this one).
  if (toOutputFolder) await removeLitter(dirname(root), ['stage']);
  // Read-only first: when nothing changes and no earlier run was interrupted, nothing is locked or written.
  const planned = await planChange(root, outputs, folders, options);
  if (isEmptyChange(planned.change) && !(await lockExists(root))) return planned.stats;
  const lock = await FolderLock.acquire(root);
  try {
    // Planned again under the lock: the folder may have changed since (an interrupted run finished, another run wrote).
    const { change, stats } = await planChange(root, outputs, folders, options);
    await lock.apply(change);
    return { ...stats, ...(lock.recovered ? { recovered: lock.recovered } : {}) };
  } finally {
    await lock.release();
  }
}

export interface CleanStats {
  /** Generated files removed (or, for a dry run, that would be). */
  removed: string[];
  recovered?: Recovery;
}

/** Delete the files a render generates (what --clean does); a dry run only lists them. */
export async function cleanRender(plan: TreePlan, options: { outputDir?: string; dryRun?: boolean } = {}): Promise<CleanStats> {
  const root = resolve(options.outputDir ?? plan.templatesDir);
  if (!(await statOrUndefined(root))?.isDirectory()) return { removed: [] };
  const generated = plan.jobs.map((j) => j.output);
  const existing = () => new TargetFolder(root).existingFiles(generated);
  if (options.dryRun) return { removed: await existing() };
  const lock = await FolderLock.acquire(root);
  try {
    const removed = await existing();
    const change: FolderChange = { folders: [], writes: [], copies: [], removes: removed, removeFolders: [] };
    if (options.outputDir !== undefined) {
      const { manifest } = await readManifest(root);
      if (manifest) {
        const gone = new Set(removed);
        change.writes.push({ path: OUTPUT_MARKER, content: manifestText({ ...manifest, files: manifest.files.filter((f) => !gone.has(f)) }) });
      }
    }
    if (removed.length > 0) await lock.apply(change);
    return { removed, ...(lock.recovered ? { recovered: lock.recovered } : {}) };
  } finally {
    await lock.release();
  }
}

/** For --dry-run: files an earlier render into `outputDir` wrote that this render would not; reads only. */
export async function staleOutputs(result: RenderResult, outputDir: string): Promise<{ stale: string[]; warnings: Finding[] }> {
  const root = resolve(outputDir);
  if (!(await statOrUndefined(root))?.isDirectory()) return { stale: [], warnings: [] };
  const { manifest, warning } = await readManifest(root);
  const current = new Set([...result.files.map((f) => f.path), ...result.staticFiles]);
  const stale = await new TargetFolder(root).existingFiles((manifest?.files ?? []).filter((p) => !current.has(p)));
  return { stale, warnings: warning ? [warning] : [] };
}
