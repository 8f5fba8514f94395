// Crash safety: kill -9 of a real firehose-local process during load, then a restart, loses no acknowledged
// record and duplicates none; a segment whose object was already written is not delivered twice; a torn
// (never acknowledged) tail is ignored.
import { describe, it, expect, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, copyFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { createFirehoseLocal, readDeliveredLines } from '../src/index.js';
import { sdkClient, startHarness, tempDir } from './helpers.js';

const STREAM = 'event-lake-stripe-events';
const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const walDir = (lakeDir: string) => join(lakeDir, '.firehose-local', STREAM, 'wal');

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); // a failed test's leftovers
});

/** Starts `src/cli.ts` in its own process and resolves with the URL it logs once listening. */
function startCli(lakeDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, FIREHOSE_LOCAL_PORT: '0', LAKE_DIR: lakeDir, FIREHOSE_BUFFER_SIZE_MIB: '1', FIREHOSE_BUFFER_INTERVAL_SECONDS: '900', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const url = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`firehose-local exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const m = /"url":"(http:[^"]+)"/.exec(text);
      if (m) resolve(m[1]!);
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, url, exited };
}

describe('graceful stop of the CLI', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s flushes every buffer to the lake before exiting 0', async (signal) => {
    const lakeDir = await tempDir();
    const proc = startCli(lakeDir);
    const client = sdkClient(await proc.url);
    await client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: [{ Data: Buffer.from(`before-${signal}\n`) }] }));
    client.destroy();
    const code = new Promise<number | null>((resolve) => proc.child.once('exit', (c) => resolve(c)));
    proc.child.kill(signal);
    expect(await code).toBe(0);
    expect(await readDeliveredLines(lakeDir)).toEqual([`before-${signal}`]);
    expect(await readdir(walDir(lakeDir))).toEqual([]);
    await rm(lakeDir, { recursive: true, force: true });
  }, 60_000);
});

describe('crash recovery', () => {
  it('after kill -9 during load and a restart, every acknowledged record is in the lake exactly once', async () => {
    const lakeDir = await tempDir();
    const proc = startCli(lakeDir);
    const client = sdkClient(await proc.url);
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const lane = async () => {
      while (!killed) {
        const lines = Array.from({ length: 100 }, () => `{"n":${next++},"pad":"${'p'.repeat(200)}"}`);
        try {
          const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: lines.map((l) => ({ Data: Buffer.from(`${l}\n`) })) }));
          out.RequestResponses?.forEach((r, i) => r.RecordId && acknowledged.push(lines[i]!));
        } catch {
          return; // the process died under this call: it was never acknowledged
        }
        if (acknowledged.length >= 6000 && !killed) {
          killed = true;
          proc.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    await proc.exited;
    client.destroy();
    expect(acknowledged.length).toBeGreaterThanOrEqual(6000);
    // The crash left acknowledged records that only the write-ahead log holds: recovery has work to do.
    expect((await readdir(walDir(lakeDir))).length).toBeGreaterThan(0);
    expect((await readDeliveredLines(lakeDir)).length).toBeLessThan(acknowledged.length);

    const restarted = await createFirehoseLocal({ lakeDir }); // recovery delivers the write-ahead log
    await restarted.close();
    const delivered = await readDeliveredLines(lakeDir);
    const deliveredSet = new Set(delivered);
    expect(deliveredSet.size).toBe(delivered.length); // no duplicates
    expect(acknowledged.filter((l) => !deliveredSet.has(l))).toEqual([]);
    expect(await readdir(walDir(lakeDir))).toEqual([]);
    await rm(lakeDir, { recursive: true, force: true });
  }, 120_000);

  it('does not deliver a segment twice when the crash came after its object was renamed into place', async () => {
    const h = await startHarness();
    await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: [{ Data: Buffer.from('once\n') }] }));
    const [segment] = await readdir(walDir(h.lakeDir));
    const saved = join(h.lakeDir, 'saved.wal');
    await copyFile(join(walDir(h.lakeDir), segment!), saved);
    h.client.destroy();
    await h.firehose.close(); // delivers and removes the segment
    await copyFile(saved, join(walDir(h.lakeDir), segment!)); // as if the crash came before the removal
    const restarted = await createFirehoseLocal({ lakeDir: h.lakeDir });
    await restarted.close();
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['once']);
    expect(await readdir(walDir(h.lakeDir))).toEqual([]);
    await rm(h.lakeDir, { recursive: true, force: true });
  });

  it('delivers the complete frames of a segment and ignores a torn tail', async () => {
    const h = await startHarness();
    await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: [{ Data: Buffer.from('kept\n') }] }));
    const [segment] = await readdir(walDir(h.lakeDir));
    const saved = join(h.lakeDir, 'saved.wal');
    await copyFile(join(walDir(h.lakeDir), segment!), saved);
    h.client.destroy();
    await h.firehose.close();
    await rm(join(h.lakeDir, 'events'), { recursive: true }); // as if it had never been delivered
    await appendFile(saved, Buffer.from([0x46, 0x48, 0x4c, 0x31, 0, 0, 0, 1, 9, 9])); // a frame cut short by the crash
    await copyFile(saved, join(walDir(h.lakeDir), segment!));
    const restarted = await createFirehoseLocal({ lakeDir: h.lakeDir });
    await restarted.close();
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['kept']);
    await rm(h.lakeDir, { recursive: true, force: true });
  });
});
