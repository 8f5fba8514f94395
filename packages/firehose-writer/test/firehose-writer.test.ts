import { describe, it, expect } from '@jest/globals';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, MAX_RECORD_BYTES } from '@event-lake/lake-format';
import { createFirehoseWriter, WriterClosedError, WriterOverloadedError, WriterTimeoutError, type CallReport } from '../src/firehose-writer.js';
import { FakeFirehose, never } from '@event-lake/test-kit';

const line = (name: string, size = 100) => `${JSON.stringify({ name, pad: 'x'.repeat(Math.max(0, size - name.length - 22)) })}\n`;

describe('createFirehoseWriter', () => {
  it('resolves a write only after the record holding its lines is acknowledged', async () => {
    const fake = new FakeFirehose();
    let release!: () => void;
    fake.plan = () => new Promise((resolve) => { release = () => resolve([]); });
    const writer = createFirehoseWriter(fake, { lingerMs: 0 });
    let done = false;
    const write = writer.write([line('a')]).then(() => { done = true; });
    while (fake.calls.length === 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await write;
    expect(fake.storedLines()).toEqual([line('a')]);
    await writer.close();
  });

  it('coalesces concurrent writes into few calls and packs their lines into few records', async () => {
    const fake = new FakeFirehose();
    const reports: CallReport[] = [];
    const writer = createFirehoseWriter(fake, { lingerMs: 20, observer: { call: (r) => reports.push(r) } });
    const lines = Array.from({ length: 200 }, (_, i) => line(`e${i}`, 3000));
    await Promise.all(lines.map((l) => writer.write([l])));
    expect(fake.calls.length).toBeLessThan(10);
    expect(fake.stored.length).toBeLessThan(10);
    expect(new Set(fake.storedLines())).toEqual(new Set(lines));
    const billed = reports.reduce((n, r) => n + r.billedUnits, 0);
    expect(billed).toBeLessThan(200 * 3000 / 5120 + 5); // ~bytes/5 KB, not one unit per event
    await writer.close();
  });

  it('keeps every call within Firehose limits and never splits a line', async () => {
    const fake = new FakeFirehose();
    const writer = createFirehoseWriter(fake, { lingerMs: 5 });
    const big = Array.from({ length: 12 }, (_, i) => line(`big${i}`, 900_000));
    const small = Array.from({ length: 1200 }, (_, i) => line(`s${i}`, 200));
    await Promise.all([...big, ...small].map((l) => writer.write([l])));
    for (const call of fake.calls) {
      expect(call.records.length).toBeLessThanOrEqual(MAX_BATCH_RECORDS);
      expect(call.records.reduce((n, r) => n + r.length, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
      for (const r of call.records) {
        expect(r.length).toBeLessThanOrEqual(MAX_RECORD_BYTES);
        expect(r.toString('utf8').endsWith('\n')).toBe(true);
      }
    }
    expect(fake.storedLines().sort()).toEqual([...big, ...small].sort());
    await writer.close();
  });

  it('respects a smaller record size and batch record count', async () => {
    const fake = new FakeFirehose();
    const writer = createFirehoseWriter(fake, { lingerMs: 5, maxRecordBytes: 1000, maxBatchRecords: 3 });
    const lines = Array.from({ length: 30 }, (_, i) => line(`e${i}`, 400));
    await Promise.all(lines.map((l) => writer.write([l])));
    for (const call of fake.calls) {
      expect(call.records.length).toBeLessThanOrEqual(3);
      for (const r of call.records) expect(r.length).toBeLessThanOrEqual(1000);
    }
    expect(fake.storedLines().sort()).toEqual([...lines].sort());
    await writer.close();
  });

  it('resends only the records that failed inside a batch', async () => {
    const fake = new FakeFirehose();
    fake.plan = (call, index) => (index === 0 ? [{ index: 1, code: 'ServiceUnavailableException' }] : []);
    const retries: number[] = [];
    const writer = createFirehoseWriter(fake, {
      lingerMs: 10, maxRecordBytes: 500, backoffBaseMs: 1, observer: { retry: (n) => retries.push(n) },
    });
    const lines = ['a', 'b', 'c'].map((n) => line(n, 400));
    await Promise.all(lines.map((l) => writer.write([l])));
    expect(fake.calls[0]!.records).toHaveLength(3);
    expect(fake.calls[1]!.records.map(String)).toEqual([fake.calls[0]!.records[1]!.toString()]);
    expect(retries).toEqual([1]);
    expect(fake.storedLines().sort()).toEqual([...lines].sort());
    await writer.close();
  });

  it('resends a whole call that failed, with the same records', async () => {
    const fake = new FakeFirehose();
    fake.plan = (_call, index) => {
      if (index < 2) throw Object.assign(new Error('throttled'), { name: 'ServiceUnavailableException' });
      return [];
    };
    const writer = createFirehoseWriter(fake, { lingerMs: 0, backoffBaseMs: 1 });
    await writer.write([line('a'), line('b')]);
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls[2]!.records.map(String)).toEqual(fake.calls[0]!.records.map(String));
    expect(fake.storedLines()).toEqual([line('a'), line('b')]);
    await writer.close();
  });

  it('rejects a write at its deadline when Firehose hangs, and frees its bytes once the call ends', async () => {
    const fake = new FakeFirehose();
    let fail!: (e: Error) => void;
    fake.plan = () => new Promise((_resolve, reject) => { fail = reject; });
    const writer = createFirehoseWriter(fake, { lingerMs: 0 });
    const write = writer.write([line('a')], { deadline: Date.now() + 50 });
    await expect(write).rejects.toBeInstanceOf(WriterTimeoutError);
    expect(writer.inFlightBytes()).toBeGreaterThan(0);
    fail(new Error('socket hang up'));
    await writer.close();
    expect(writer.inFlightBytes()).toBe(0);
    expect(fake.calls).toHaveLength(1); // its writer gave up: no resend
  });

  it('refuses at once beyond the in-flight bound, and recovers when bytes drain', async () => {
    const fake = new FakeFirehose();
    let release!: () => void;
    fake.plan = (_c, i) => (i === 0 ? new Promise((resolve) => { release = () => resolve([]); }) : []);
    const shed: number[] = [];
    const writer = createFirehoseWriter(fake, { lingerMs: 0, maxInFlightBytes: 1000, observer: { shed: (b) => shed.push(b) } });
    const first = writer.write([line('a', 800)]);
    await expect(writer.write([line('b', 800)])).rejects.toBeInstanceOf(WriterOverloadedError);
    expect(shed).toHaveLength(1);
    while (!release) await new Promise((r) => setImmediate(r));
    release();
    await first;
    await writer.write([line('c', 800)]);
    await writer.close();
  });

  it('close() sends what is queued, waits for it, then refuses new writes', async () => {
    const fake = new FakeFirehose();
    const writer = createFirehoseWriter(fake, { lingerMs: 10_000 });
    const write = writer.write([line('a')]);
    await writer.close();
    await write;
    expect(fake.storedLines()).toEqual([line('a')]);
    await expect(writer.write([line('b')])).rejects.toBeInstanceOf(WriterClosedError);
  });

  it('refuses a line larger than one record instead of splitting it', async () => {
    const writer = createFirehoseWriter(new FakeFirehose(), {});
    await expect(writer.write(['x'.repeat(MAX_RECORD_BYTES) + '\n'])).rejects.toBeInstanceOf(RangeError);
    await writer.close();
  });

  it('describe() reports the stream status and its own state', async () => {
    const fake = new FakeFirehose();
    fake.status = 'CREATING';
    const writer = createFirehoseWriter(fake, { maxInFlightBytes: 1234 });
    expect(await writer.describe()).toMatchObject({ streamStatus: 'CREATING', inFlightBytes: 0, maxInFlightBytes: 1234, closing: false });
    await writer.close();
  });

  it('under random call and record failures, every resolved write is stored', async () => {
    const fake = new FakeFirehose();
    let seed = 42;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    fake.plan = (call) => {
      if (random() < 0.3) throw new Error('call failed');
      return call.records.flatMap((_r, index) => (random() < 0.3 ? [{ index, code: 'InternalFailure' }] : []));
    };
    const writer = createFirehoseWriter(fake, { lingerMs: 2, maxRecordBytes: 2000, backoffBaseMs: 1, backoffMaxMs: 20 });
    const lines = Array.from({ length: 300 }, (_, i) => line(`e${i}`, 700));
    const results = await Promise.allSettled(lines.map((l) => writer.write([l], { deadline: Date.now() + 5000 })));
    const stored = new Set(fake.storedLines());
    results.forEach((r, i) => { if (r.status === 'fulfilled') expect(stored.has(lines[i]!)).toBe(true); });
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(250);
    await writer.close();
  });

  it('keeps every PutRecordBatch within 4,000,000 bytes, the API reference\'s "4 MB for the entire request" (issue #11 item 15)', async () => {
    const fake = new FakeFirehose();
    const writer = createFirehoseWriter(fake, { lingerMs: 50 });
    // 41 lines of 100,000 bytes: 4.1 MB, below 4 MiB (4,194,304) but above 4 MB.
    const lines = Array.from({ length: 41 }, (_, i) => line(`m${i}`, 100_000));
    await Promise.all(lines.map((l) => writer.write([l])));
    expect(fake.calls.length).toBeGreaterThanOrEqual(2);
    for (const call of fake.calls) expect(call.records.reduce((n, r) => n + r.length, 0)).toBeLessThanOrEqual(4_000_000);
    expect(fake.storedLines().sort()).toEqual([...lines].sort());
    await writer.close();
  });

  describe('batching that costs nothing when idle (issue #19 item 13)', () => {
    const turn = () => new Promise((r) => setImmediate(r));
    /** A port whose calls stay in flight until the test releases them, in order. */
    const heldPort = () => {
      const fake = new FakeFirehose();
      const pending: Array<() => void> = [];
      fake.plan = () => new Promise((resolve) => { pending.push(() => resolve([])); });
      const releaseOne = async () => {
        for (let i = 0; i < 100 && pending.length === 0; i++) await turn();
        if (pending.length === 0) throw new Error('no call is in flight');
        pending.shift()!();
        await turn();
      };
      return { fake, releaseOne };
    };

    it('sends a lone write at once, without the linger, while calls carry one write each', async () => {
      // The clock never moves: a write that waited for the linger would never leave.
      const fake = new FakeFirehose();
      const writer = createFirehoseWriter(fake, { lingerMs: 1000, maxLingerMs: 1000, now: () => 0 });
      for (const name of ['first', 'second', 'third']) {
        await writer.write([line(name)]);
      }
      expect(fake.calls.map((c) => c.records.length)).toEqual([1, 1, 1]);
      await writer.close();
    });

    it('gathers the writes that arrive while a call is in flight and sends them together when it returns', async () => {
      const { fake, releaseOne } = heldPort();
      const writer = createFirehoseWriter(fake, { lingerMs: 1000, maxLingerMs: 1000, now: () => 0 });
      const first = writer.write([line('a')]);
      await turn();
      expect(fake.calls).toHaveLength(1);
      const later = ['b', 'c', 'd'].map((n) => writer.write([line(n)]));
      await turn();
      expect(fake.calls).toHaveLength(1); // gathering, not a call each
      await releaseOne();
      await first;
      expect(fake.calls).toHaveLength(2);
      expect(fake.calls[1]!.records.toString()).toBe([line('b'), line('c'), line('d')].join(''));
      await releaseOne();
      await Promise.all(later);
      await writer.close();
    });

    it('once calls carry several writes, a smaller queue waits for company: until as many as the largest recent call have come, or the linger ends', async () => {
      let clock = 0;
      const { fake, releaseOne } = heldPort();
      const writer = createFirehoseWriter(fake, { lingerMs: 5, maxLingerMs: 40, now: () => clock });
      // A call carrying three writes: the crowd to expect is now three.
      const warm = [writer.write([line('w0')])];
      await turn();
      warm.push(...['w1', 'w2', 'w3'].map((n) => writer.write([line(n)])));
      await releaseOne();
      await releaseOne();
      await Promise.all(warm);
      expect(fake.calls.map((c) => c.records.toString().split('\n').length - 1)).toEqual([1, 3]);

      // Two writes in separate turns: not yet the crowd, so they wait (the clock stands still).
      const crowd = [writer.write([line('x1')])];
      await turn();
      crowd.push(writer.write([line('x2')]));
      await turn();
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.calls).toHaveLength(2);
      // The third arrives: the call leaves at once, without waiting out the linger.
      crowd.push(writer.write([line('x3')]));
      await turn();
      expect(fake.calls).toHaveLength(3);
      expect(fake.calls[2]!.records.toString()).toBe([line('x1'), line('x2'), line('x3')].join(''));
      await releaseOne();
      await Promise.all(crowd);

      // A lone write now waits for the quiet time (5 ms without a new line)...
      const lone = writer.write([line('lone')]);
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.calls).toHaveLength(3);
      clock += 5;
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.calls).toHaveLength(4);
      await releaseOne();
      await lone;

      await writer.close();
    });

    it('a steady stream smaller than the usual crowd gathers for at most maxLingerMs', async () => {
      let clock = 0;
      const { fake, releaseOne } = heldPort();
      const writer = createFirehoseWriter(fake, { lingerMs: 5, maxLingerMs: 40, now: () => clock });
      const warm = [writer.write([line('w')])];
      await turn();
      for (let i = 0; i < 30; i++) warm.push(writer.write([line(`w${i}`)]));
      await releaseOne();
      await releaseOne();
      await Promise.all(warm);
      expect(fake.calls).toHaveLength(2); // the second carried 30 writes: the crowd to expect
      // A write every 2 ms keeps the quiet time from passing: the 20 go out 40 ms after the first.
      const stream: Promise<void>[] = [];
      for (let t = 0; t < 40; t += 2) {
        clock = t;
        stream.push(writer.write([line(`s${t}`)]));
        await turn();
      }
      clock = 39;
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.calls).toHaveLength(2);
      clock = 40;
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.calls).toHaveLength(3);
      expect(fake.calls[2]!.records.toString()).toContain('s38');
      await releaseOne();
      await Promise.all(stream);
      await writer.close();
    });

    it('adaptive: false makes a lone write wait out the linger (the writer before, for comparisons)', async () => {
      let clock = 0;
      const fake = new FakeFirehose();
      const writer = createFirehoseWriter(fake, { lingerMs: 5, adaptive: false, now: () => clock });
      const lone = writer.write([line('lone')]);
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.calls).toHaveLength(0);
      clock = 5;
      await lone;
      expect(fake.calls).toHaveLength(1);
      await writer.close();
    });

    it('64 writers in a closed loop fill calls of ~64 writes each, without waiting out the linger', async () => {
      // Each writer writes again as soon as its last write is acknowledged (1 ms later), like 64 keep-alive
      // connections. The linger (60 s, on a clock that stands still) would hold every call forever: only
      // sending when the crowd has come lets the loop finish.
      const fake = new FakeFirehose();
      fake.plan = () => new Promise((resolve) => setTimeout(() => resolve([]), 1));
      const writer = createFirehoseWriter(fake, { lingerMs: 60_000, maxLingerMs: 60_000, now: () => 0 });
      const WRITERS = 64;
      const EACH = 20;
      const loop = async (w: number) => {
        for (let i = 0; i < EACH; i++) await writer.write([line(`w${w}-${i}`)]);
      };
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.all(Array.from({ length: WRITERS }, (_, w) => loop(w))).then(() => true),
        new Promise<false>((r) => { timer = setTimeout(() => r(false), 5000); }),
      ]);
      clearTimeout(timer);
      expect(finished).toBe(true);
      expect(fake.storedLines()).toHaveLength(WRITERS * EACH);
      // Today's bench figure under load is 0.013–0.017 calls per event (1/64 = 0.0156 at best).
      expect(fake.calls.length / (WRITERS * EACH)).toBeLessThanOrEqual(0.017);
      await writer.close();
    });
  });
});
