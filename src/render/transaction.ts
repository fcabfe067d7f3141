/**
 * Changing the files of a folder that already exists (an -o folder rendered
 * before, or the template tree itself) so that a run killed at any moment
 * leaves the old state or the new one once the next run has looked at it.
 *
 * POSIX renames one name atomically and nothing more: a folder that exists
 * cannot be swapped for another in one step. So the switch is a transaction:
 *
 * 1. Lock: a `.tht-txn` folder in the root, created by renaming a complete
 *    folder into place (atomic and exclusive), holding the owner's pid.
 * 2. Journal, state `staging`: every staged name and folder it will create,
 *    written before any of them exists.
 * 3. Stage: each new file content goes to a hidden name beside its final
 *    place (same folder, so the same file system), flushed to disk.
 * 4. Commit: the journal is rewritten with state `committed` (temp file,
 *    flush, rename). This rename is the moment the new state wins.
 * 5. Apply: each staged file is renamed over its final name, deletions done.
 * 6. Unlock: the `.tht-txn` folder is removed.
 *
 * A later run that finds a lock whose owner is gone rolls the journal back
 * (before the commit: the staged names are deleted, the old files were never
 * touched) or forward (after it: the remaining renames are done). Between
 * steps 4 and 6 the folder holds some new and some old files; a kill there
 * leaves that mix until the next run completes it.
 */
import { lstat, mkdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ThtError } from '../load/errors.js';
import { crashPoint } from '../load/crash-points.js';
import { copyDurably, syncFolder, writeDurably, writeWholeFile } from '../load/files.js';
import { claimName, processAlive, release } from '../load/litter.js';
import { isPlainRelativePath } from './output-paths.js';
import { forEachLimited } from './pool.js';

const LOCK = '.tht-txn';
const OWNER = 'owner';
const JOURNAL = 'journal.json';

export interface FileWrite {
  /** Relative to the root, `/`-separated. */
  path: string;
  content: string | Buffer;
  /** Permission bits to give the file (those of the file it replaces). */
  mode?: number;
}

export interface FileCopy {
  path: string;
  /** File to copy the content from (anywhere). */
  from: string;
}

/** Everything one run changes in the folder, all relative to its root. */
export interface FolderChange {
  /** Folders to create, parents first. */
  folders: string[];
  writes: FileWrite[];
  copies: FileCopy[];
  /** Files to delete. */
  removes: string[];
  /** Folders to delete if they are empty once the files are gone, children first. */
  removeFolders: string[];
}

export const isEmptyChange = (c: FolderChange): boolean =>
  c.folders.length + c.writes.length + c.copies.length + c.removes.length + c.removeFolders.length === 0;

interface Journal {
  state: 'staging' | 'committed';
  folders: string[];
  moves: { staged: string; path: string }[];
  removes: string[];
  removeFolders: string[];
}

/** What a run did about an interrupted earlier one. */
export type Recovery = 'completed' | 'rolled back';

const codeOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

async function ignoring(codes: readonly string[], step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (e) {
    if (!codes.includes(codeOf(e) ?? '')) throw e;
  }
}

function parseJournal(text: string): Journal | undefined {
  let j: Partial<Journal>;
  try {
    j = JSON.parse(text) as Partial<Journal>;
  } catch {
    return undefined;
  }
  const paths = (v: unknown): v is string[] => Array.isArray(v) && v.every(isPlainRelativePath);
  const moves = Array.isArray(j.moves) && j.moves.every((m) => isPlainRelativePath(m?.staged) && isPlainRelativePath(m?.path));
  if ((j.state !== 'staging' && j.state !== 'committed') || !moves || !paths(j.folders) || !paths(j.removes) || !paths(j.removeFolders)) {
    return undefined;
  }
  return j as Journal;
}

async function readJournal(lockDir: string): Promise<Journal | undefined> {
  try {
    return parseJournal(await readFile(join(lockDir, JOURNAL), 'utf8'));
  } catch {
    // No journal: the owner died before staging anything.
    return undefined;
  }
}

async function readOwner(lockDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(lockDir, OWNER), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function syncFoldersOf(root: string, paths: readonly string[]): Promise<void> {
  const folders = [...new Set(paths.map((p) => join(root, posix.dirname(p))))];
  await forEachLimited(folders, syncFolder);
}

/** Undo a journal that was never committed: its staged files and new folders go, nothing else was touched. */
async function rollBack(root: string, journal: Journal): Promise<void> {
  await forEachLimited(journal.moves, (m) => rm(join(root, m.staged), { force: true }));
  for (const f of [...journal.folders].reverse()) await ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'], () => rmdir(join(root, f)));
}

/**
 * Do what a committed journal says. `resuming`: an earlier run may have done
 * part of it already, so a staged file that is gone was moved before.
 */
async function rollForward(root: string, journal: Journal, resuming: boolean): Promise<void> {
  for (const m of journal.moves) {
    if (resuming) await ignoring(['ENOENT'], () => rename(join(root, m.staged), join(root, m.path)));
    else await rename(join(root, m.staged), join(root, m.path));
    crashPoint('moved');
  }
  for (const f of journal.removes) await ignoring(['ENOENT'], () => unlink(join(root, f)));
  for (const f of journal.removeFolders) await ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'], () => rmdir(join(root, f)));
  await syncFoldersOf(root, [...journal.moves.map((m) => m.path), ...journal.removes, ...journal.removeFolders]);
}

/** Finish or undo the transaction a dead run left in `lockDir`. */
async function recover(root: string, lockDir: string): Promise<Recovery | undefined> {
  const journal = await readJournal(lockDir);
  if (!journal) return undefined;
  if (journal.state === 'committed') {
    await rollForward(root, journal, true);
    return 'completed';
  }
  await rollBack(root, journal);
  return 'rolled back';
}

/** Whether a lock (live, or left by a killed run) is in `root`. */
export async function lockExists(root: string): Promise<boolean> {
  try {
    await lstat(join(root, LOCK));
    return true;
  } catch {
    return false;
  }
}

/** What the next write into `root` would do about an interrupted run; changes nothing (for --dry-run). */
export async function pendingRecovery(root: string): Promise<Recovery | undefined> {
  const lockDir = join(root, LOCK);
  const owner = await readOwner(lockDir);
  if (owner !== undefined && processAlive(owner)) return undefined;
  const journal = await readJournal(lockDir);
  return journal && (journal.state === 'committed' ? 'completed' : 'rolled back');
}

/** Roots this process holds a lock on (the pid in the owner file cannot tell two of its own runs apart). */
const heldHere = new Set<string>();

const writeFailure = (root: string, e: unknown): ThtError =>
  e instanceof ThtError
    ? e
    : new ThtError(`cannot write the output: ${(e as Error).message}`, {
        at: { file: root },
        hint: 'Check that the output folder is writable and the disk has space.',
      });

export class FolderLock {
  /** Set once a journal is committed and until it is fully applied. */
  private unfinished = false;

  private constructor(
    readonly root: string,
    /** What became of an interrupted earlier run found here, if any. */
    readonly recovered: Recovery | undefined,
  ) {}

  /** Take the lock on `root`, finishing or undoing what a killed run left. */
  static async acquire(root: string): Promise<FolderLock> {
    const lockDir = join(root, LOCK);
    const busy = (owner: number | undefined) =>
      new ThtError(`another tht run${owner === undefined ? '' : ` (process ${owner})`} is writing ${root}`, {
        at: { file: root },
        hint: `Wait for it to finish. If no tht is running, remove ${lockDir} and run again.`,
      });
    if (heldHere.has(root)) throw busy(process.pid);
    let recovered: Recovery | undefined;
    for (let attempt = 0; ; attempt++) {
      const name = claimName('new');
      const candidate = join(root, name);
      try {
        await mkdir(candidate);
        await writeFile(join(candidate, OWNER), String(process.pid));
        // A folder with a file in it cannot be renamed over another non-empty one: this is the lock.
        await rename(candidate, lockDir);
        heldHere.add(root);
        return new FolderLock(root, recovered);
      } catch (e) {
        await rm(candidate, { recursive: true, force: true });
        if (!['EEXIST', 'ENOTEMPTY'].includes(codeOf(e) ?? '')) throw writeFailure(root, e);
        const owner = await readOwner(lockDir);
        if (attempt > 0 || (owner !== undefined && owner !== process.pid && processAlive(owner))) throw busy(owner);
        recovered = await recover(root, lockDir);
        await FolderLock.removeLockDir(root);
      } finally {
        release(name);
      }
    }
  }

  /** Rename the lock folder away first, so that no other run can ever see it half-removed. */
  private static async removeLockDir(root: string): Promise<void> {
    const name = claimName('new');
    try {
      await ignoring(['ENOENT'], async () => {
        await rename(join(root, LOCK), join(root, name));
        await rm(join(root, name), { recursive: true, force: true });
      });
      await syncFolder(root);
    } finally {
      release(name);
    }
  }

  private async writeJournal(journal: Journal): Promise<void> {
    await writeWholeFile(join(this.root, LOCK, JOURNAL), JSON.stringify(journal));
  }

  /** Make `change` in one transaction (see the top of this file). */
  async apply(change: FolderChange): Promise<void> {
    if (isEmptyChange(change)) return;
    const root = this.root;
    const names: string[] = [];
    const staged = (path: string) => {
      const name = claimName('new');
      names.push(name);
      return { staged: posix.join(posix.dirname(path), name), path };
    };
    const journal: Journal = {
      state: 'staging',
      folders: change.folders,
      moves: [...change.writes.map((w) => staged(w.path)), ...change.copies.map((c) => staged(c.path))],
      removes: change.removes,
      removeFolders: change.removeFolders,
    };
    try {
      await this.writeJournal(journal);
      try {
        for (const f of change.folders) await ignoring(['EEXIST'], () => mkdir(join(root, f)));
        const writes = change.writes.length;
        await forEachLimited(journal.moves, async (m, i) => {
          const to = join(root, m.staged);
          if (i < writes) await writeDurably(to, change.writes[i]!.content, change.writes[i]!.mode);
          else await copyDurably(change.copies[i - writes]!.from, to);
          crashPoint('staged');
        });
        await syncFoldersOf(root, [...journal.moves.map((m) => m.staged), ...change.folders]);
      } catch (e) {
        await rollBack(root, journal);
        throw e;
      }
      journal.state = 'committed';
      await this.writeJournal(journal);
      this.unfinished = true;
      crashPoint('committed');
      await rollForward(root, journal, false);
      this.unfinished = false;
    } catch (e) {
      throw writeFailure(root, e);
    } finally {
      names.forEach(release);
    }
  }

  /**
   * Give the lock up. A journal committed but not fully applied (a rename
   * failed) stays, so the next run completes it.
   */
  async release(): Promise<void> {
    heldHere.delete(this.root);
    if (!this.unfinished) await FolderLock.removeLockDir(this.root);
  }
}
