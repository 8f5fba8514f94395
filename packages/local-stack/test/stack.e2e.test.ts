// The whole local path: `src/start.ts` (firehose-local + the real ingress process), signed sample events
// posted over HTTP, objects appearing in the lake by the buffer interval alone, then a clean SIGTERM stop.
import { describe, it, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killProcessGroup } from './process-group.js';
import { createInterface } from 'node:readline';
import { listDeliveredObjects, readDeliveredLines } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import { postEvent, sampleEvents, SAMPLE_EVENT_TYPES } from '../src/index.js';

const startPath = fileURLToPath(new URL('../src/start.ts', import.meta.url));

describe('pnpm start + send-event', () => {
  it('archives signed events into ./lake within the interval and stops cleanly', async () => {
    const lakeDir = await mkdtemp(join(tmpdir(), 'local-stack-'));
    const child = spawn(process.execPath, ['--import', 'tsx', startPath], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env, PORT: '0', FIREHOSE_LOCAL_PORT: '0', LAKE_DIR: lakeDir, FIREHOSE_BUFFER_INTERVAL_SECONDS: '1', LOG_LEVEL: 'info', LOG_FORMAT: '', NODE_NO_WARNINGS: '1',
        // This test is about the local path, not deadlines (the ingress tests cover those): a busy 2-core
        // CI machine must not turn a slow first call into a 503.
        INGRESS_REQUEST_DEADLINE_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group, so a failed test can kill the ingress it started too
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code))); // after its last output is read
    const lines: string[] = [];
    try {
      const webhookUrl = await new Promise<string>((resolve, reject) => {
        void exited.then((code) => reject(new Error(`pnpm start exited with ${code} before it was ready`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          lines.push(line);
          const m = /webhook URL\s+(\S+)/.exec(line);
          if (m) resolve(m[1]!);
        });
      });
      const events = sampleEvents(SAMPLE_EVENT_TYPES.length);
      const results = await Promise.all(events.map((e) => postEvent(webhookUrl, e, 'whsec_local_development_only_not_a_real_secret')));
      expect(results.map((r) => `${r.status} ${r.detail}`)).toEqual(events.map(() => '200 '));

      while ((await listDeliveredObjects(lakeDir)).length === 0) await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const archived = (await readDeliveredLines(lakeDir)).map((l) => parseArchiveLine(l));
      expect(archived.map((a) => a.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(archived.find((a) => a.object === 'v2.core.event')).toBeDefined();
      // Not a terminal: the ingress's log lines stay pino JSON, for tools that read them.
      const stored = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string; eventId?: string }).filter((l) => l.msg === 'event stored');
      expect(stored.map((l) => l.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    } finally {
      killProcessGroup(child);
      await rm(lakeDir, { recursive: true, force: true });
    }
  }, 120_000);
});
