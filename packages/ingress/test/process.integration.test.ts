// The ingress as its own process (`src/main.ts`, environment only) against firehose-local: a kill -9
// under load loses no acknowledged event; SIGTERM finishes in-flight writes and exits 0; bad config
// refuses to start without echoing secrets.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import { startIngressChild } from './ingress-child.js';
import { postEvents } from '@event-lake/test-kit';
import { SECRET_A } from '@event-lake/test-kit';

let lakeDir: string;
let firehose: FirehoseLocal;
let firehoseUrl: string;

beforeAll(async () => {
  lakeDir = await mkdtemp(join(tmpdir(), 'ingress-proc-'));
  firehose = await createFirehoseLocal({ lakeDir, bufferIntervalSeconds: 900, bufferSizeMiB: 128 });
  firehoseUrl = (await firehose.listen(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await firehose?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

async function storedIds(): Promise<Set<string>> {
  await firehose.flush();
  return new Set((await readDeliveredLines(lakeDir)).map((l) => parseArchiveLine(l).id));
}

const env = () => ({ STRIPE_WEBHOOK_SECRET: SECRET_A, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl, LOG_LEVEL: 'info' });

describe('ingress process', () => {
  it('kill -9 under load: every event answered 200 is in the lake', async () => {
    const ingress = await startIngressChild(env());
    firehose.setFaults({ latencyMs: 20 });
    let ok = 0;
    try {
      const results = await postEvents(`${ingress.url}/webhook/stripe`, 3000, 64, {
        onAnswer: (sent) => {
          if (sent.status === 200 && ++ok === 300) ingress.child.kill('SIGKILL');
        },
      });
      await ingress.exited;
      const okResults = results.filter((r) => r.status === 200);
      expect(okResults.length).toBeGreaterThanOrEqual(300);
      expect(results.length - okResults.length).toBeGreaterThan(0); // the kill did cut requests off
      const stored = await storedIds();
      expect(okResults.filter((r) => !stored.has(r.id)).map((r) => r.id)).toEqual([]);
    } finally {
      firehose.setFaults({});
      ingress.child.kill('SIGKILL');
    }
  });

  it('SIGTERM: answers what is in flight, stores every 200, exits 0', async () => {
    const ingress = await startIngressChild(env());
    firehose.setFaults({ latencyMs: 300 });
    try {
      let signalled = false;
      const results = await postEvents(`${ingress.url}/webhook/stripe`, 200, 16, {
        onAnswer: () => {
          if (!signalled) {
            signalled = true;
            ingress.child.kill('SIGTERM');
          }
        },
      });
      expect(await ingress.exited).toBe(0);
      const stored = await storedIds();
      const ok = results.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThan(0);
      expect(ok.filter((r) => !stored.has(r.id))).toEqual([]);
      for (const r of results.filter((x) => x.status !== 200)) {
        expect(r.status === 503 || r.status === 0).toBe(true); // refused or connection closed, never a lie
      }
      expect(ingress.logs.join('\n')).toContain('ingress stopped');
    } finally {
      firehose.setFaults({});
      ingress.child.kill('SIGKILL');
    }
  });

  it('refuses to start without a usable secret, naming the variable and not echoing the value', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'eu-west-1', STRIPE_WEBHOOK_SECRET: 'sk_live_notasigningsecret' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STRIPE_WEBHOOK_SECRET');
    expect(run.stderr).not.toContain('notasigningsecret');
  });
});
