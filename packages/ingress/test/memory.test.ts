// Issue #11 item 6: while a delivery waits for Firehose, the ingress holds its encoded lines (what the
// writer's byte budget counts) and not the body, its decoded text, the parsed JSON or line strings too.
import { describe, it, expect } from '@jest/globals';
import type { FirehosePort } from '@event-lake/firehose-writer';
import { liveBytes } from './held-memory.js';
import { startHarness } from './harness.js';
import { jsonHeaders, send } from './http-client.js';
import { SECRET_A, signatureHeader, snapshotEventBody } from '@event-lake/test-kit';

// Each event fits one Firehose record once escaped, so lines sent = events stored.
const EVENTS = 12;
const SIZE = 600 * 1024;

describe('memory held while deliveries wait for Firehose', () => {
  it('is within 1.5x of the bytes the writer counts (the body, text and JSON are released before the await)', async () => {
    let sentLines = 0;
    const release: Array<() => void> = [];
    let measured = false;
    // Holds every call until the measurement is taken, keeping nothing but what the writer itself keeps.
    const holding: FirehosePort = {
      putRecordBatch: (records) => {
        for (const r of records) for (const byte of r) if (byte === 0x0a) sentLines += 1;
        if (measured) return Promise.resolve({ failed: [] });
        return new Promise((resolve) => release.push(() => resolve({ failed: [] })));
      },
      describeStatus: async () => 'ACTIVE',
    };
    const h = await startHarness({
      port: holding, bodyLimitBytes: 2 * SIZE, maxInFlightBytes: 64 * 1024 * 1024, requestDeadlineMs: 30_000,
      // A call slot for every delivery: held calls must not keep later lines queued and unsent.
      writer: { maxConcurrentCalls: EVENTS },
    });
    try {
      // Encoded before the baseline: the client's own copies are not the server's memory.
      const bodies = Array.from({ length: EVENTS }, () => Buffer.from(snapshotEventBody({}, SIZE)));
      const headers = bodies.map((b) => jsonHeaders(signatureHeader(b, SECRET_A)));
      const before = liveBytes();
      const answers = bodies.map((body, i) => send(h.url, { headers: headers[i]!, body }));
      while (sentLines < EVENTS) await new Promise((r) => setTimeout(r, 20));
      const held = liveBytes() - before;
      const counted = h.writer.inFlightBytes();
      measured = true;
      release.forEach((r) => r());
      expect((await Promise.all(answers)).map((a) => a.status)).toEqual(Array(EVENTS).fill(200));
      expect(counted).toBeGreaterThan(EVENTS * SIZE);
      expect(held).toBeLessThan(1.5 * counted);
    } finally {
      measured = true;
      release.forEach((r) => r());
      await h.close();
    }
  });
});
