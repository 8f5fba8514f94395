// Issue 13's acceptance on a laptop: under `pnpm start`, 200 events (snapshot and thin) pushed with
// `send-event --via eventbridge --file F`, 20 of them also as signed webhooks; `pnpm query` then shows 200
// unique events in stripe_events_deduped, the 20 with their webhook copy and the other 180 from eventbridge.
// Every part is the real one, each in its own process: start.ts (firehose-local + ingress), send-event.ts
// (the consumer's code and the real Firehose writer) and the query CLI on DuckDB.
import { describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sampleEvents, THIN_EVENT_TYPE } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const queryMain = fileURLToPath(new URL('../../query/src/main.ts', import.meta.url));
const run = promisify(execFile);

describe('pnpm start + send-event --via eventbridge + pnpm query', () => {
  it('keeps one row per event: the webhook copy of the 20 sent both ways, eventbridge for the other 180', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-stack-eventbridge-'));
    const lakeDir = join(dir, 'lake');
    const env = { ...process.env, LAKE_DIR: lakeDir, FIREHOSE_BUFFER_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn', NODE_NO_WARNINGS: '1', INGRESS_REQUEST_DEADLINE_MS: '30000' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
      cwd: packageDir,
      env: { ...env, PORT: '0', FIREHOSE_LOCAL_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group, so a failed test can kill the ingress it started too
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code))); // after its last output is read
    try {
      const ready = await new Promise<{ webhookUrl: string; firehoseUrl: string }>((resolve, reject) => {
        void exited.then((code) => reject(new Error(`pnpm start exited with ${code} before it was ready`)));
        let webhookUrl: string | undefined;
        createInterface({ input: child.stdout! }).on('line', (line) => {
          webhookUrl ??= /webhook URL\s+(\S+)/.exec(line)?.[1];
          const firehoseUrl = /firehose-local\s+(http\S+)/.exec(line)?.[1];
          if (webhookUrl && firehoseUrl) resolve({ webhookUrl, firehoseUrl });
        });
      });

      const events = sampleEvents(200);
      expect(events.filter((e) => e.type === THIN_EVENT_TYPE).length).toBeGreaterThan(0);
      const file = join(dir, 'events.ndjson');
      await writeFile(file, events.map((e) => JSON.stringify(JSON.parse(e.body))).join('\n') + '\n');
      const sendEvent = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/send-event.ts', ...args], {
        cwd: packageDir, env: { ...env, AWS_ENDPOINT_URL_FIREHOSE: ready.firehoseUrl }, timeout: 120_000,
      });

      const viaEventBridge = await sendEvent(['--via', 'eventbridge', '--file', file]);
      expect(viaEventBridge.stdout).toContain('200 stored, 0 failed');
      const viaWebhook = await sendEvent(['--file', file, '--count', '20', '--url', ready.webhookUrl]);
      expect(viaWebhook.stdout).toContain('20 stored, 0 failed');

      child.kill('SIGTERM'); // firehose-local flushes every buffer to the lake before exiting
      expect(await exited).toBe(0);

      const { stdout } = await run(process.execPath, [
        '--import', 'tsx', queryMain, '--no-cache', '--format', 'json',
        '--sql', 'SELECT id, source, delivery_count FROM event_lake.stripe_events_deduped',
      ], { cwd: packageDir, env, timeout: 120_000 });
      const rows = JSON.parse(stdout) as Array<{ id: string; source: string; delivery_count: number }>;
      expect(rows).toHaveLength(200);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(events.map((e) => e.id)));
      const both = new Set(events.slice(0, 20).map((e) => e.id));
      for (const row of rows) {
        expect([row.id, row.source, Number(row.delivery_count)]).toEqual(both.has(row.id) ? [row.id, 'webhook', 2] : [row.id, 'eventbridge', 1]);
      }
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the whole group has already exited
      }
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
