// One acceptance lake per test file, in a temporary folder, with the consumers a test starts closed after.
import { afterAll, beforeAll } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReplayLake, type LakeEvent } from './replay-lake.js';
import { startReceiver, type Receiver, type ReceiverOptions } from './verifying-receiver.js';

export interface LakeFixture {
  /** A temporary folder for the test's own files (checkpoints). */
  readonly dir: string;
  readonly lakeDir: string;
  /** The lake's events, ordered by created then id. */
  readonly lake: readonly LakeEvent[];
  /** Starts a verifying consumer, closed when the file's tests are done. */
  receiver(options: ReceiverOptions): Promise<Receiver>;
}

/** Registers beforeAll/afterAll hooks; the fields are filled once beforeAll has run. */
export function useReplayLake(): LakeFixture {
  const receivers: Receiver[] = [];
  const fixture = {
    dir: '',
    lakeDir: '',
    lake: [] as LakeEvent[],
    async receiver(options: ReceiverOptions) {
      const r = await startReceiver(options);
      receivers.push(r);
      return r;
    },
  };
  beforeAll(async () => {
    fixture.dir = await mkdtemp(path.join(tmpdir(), 'replay-test-'));
    fixture.lakeDir = path.join(fixture.dir, 'lake');
    fixture.lake = await buildReplayLake(fixture.lakeDir);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await rm(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/** The events that have a complete delivery, so the replay sends them. */
export const sendable = (events: readonly LakeEvent[]) => events.filter((e) => e.expected !== null);

/** The lines of a checkpoint file, as written. */
export const checkpointIds = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);
