// One firehose-local per stream state directory. Two processes appending to, recovering and deleting the
// same write-ahead log would deliver each other's open segments; the second one is refused instead.
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export class StateLockedError extends Error {}

export interface StateLock {
  release(): Promise<void>;
}

/** Directories locked by this process (a lock file holding our own pid may be a leftover: pid 1 in containers). */
const heldHere = new Set<string>();

/** Takes `<dir>/lock` (pid inside); a lock left by a process that no longer runs is taken over. */
export async function lockStateDir(dir: string): Promise<StateLock> {
  const path = join(dir, 'lock');
  if (heldHere.has(path)) throw new StateLockedError(`${dir} is already in use by a firehose-local in this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(path);
      return {
        release: async () => {
          heldHere.delete(path);
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new StateLockedError(`${dir} is in use by another firehose-local (pid ${owner}); stop it or use another LAKE_DIR`);
      }
      await unlink(path).catch(() => undefined); // stale: its process is gone (crash, kill -9)
    }
  }
  throw new StateLockedError(`could not lock ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
