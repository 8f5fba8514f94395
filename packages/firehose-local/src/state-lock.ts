// One firehose-local per stream state directory. Two processes appending to, recovering and deleting the
// same write-ahead log would deliver each other's open segments; the second one is refused instead.
//
// The lock is `<dir>/lock` holding the owner's pid, and it never exists without that pid: the pid is written
// to a private file first, which is then hard-linked to `lock` (link fails if `lock` exists, atomically).
// A lock whose owner is gone (crash, kill -9) is replaced with rename, which is atomic too, but only by the
// one contender that first creates `lock.takeover.<inode of the stale lock>`; others retry and find the new
// owner alive. Nothing ever deletes a lock it did not check, so the lock cannot be held twice.
import { randomUUID } from 'node:crypto';
import { link, open, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class StateLockedError extends Error {}

export interface StateLock {
  release(): Promise<void>;
}

/** Lock paths held or being taken by this process (a lock file with our own pid may be a leftover: pid 1 in containers). */
const heldHere = new Set<string>();

/** Takes `<dir>/lock` (pid inside); a lock left by a process that no longer runs is taken over. */
export async function lockStateDir(dir: string): Promise<StateLock> {
  const path = join(dir, 'lock');
  // Marked before the first await, so two calls in this process cannot both get past here.
  if (heldHere.has(path)) throw new StateLockedError(`${dir} is already in use by a firehose-local in this process`);
  heldHere.add(path);
  const claim = join(dir, `lock.${process.pid}.${randomUUID()}.tmp`);
  try {
    await writeFile(claim, String(process.pid), { flag: 'wx' });
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await linked(claim, path)) return heldLock(path);
      const current = await readLock(path);
      if (current === undefined) continue; // released meanwhile
      if (current.pid !== process.pid && isRunning(current.pid)) {
        throw new StateLockedError(`${dir} is in use by another firehose-local (pid ${current.pid}); stop it or use another LAKE_DIR`);
      }
      if (await takeOver(dir, path, claim, current.ino)) return heldLock(path);
    }
    throw new StateLockedError(`could not lock ${dir}: another process is taking over its stale lock; if none runs, remove ${dir}/lock.takeover.*`);
  } catch (err) {
    heldHere.delete(path);
    throw err;
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

function heldLock(path: string): StateLock {
  return {
    release: async () => {
      await unlink(path).catch(() => undefined);
      heldHere.delete(path);
    },
  };
}

/**
 * Replaces the stale lock `staleIno` with our claim, if we are the one contender allowed to: the lock path
 * only ever changes by link (when absent), by its owner's unlink, or by a takeover rename done by whoever
 * created the takeover marker of the inode it replaces; so after re-checking under the marker that `lock`
 * is still that inode and its owner is still gone, nothing else can change it before our rename.
 */
async function takeOver(dir: string, path: string, claim: string, staleIno: number): Promise<boolean> {
  const marker = join(dir, `lock.takeover.${staleIno}`);
  if (!(await linked(claim, marker))) return false; // another contender is replacing it
  try {
    const again = await readLock(path);
    if (again === undefined || again.ino !== staleIno) return false; // replaced or released meanwhile
    if (again.pid !== process.pid && isRunning(again.pid)) return false; // the inode number was reused
    await rename(claim, path);
    return true;
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

/** Creates `to` as a hard link of `from`; false when `to` exists. */
async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** The lock's inode and owner pid (0 when unreadable, e.g. empty from an older version's crash); undefined if absent. */
async function readLock(path: string): Promise<{ ino: number; pid: number } | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { ino } = await handle.stat();
    const text = await handle.readFile('utf8');
    const pid = Number(text.trim());
    return { ino, pid: Number.isInteger(pid) && pid > 0 ? pid : 0 };
  } finally {
    await handle.close();
  }
}

function isRunning(pid: number): boolean {
  if (pid === 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
