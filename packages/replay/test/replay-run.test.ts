// The delivery engine with a recording sender (the HTTP seam): concurrency, retries through the pacer,
// failures with their last status, checkpointing and skipping, stopping.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCheckpoint } from '../src/checkpoint.js';
import type { AttemptOutcome, Sender } from '../src/http-sender.js';
import { replayEvents, type RetryPolicy } from '../src/replay-run.js';
import type { ReplayEvent } from '../src/select-events.js';
import { StartPacer } from '../src/start-pacer.js';
import { maxInWindow } from './verifying-receiver.js';

const FAST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 50 };

const events = (n: number): ReplayEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `evt_${String(i).padStart(4, '0')}`,
    type: 'invoice.paid',
    created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    source: 'webhook',
    body: Buffer.from(`{"id":"evt_${i}"}`),
  }));

/** A sender that records attempts and their start times, answering from `answer`. */
function recordingSender(answer: (id: string, attempt: number) => AttemptOutcome, holdMs = 0) {
  const attempts: Array<{ id: string; at: number }> = [];
  let open = 0;
  let maxOpen = 0;
  const send: Sender = async (event) => {
    attempts.push({ id: event.id, at: performance.now() });
    open++;
    maxOpen = Math.max(maxOpen, open);
    await new Promise((r) => setTimeout(r, holdMs));
    open--;
    return answer(event.id, attempts.filter((a) => a.id === event.id).length);
  };
  return { send, attempts, maxOpen: () => maxOpen };
}

const ok: AttemptOutcome = { ok: true, status: 200 };

describe('replayEvents', () => {
  it('keeps at most `concurrency` requests in flight, and uses them', async () => {
    const sender = recordingSender(() => ok, 15);
    const pacer = new StartPacer(1000);
    const outcome = await replayEvents({ events: events(40), send: sender.send, acquireStart: () => pacer.acquire(), concurrency: 3 });
    expect(sender.maxOpen()).toBe(3);
    expect(outcome).toMatchObject({ selected: 40, delivered: 40, failed: 0, skipped: 0, notAttempted: 0 });
  });

  it('retries a non-2xx answer or a timeout with backoff, each retry a paced start, and counts what never succeeds as failed with its last status', async () => {
    const sender = recordingSender((id, attempt) => {
      if (id === 'evt_0003') return { ok: false, status: attempt === 1 ? 503 : 500 }; // never succeeds
      if (id === 'evt_0005' && attempt === 1) return { ok: false, status: 'timeout after 10 s' };
      if (Number(id.slice(4)) % 4 === 0 && attempt < 3) return { ok: false, status: 502 };
      return ok;
    });
    const pacer = new StartPacer(200);
    const outcome = await replayEvents({ events: events(12), send: sender.send, acquireStart: () => pacer.acquire(), concurrency: 4, retry: FAST_RETRY });
    expect(outcome.delivered).toBe(11);
    expect(outcome.failed).toBe(1);
    expect(outcome.failures).toEqual([{ id: 'evt_0003', type: 'invoice.paid', status: 500, attempts: 3 }]);
    const count = (id: string) => sender.attempts.filter((a) => a.id === id).length;
    expect(count('evt_0003')).toBe(3);
    expect(count('evt_0005')).toBe(2);
    expect(count('evt_0004')).toBe(3);
    expect(count('evt_0001')).toBe(1);
    // Retries included, no 1-second window holds more than the rate.
    expect(maxInWindow(sender.attempts.map((a) => a.at), 1000)).toBeLessThanOrEqual(200);
  });

  it("waits as long as the consumer's Retry-After says (capped)", async () => {
    const sender = recordingSender((_, attempt) => (attempt === 1 ? { ok: false, status: 429, retryAfterMs: 40 } : ok));
    const pacer = new StartPacer(1000);
    await replayEvents({ events: events(1), send: sender.send, acquireStart: () => pacer.acquire(), concurrency: 1, retry: { ...FAST_RETRY, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(sender.attempts).toHaveLength(2);
    expect(sender.attempts[1]!.at - sender.attempts[0]!.at).toBeGreaterThanOrEqual(38);
  });

  it('records each delivered id in the checkpoint and skips them on the next run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'replay-run-'));
    const file = path.join(dir, 'checkpoint');
    const pacer = new StartPacer(1000);
    const firstSender = recordingSender((id) => (id === 'evt_0002' ? { ok: false, status: 500 } : ok));
    const first = await openCheckpoint(file);
    await replayEvents({ events: events(6), send: firstSender.send, acquireStart: () => pacer.acquire(), concurrency: 2, retry: FAST_RETRY, checkpoint: first });
    await first.close();
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean).sort()).toEqual(['evt_0000', 'evt_0001', 'evt_0003', 'evt_0004', 'evt_0005']);

    const secondSender = recordingSender(() => ok);
    const second = await openCheckpoint(file);
    const outcome = await replayEvents({ events: events(6), send: secondSender.send, acquireStart: () => pacer.acquire(), concurrency: 2, checkpoint: second });
    await second.close();
    expect(secondSender.attempts.map((a) => a.id)).toEqual(['evt_0002']);
    expect(outcome).toMatchObject({ selected: 6, delivered: 1, skipped: 5, failed: 0 });
  });

  it('stops starting events when aborted, lets those in flight finish, and counts the rest as not attempted', async () => {
    const stop = new AbortController();
    const sender = recordingSender((id) => {
      if (id === 'evt_0004') stop.abort();
      return ok;
    }, 5);
    const pacer = new StartPacer(1000);
    const outcome = await replayEvents({ events: events(30), send: sender.send, acquireStart: () => pacer.acquire(), concurrency: 2, signal: stop.signal });
    expect(outcome.delivered).toBe(sender.attempts.length);
    expect(outcome.delivered).toBeLessThan(10);
    expect(outcome.delivered + outcome.notAttempted).toBe(30);
  });

  it('Ctrl-C at --rate 1: workers queued in the pacer start nothing after the abort, and the run ends at once', async () => {
    const stop = new AbortController();
    const sender = recordingSender(() => {
      stop.abort(); // the first request is in flight when Ctrl-C comes; three workers wait in the pacer
      return ok;
    });
    const pacer = new StartPacer(1);
    const outcome = await replayEvents({ events: events(8), send: sender.send, acquireStart: (signal) => pacer.acquire(signal), concurrency: 4, signal: stop.signal });
    expect(sender.attempts.map((a) => a.id)).toEqual(['evt_0000']);
    expect(outcome).toMatchObject({ delivered: 1, failed: 0, notAttempted: 7, inFlight: 0 });
  }, 2_500); // without abortable waits the queued workers would start at 1, 2 and 3 s

  it('Ctrl-C during a backoff sleep ends the sleep: no retry starts, the event counts as not attempted', async () => {
    const stop = new AbortController();
    const sender = recordingSender(() => {
      setTimeout(() => stop.abort(), 20); // Ctrl-C while the retry sleeps
      return { ok: false, status: 503 };
    });
    const pacer = new StartPacer(1000);
    const outcome = await replayEvents({
      events: events(1), send: sender.send, acquireStart: (signal) => pacer.acquire(signal), concurrency: 1, signal: stop.signal,
      retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000, maxRetryAfterMs: 60_000 },
    });
    expect(sender.attempts).toHaveLength(1);
    expect(outcome).toMatchObject({ delivered: 0, failed: 0, notAttempted: 1 });
  }, 2_500);
});
