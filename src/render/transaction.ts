/**
 * Changing the files of a folder that already exists (an -o folder rendered
 * before, or the template tree itself) so that a run killed at any moment
 * leaves the old state or the new one once the next run has looked at it.
 *
 * POSIX renames one name atomically and nothing more: a folder that exists
 * cannot be swapped for another in one step. So the switch is a transaction:
 *
 * 1. Lock: a `.tht-txn` folder in the root, created by renaming a complete
 *    folder into place (atomic and exclusive), naming its owner (process id
 *    and a token of the one lock object, so two runs in one process differ).
 * 2. Journal, state `staging`: every staged name and folder it will create,
 *    written before any of them exists.
 * 3. Stage: each new file content goes to a hidden name beside its final
 *    place (same folder, so the same file system), flushed to disk.
 * 4. Commit: the journal is rewritten with state `committed` (temp file,
 *    flush, rename). This rename is the moment the new state wins.
 * 5. Apply: each staged file is renamed over its final name, deletions done.
 * 6. Unlock: the `.tht-txn` folder is removed.
 *
 * A later run that finds a lock whose owner is gone takes it over, then rolls
 * the journal back (before the commit: the staged names are deleted, the old
 * files were never touched) or forward (after it: the remaining renames are
 * done). Between steps 4 and 6 the folder holds some new and some old files; a
 * kill there leaves that mix until the next run completes it.
 *
 * Taking over is exclusive too, so that of several runs finding the same dead
 * lock exactly one recovers and writes: the taker renames a folder naming
 * itself to `after-<dead owner>` inside the lock (only one such rename can
 * succeed), then checks that the chain of owners (`owner`, then each
 * `after-<owner>` in turn) ends at itself. A taker killed while recovering is
 * taken over in turn; recovering twice does no harm.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ThtError } from '../load/errors.js';
import { crashPoint } from '../load/crash-points.js';
import { copyDurably, syncFolder, writeDurably, writeWholeFile } from '../load/files.js';
import { claimName, processAlive, release, removeLitter } from '../load/litter.js';
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

/** Who holds a lock: a process, and which lock object in it. */
interface Owner {
  pid: number;
  token: string;
}

/** Tokens of the locks this process is taking or holds: the pid alone cannot tell its own runs apart. */
const liveTokens = new Set<string>();

const ownerText = (o: Owner) => `${o.pid} ${o.token}\n`;
const takeoverName = (o: Owner) => `after-${o.pid}-${o.token}`;

/** Alive: a process that exists and, if it is this one, a lock object still in use (a restarted container reuses pids). */
const ownerAlive = (o: Owner): boolean => o.pid > 0 && (o.pid === process.pid ? liveTokens.has(o.token) : processAlive(o.pid));

/** No process has pid 0: the owner of a lock folder that names none (not made by tht, whose locks appear complete). */
const NOBODY: Owner = { pid: 0, token: 'none' };

async function readOwnerFile(folder: string): Promise<Owner | undefined> {
  // Twice: a folder renamed into place just after the first read failed brings its owner file with it.
  for (let tries = 0; tries < 2; tries++) {
    try {
      const [pid, token = ''] = (await readFile(join(folder, OWNER), 'utf8')).trim().split(/\s+/);
      const n = Number(pid);
      return Number.isInteger(n) && n > 0 ? { pid: n, token: token.replace(/[^0-9a-f]/g, '') } : NOBODY;
    } catch (e) {
      if (codeOf(e) !== 'ENOENT' || !(await lstat(folder).catch(() => undefined))) return undefined;
    }
  }
  return NOBODY;
}

/** The current owner of the lock in `lockDir`: the end of its chain of takeovers; undefined if there is no lock. */
async function currentOwner(lockDir: string): Promise<Owner | undefined> {
  let owner = await readOwnerFile(lockDir);
  // A chain that comes back to an owner was not made by tht: nobody holds it (and no loop can hang us).
  const seen = new Set<string>();
  for (let next = owner; next; ) {
    if (seen.has(takeoverName(next))) return NOBODY;
    seen.add(takeoverName(next));
    owner = next;
    next = await readOwnerFile(join(lockDir, takeoverName(owner)));
  }
  return owner;
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
  const owner = await currentOwner(lockDir);
  if (owner === undefined || ownerAlive(owner)) return undefined;
  const journal = await readJournal(lockDir);
  return journal && (journal.state === 'committed' ? 'completed' : 'rolled back');
}

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
    private readonly me: Owner,
    /** What became of an interrupted earlier run found here, if any. */
    readonly recovered: Recovery | undefined,
  ) {}

  /** Take the lock on `root`, finishing or undoing what a killed run left. */
  static async acquire(root: string): Promise<FolderLock> {
    const lockDir = join(root, LOCK);
    const busy = (owner: Owner | undefined) =>
      new ThtError(`another tht run${owner?.pid ? ` (process ${owner.pid})` : ''} is writing ${root}`, {
        at: { file: root },
        hint: `Wait for it to finish. If no tht is running, remove ${lockDir} and run again.`,
      });
    const me = { pid: process.pid, token: randomBytes(6).toString('hex') };
    liveTokens.add(me.token);
    try {
      // Each turn ends in a lock, in a live owner's, or (rarely) in finding the lock changed under us.
      for (let attempt = 0; attempt < 8; attempt++) {
        if (await FolderLock.renameComplete(root, lockDir, me)) {
          await removeLitter(root, ['new']);
          return new FolderLock(root, me, undefined);
        }
        const owner = await currentOwner(lockDir);
        if (owner === undefined) continue;
        if (ownerAlive(owner)) throw busy(owner);
        if (!(await FolderLock.takeOver(lockDir, owner, me))) continue;
        crashPoint('taken-over');
        const recovered = await recover(root, lockDir);
        await rm(join(lockDir, JOURNAL), { force: true });
        // Only now: a journal may name staged files of the dead run at the top of the folder.
        await removeLitter(root, ['new']);
        return new FolderLock(root, me, recovered);
      }
      throw busy(await currentOwner(lockDir));
    } catch (e) {
      liveTokens.delete(me.token);
      throw writeFailure(root, e);
    }
  }

  /** Become the owner after the dead `owner`; false if another run did first, or the lock is gone. */
  private static async takeOver(lockDir: string, owner: Owner, me: Owner): Promise<boolean> {
    try {
      if (!(await FolderLock.renameComplete(lockDir, join(lockDir, takeoverName(owner)), me))) return false;
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return false;
      throw e;
    }
    // The rename may have landed in a lock made since by another run, which our chain check then does not reach.
    const now = await currentOwner(lockDir);
    return now?.pid === me.pid && now.token === me.token;
  }

  /**
   * A folder naming `me`, made under a hidden name in `parent` and renamed to
   * `to`: atomic, and it fails when `to` exists (a folder with a file in it
   * cannot be renamed over another non-empty one). False when `to` exists.
   */
  private static async renameComplete(parent: string, to: string, me: Owner): Promise<boolean> {
    const name = claimName('new');
    const candidate = join(parent, name);
    try {
      await mkdir(candidate);
      await writeFile(join(candidate, OWNER), ownerText(me));
      await rename(candidate, to);
      return true;
    } catch (e) {
      await rm(candidate, { recursive: true, force: true });
      if (['EEXIST', 'ENOTEMPTY'].includes(codeOf(e) ?? '')) return false;
      throw e;
    } finally {
      release(name);
    }
  }

  /** Rename the lock folder away first, so that no other run can ever see it half-removed. */
  private static async removeLockDir(root: string): Promise<void> {
    const name = claimName('new');
    try {
      await ignoring(['ENOENT'], async () => {
        await rename(join(root, LOCK), join(root, name));
        // Retries: a run that lost a takeover race may still be adding its folder inside.
        await rm(join(root, name), { recursive: true, force: true, maxRetries: 3 });
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
    try {
      if (!this.unfinished) await FolderLock.removeLockDir(this.root);
    } finally {
      liveTokens.delete(this.me.token);
    }
  }
}
