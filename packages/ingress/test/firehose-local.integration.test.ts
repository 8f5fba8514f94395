// The real ingress (startIngress, real @aws-sdk/client-firehose over HTTP) against firehose-local.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { parseArchiveLine, rawBodyOf, type ArchiveRecord } from '@event-lake/lake-format';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startIngress, type RunningIngress } from '../src/main.js';
import { hostileRequests } from './hostile-requests.js';
import { jsonHeaders, send } from './http-client.js';
import { postEvents, type Sent } from '@event-lake/test-kit';
import { SECRET_A, SECRET_B, SECRET_OTHER, signatureHeader, snapshotEventBody, thinEventBody, v1Signature } from '@event-lake/test-kit';

const BODY_LIMIT = 2 * 1024 * 1024;
const MAX_IN_FLIGHT = 16 * 1024 * 1024;

let lakeDir: string;
let firehose: FirehoseLocal;
let ingress: RunningIngress;
let registry: Registry;

beforeAll(async () => {
  lakeDir = await mkdtemp(join(tmpdir(), 'ingress-it-'));
  firehose = await createFirehoseLocal({ lakeDir, bufferIntervalSeconds: 900, bufferSizeMiB: 128 });
  const { url } = await firehose.listen(0, '127.0.0.1');
  registry = new Registry();
  const config = loadConfig({
    PORT: '0',
    STRIPE_WEBHOOK_SECRET: `${SECRET_A},${SECRET_B}`,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_FIREHOSE: url,
    INGRESS_BODY_LIMIT_BYTES: String(BODY_LIMIT),
    INGRESS_MAX_IN_FLIGHT_BYTES: String(MAX_IN_FLIGHT),
    INGRESS_REQUEST_DEADLINE_MS: '3000',
    FIREHOSE_REQUEST_TIMEOUT_MS: '1000',
    // No lingering: the 400 events of the fault tests go out in dozens of calls, not the handful that
    // 25 ms of gathering makes, so a 30 % fault rate is sure to hit some of them (a run of a few calls
    // could all succeed and leave nothing retried).
    FIREHOSE_BATCH_LINGER_MS: '0',
    FIREHOSE_BATCH_MAX_LINGER_MS: '0',
  });
  ingress = await startIngress(config, { registry, host: '127.0.0.1', logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await ingress?.close();
  await firehose?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

async function lake(): Promise<Map<string, ArchiveRecord[]>> {
  await firehose.flush();
  const byDelivery = new Map<string, ArchiveRecord[]>();
  for (const line of await readDeliveredLines(lakeDir)) {
    const r = parseArchiveLine(line);
    byDelivery.set(r.delivery_id, [...(byDelivery.get(r.delivery_id) ?? []), r]);
  }
  return byDelivery;
}

async function storedIds(): Promise<Set<string>> {
  return new Set([...(await lake()).values()].map((parts) => parts[0]!.id));
}

const nowS = () => Math.floor(Date.now() / 1000);

function expectEveryOkStored(results: readonly Sent[], stored: Set<string>) {
  const okMissing = results.filter((r) => r.status === 200 && !stored.has(r.id));
  expect(okMissing).toEqual([]);
  const others = results.filter((r) => r.status !== 200);
  for (const r of others) expect({ status: r.status, code: r.code }).toMatchObject({ status: 503 });
}

describe('ingress + firehose-local', () => {
  it('is ready once the stream is ACTIVE', async () => {
    expect((await send(ingress.url, { method: 'GET', path: '/ready' })).status).toBe(200);
  });

  it('answers every hostile request with its 4xx and stores none of them', async () => {
    const before = (await lake()).size;
    for (const c of hostileRequests(nowS(), BODY_LIMIT)) {
      const res = await send(ingress.url, c.request);
      expect({ name: c.name, status: res.status, code: res.json?.error?.code }).toEqual({ name: c.name, status: c.status, code: c.code });
    }
    expect((await lake()).size).toBe(before);
  });

  it('stores signed events with their raw bytes intact: first secret, second secret, two v1, thin event', async () => {
    const bodies = [snapshotEventBody(), snapshotEventBody(), snapshotEventBody(), thinEventBody(), snapshotEventBody({ note: '\u2028 😀 "q" \\' })];
    const t = nowS();
    const headers = [
      signatureHeader(bodies[0]!, SECRET_A, t),
      signatureHeader(bodies[1]!, SECRET_B, t),
      `t=${t},v1=${v1Signature(bodies[2]!, SECRET_OTHER, t)},v1=${v1Signature(bodies[2]!, SECRET_B, t)}`,
      signatureHeader(bodies[3]!, SECRET_A, t),
      signatureHeader(bodies[4]!, SECRET_A, t),
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await send(ingress.url, { headers: jsonHeaders(headers[i]), body });
      expect(res.status).toBe(200);
    }
    const stored = [...(await lake()).values()];
    for (const body of bodies) {
      const id = (JSON.parse(body) as { id: string }).id;
      const parts = stored.find((p) => p[0]!.id === id);
      expect(parts).toBeDefined();
      expect(rawBodyOf(parts!).equals(Buffer.from(body))).toBe(true);
    }
  });

  it('stores an event larger than one Firehose record as parts', async () => {
    const body = snapshotEventBody({ note: 'é'.repeat(600_000) }); // 1.2 MB
    const res = await send(ingress.url, { headers: jsonHeaders(signatureHeader(body, SECRET_A, nowS())), body });
    expect(res.status).toBe(200);
    const parts = [...(await lake()).values()].find((p) => p[0]!.id === res.json?.['id'])!;
    expect(parts.length).toBeGreaterThan(1);
    expect(rawBodyOf(parts).equals(Buffer.from(body))).toBe(true);
  });

  it.each([
    ['30 % of calls failing', { failCallRate: 0.3 }],
    ['30 % of records failing', { failRecordRate: 0.3 }],
  ])('with %s under 64 connections, every 200 is stored and the rest got 503', async (_name, faults) => {
    firehose.setFaults(faults);
    try {
      const results = await postEvents(ingress.webhookUrl, 400, 64, { size: 3000 });
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(100);
      expectEveryOkStored(results, await storedIds());
    } finally {
      firehose.setFaults({});
    }
    const retries = await registry.getSingleMetricAsString('ingress_firehose_record_retries_total');
    expect(retries).toMatch(/ingress_firehose_record_retries_total\{reason="[A-Za-z]+"\} [1-9]/);
  });

  it('answers 503 storage_timeout within the deadline when Firehose hangs, and recovers after', async () => {
    firehose.setFaults({ hang: true });
    try {
      const body = snapshotEventBody();
      const res = await send(ingress.url, { headers: jsonHeaders(signatureHeader(body, SECRET_A, nowS())), body });
      expect(res.status).toBe(503);
      expect(res.json?.error?.code).toBe('storage_timeout');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      firehose.setFaults({});
    }
    const after = await postEvents(ingress.webhookUrl, 20, 4);
    expect(after.every((r) => r.status === 200)).toBe(true);
  });

  it('keeps serving others while hundreds of slow and oversized requests hang around, with bounded memory', async () => {
    const sockets: Socket[] = [];
    const open = (declared: number, sendBytes: number) => new Promise<void>((resolve) => {
      const s = connect(Number(new URL(ingress.url).port), '127.0.0.1', () => {
        const body = snapshotEventBody();
        s.write(`POST /webhook/stripe HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n`
          + `stripe-signature: ${signatureHeader(body, SECRET_A, nowS())}\r\ncontent-length: ${declared}\r\n\r\n`);
        s.write(Buffer.alloc(sendBytes, 0x20));
        resolve();
      });
      s.on('error', () => undefined);
      sockets.push(s);
    });
    try {
      // 200 slow senders that declare a body within the limit but stop halfway,
      // and 200 that declare more than the limit (answered 413 without being read).
      await Promise.all(Array.from({ length: 200 }, () => open(BODY_LIMIT - 1, 40_000)));
      await Promise.all(Array.from({ length: 200 }, () => open(50 * 1024 * 1024, 60_000)));
      const results = await postEvents(ingress.webhookUrl, 50, 8);
      expect(results.filter((r) => r.status === 200).length).toBe(50);
      const gauge = await registry.getSingleMetric('ingress_in_flight_bytes')!.get();
      for (const v of gauge.values) expect(v.value).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      const bodyBytes = gauge.values.find((v) => v.labels['stage'] === 'body')!.value;
      expect(bodyBytes).toBeGreaterThan(0); // the slow senders' bytes are held, and counted
      expectEveryOkStored(results, await storedIds());
    } finally {
      for (const s of sockets) s.destroy();
    }
    // The abandoned uploads give their bytes back.
    const bodyGauge = async () => (await registry.getSingleMetric('ingress_in_flight_bytes')!.get()).values.find((v) => v.labels['stage'] === 'body')!.value;
    for (let i = 0; i < 200 && (await bodyGauge()) > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(await bodyGauge()).toBe(0);
  });
});

describe('ingress with its Firehose endpoint down', () => {
  it('is not ready and answers 503 storage_timeout, storing nothing', async () => {
    const down = await startIngress(loadConfig({
      PORT: '0', STRIPE_WEBHOOK_SECRET: SECRET_A, AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:1',
      INGRESS_REQUEST_DEADLINE_MS: '500',
    }), { registry: new Registry(), host: '127.0.0.1', logger: pino({ level: 'silent' }) });
    try {
      const ready = await send(down.url, { method: 'GET', path: '/ready' });
      expect(ready.status).toBe(503);
      expect(ready.json?.error?.code).toBe('stream_not_ready');
      const body = snapshotEventBody();
      const res = await send(down.url, { headers: jsonHeaders(signatureHeader(body, SECRET_A, nowS())), body });
      expect(res.status).toBe(503);
      expect(res.json?.error?.code).toBe('storage_timeout');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await down.close();
    }
  });
});
