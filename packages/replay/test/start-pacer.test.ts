// The rate limit is a correctness property of start times: no 1-second window, at any offset, may hold
// more than `rate` starts. Checked on the real clock and on a clock whose timers fire early and late.
import { describe, expect, it } from '@jest/globals';
import { StartPacer, type PacerClock } from '../src/start-pacer.js';
import { maxInWindow } from './verifying-receiver.js';

async function startTimes(pacer: StartPacer, clock: PacerClock, n: number): Promise<number[]> {
  const times: number[] = [];
  // All callers queue at once, as a burst of ready workers would.
  await Promise.all(Array.from({ length: n }, () => pacer.acquire().then(() => times.push(clock.now()))));
  return times;
}

/** Timers that fire anywhere from 40 % early to 3x late: the pacer must re-check, never trust them. */
function jitteryClock(seed: number): PacerClock {
  let now = 0;
  let s = seed;
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms * (0.6 + rand() * 2.4);
    },
  };
}

describe('StartPacer', () => {
  it('holds any 1-second window of real start times to the rate, from a smooth start (no initial burst)', async () => {
    const clock: PacerClock = { now: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    const times = await startTimes(new StartPacer(40, clock), clock, 90);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(40);
    // A bucket that started full would have let many through at once; spacing allows about one per 25 ms.
    const first = times[0]!;
    expect(times.filter((t) => t - first < 100).length).toBeLessThanOrEqual(5);
  });

  it('keeps the limit when timers fire early or late', async () => {
    for (const seed of [1, 2, 3]) {
      const clock = jitteryClock(seed);
      const times = await startTimes(new StartPacer(25, clock), clock, 200);
      expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(25);
    }
  });

  it('does not let a slow spell be made up with a burst', async () => {
    // Timers 10x late for a while, then exact: the starts after the spell must still respect the window.
    let now = 0;
    let late = 40;
    const clock: PacerClock = { now: () => now, sleep: async (ms) => { now += late-- > 0 ? ms * 10 : ms; } };
    const times = await startTimes(new StartPacer(10, clock), clock, 80);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(10);
  });

  it('refuses a rate that is not a whole number of at least 1', () => {
    expect(() => new StartPacer(0)).toThrow(RangeError);
    expect(() => new StartPacer(2.5)).toThrow(RangeError);
  });

  it('an abort rejects the waiting caller and every caller queued behind it, and counts none of them as a start', async () => {
    const pacer = new StartPacer(1); // real clock: the second start is a second away
    await pacer.acquire();
    const stop = new AbortController();
    const queued = Array.from({ length: 3 }, () => pacer.acquire(stop.signal).then(() => 'started', (e: Error) => e.name));
    setTimeout(() => stop.abort(), 20);
    expect(await Promise.all(queued)).toEqual(['AbortError', 'AbortError', 'AbortError']);
    // An already aborted signal never waits; the pacer still serves callers with a live signal afterwards.
    await expect(pacer.acquire(stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
  }, 2_500);
});
