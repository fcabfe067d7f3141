/**
 * The hidden temporary entries tht creates while writing (a temp file before
 * its rename, a staging folder, a staged file, a transaction journal) and how
 * a later run recognises the ones a killed run left behind.
 *
 * Every such name is `.tht-<kind>-<pid>-<random>`: hidden (so no tree walk
 * sees it), short (so it fits wherever the final name fits), and carrying the
 * process id of its writer. An entry is litter when that process no longer
 * exists, or when it is this process but not one of the entries this process
 * is still writing (a container restarts with the same small pids).
 *
 * Earlier versions of tht staged a new output folder as `<out>.tht-partial-<pid>`
 * beside it; such folders are staging litter too.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export type LitterKind = 'tmp' | 'stage' | 'new';

const PATTERN = /^\.tht-(tmp|stage|new)-(\d+)-[0-9a-f]+$/;
const EARLIER_STAGE = /^.+\.tht-partial-(\d+)$/;

/** Names this process is writing right now: never litter, whatever their pid says. */
const inUse = new Set<string>();

/** A fresh name of this kind for this process, marked as in use until `release`. */
export function claimName(kind: LitterKind): string {
  const name = `.tht-${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
  inUse.add(name);
  return name;
}

export function release(name: string): void {
  inUse.delete(name);
}

/** Whether a process with this id exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True for a name of one of `kinds` whose writer is gone. */
export function isLitter(name: string, kinds: readonly LitterKind[]): boolean {
  const earlier = EARLIER_STAGE.exec(name);
  const m = earlier ? ['', 'stage', earlier[1]] : PATTERN.exec(name);
  if (!m || !kinds.includes(m[1] as LitterKind)) return false;
  const pid = Number(m[2]);
  return pid === process.pid ? !inUse.has(name) : !processAlive(pid);
}

/** Remove the litter of these kinds directly inside `dir`; returns the names removed. */
export async function removeLitter(dir: string, kinds: readonly LitterKind[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => isLitter(n, kinds));
  await Promise.all(stale.map((n) => rm(join(dir, n), { recursive: true, force: true })));
  return stale;
}
