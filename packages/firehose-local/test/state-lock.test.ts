import { afterAll, beforeAll, describe, it, expect } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createFirehoseLocal, StateLockedError } from '../src/index.js';
import { lockStateDir } from '../src/state-lock.js';
import { tempDir } from './helpers.js';

const CONTENDER = fileURLToPath(new URL('./fixtures/lock-contender.ts', import.meta.url));
/** Above any pid_max: a pid no process can have. */
const DEAD_PID = '2147483646';

interface Contender {
  child: ChildProcess;
  /** Sends a command line and resolves with the answer line. */
  ask(line: string): Promise<string>;
}

function contender(): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const queued: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queued.push(line);
  });
  child.once('exit', () => waiting.splice(0).forEach((w) => w('exited')));
  const next = () => new Promise<string>((resolve) => (queued.length ? resolve(queued.shift()!) : waiting.push(resolve)));
  return {
    child,
    ask: (line) => {
      if (line) child.stdin!.write(`${line}\n`);
      return next();
    },
  };
}

describe('one firehose-local per lake and stream', () => {
  it('refuses a second instance on the same lake while the first runs, and allows it after close', async () => {
    const lakeDir = await tempDir();
    const first = await createFirehoseLocal({ lakeDir });
    await expect(createFirehoseLocal({ lakeDir })).rejects.toBeInstanceOf(StateLockedError);
    const otherStream = await createFirehoseLocal({ lakeDir, streamName: 'another-stream' });
    await otherStream.close();
    await first.close();
    const second = await createFirehoseLocal({ lakeDir });
    await second.close();
    await rm(lakeDir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that is gone', async () => {
    const lakeDir = await tempDir();
    const stateDir = join(lakeDir, '.firehose-local', 'event-lake-stripe-events');
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'lock'), DEAD_PID);
    const firehose = await createFirehoseLocal({ lakeDir });
    await firehose.close();
    await rm(lakeDir, { recursive: true, force: true });
  });

  // Several processes at once, on a free directory and on one holding a lock left by a dead process (all of
  // them take the stale-lock path together). Before the fix a contender could read the lock between its
  // creation and the pid being written, take the empty owner for a dead one, delete the lock and take it
  // too; and two contenders could both delete the same stale lock, the second deleting the first's new one.
  describe('6 processes trying at once', () => {
    let contenders: Contender[] = [];
    beforeAll(async () => {
      contenders = Array.from({ length: 6 }, contender);
      expect(await Promise.all(contenders.map((c) => c.ask('')))).toEqual(contenders.map(() => 'ready'));
    }, 60_000);
    afterAll(async () => {
      await Promise.all(contenders.map((c) => {
        c.child.stdin!.end();
        return c.child.exitCode === null ? new Promise((r) => c.child.once('exit', r)) : undefined;
      }));
    });

    it.each([
      ['a free directory', undefined],
      ['a directory with a stale lock', DEAD_PID],
      ['a directory with an empty lock file (left by a crash of an older version)', ''],
    ])('exactly one holds the lock, 10 rounds, on %s', async (_name, leftover) => {
      for (let round = 0; round < 10; round++) {
        const dir = await tempDir();
        if (leftover !== undefined) await writeFile(join(dir, 'lock'), leftover);
        const outcomes = await Promise.all(contenders.map((c) => c.ask(`take ${dir}`)));
        expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5);
        await Promise.all(contenders.map((c) => c.ask('release')));
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('never shows a lock file without its owner, and leaves no temporary files behind', async () => {
    const dir = await tempDir();
    const seen = new Set<string>();
    let done = false;
    const watcher = (async () => {
      while (!done) seen.add(await readFile(join(dir, 'lock'), 'utf8').catch(() => 'absent'));
    })();
    for (let i = 0; i < 50; i++) await (await lockStateDir(dir)).release();
    done = true;
    await watcher;
    expect([...seen].filter((s) => s !== 'absent')).toEqual([String(process.pid)]);
    expect(await readdir(dir)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second take in the same process while the first is still being taken', async () => {
    const dir = await tempDir();
    const results = await Promise.allSettled([lockStateDir(dir), lockStateDir(dir)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(StateLockedError);
    for (const r of results) if (r.status === 'fulfilled') await r.value.release();
    await rm(dir, { recursive: true, force: true });
  });
});
