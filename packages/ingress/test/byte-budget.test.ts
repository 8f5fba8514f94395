import { describe, it, expect } from '@jest/globals';
import { ByteBudget, type BodyHold } from '../src/byte-budget.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A budget on a hand-moved clock (or the real one), and bodies that record being cut (and release, as readBody does). */
function setup(limit: number, options: { evictAfterMs: number; stallMs?: number; waitingLimit?: number; realClock?: boolean }) {
  let now = 0;
  let refusals = 0;
  const budget = new ByteBudget(limit, {
    waitingLimit: limit, // unless a test says otherwise
    ...options,
    ...(options.realClock ? {} : { now: () => now }),
    onRefuse: () => { refusals += 1; },
  });
  const cut: string[] = [];
  const body = (name: string): BodyHold => {
    const hold: BodyHold = budget.hold(() => {
      cut.push(name);
      hold.release();
    });
    return hold;
  };
  /** The outcome of a reservation, once decided. */
  const reserve = (hold: BodyHold, bytes: number, completesBody = false) => {
    let decided: boolean | undefined;
    const first = hold.reserve(bytes, (held) => { decided = held; }, completesBody);
    return { first, decided: () => decided };
  };
  return { budget, body, reserve, cut, refusals: () => refusals, advance: (ms: number) => (now += ms) };
}

describe('ByteBudget', () => {
  it('holds chunks that fit, and never cuts a body that is young and still sending', () => {
    const { budget, body, reserve, cut, advance } = setup(100, { evictAfterMs: 1000, stallMs: 250 });
    const a = body('a');
    expect(reserve(a, 60).first).toBe('held');
    advance(200);
    expect(reserve(body('b'), 50).first).toBe('waiting');
    expect(cut).toEqual([]);
    expect(budget.used).toBe(60);
    expect(budget.waiting).toBe(50);
  });

  it('cuts bodies past the grace, oldest first, only as many as the chunk needs', () => {
    const { budget, body, reserve, cut, advance } = setup(100, { evictAfterMs: 1000, stallMs: 10_000 });
    reserve(body('a'), 40);
    advance(10);
    reserve(body('b'), 40);
    advance(10);
    reserve(body('c'), 20);
    advance(1000);
    expect(reserve(body('d'), 50).first).toBe('held');
    expect(cut).toEqual(['a', 'b']);
    expect(budget.used).toBe(70);
  });

  it('cuts stalled bodies (nothing received for stallMs) within their grace, oldest first, but not those still sending', () => {
    const { budget, body, reserve, cut, advance } = setup(100, { evictAfterMs: 1000, stallMs: 250 });
    const a = body('a');
    const b = body('b');
    const c = body('c');
    reserve(a, 30);
    reserve(b, 30);
    reserve(c, 30);
    advance(200);
    reserve(a, 5); // a is still sending
    advance(100); // b and c have been silent for 300 ms; a for 100
    expect(reserve(body('d'), 20).first).toBe('held');
    expect(cut).toEqual(['b']);
    expect(budget.used).toBe(85);
  });

  it('never cuts a body that has arrived in full, nor the body asking', () => {
    const { budget, body, reserve, cut, advance } = setup(100, { evictAfterMs: 1000, stallMs: 250, waitingLimit: 0 });
    const done = body('done');
    reserve(done, 50);
    done.arrived();
    const slow = body('slow');
    reserve(slow, 50);
    advance(5000);
    expect(reserve(slow, 10).first).toBe('refused'); // no waiting room here
    expect(cut).toEqual([]);
    done.release();
    expect(reserve(slow, 10).first).toBe('held');
    expect(budget.used).toBe(60);
  });

  it('a chunk that waits gets the bytes a finishing body gives back', () => {
    const { budget, body, reserve, advance } = setup(100, { evictAfterMs: 1000, stallMs: 250 });
    const a = body('a');
    reserve(a, 90);
    a.arrived();
    advance(10);
    const b = reserve(body('b'), 50);
    expect(b.first).toBe('waiting');
    a.release();
    expect(b.decided()).toBe(true);
    expect(budget.used).toBe(50);
    expect(budget.waiting).toBe(0);
  });

  it('a chunk that waits gets the bytes of a body that stops sending meanwhile (real clock)', async () => {
    const { budget, body, reserve, cut } = setup(100, { evictAfterMs: 60_000, stallMs: 40, realClock: true });
    const stalling = body('stalling');
    reserve(stalling, 90);
    const b = reserve(body('b'), 50);
    expect(b.first).toBe('waiting');
    for (let i = 0; i < 100 && b.decided() === undefined; i++) await sleep(10);
    expect(b.decided()).toBe(true);
    expect(cut).toEqual(['stalling']);
    expect(budget.used).toBe(50);
  });

  it('refuses a waiting chunk after stallMs when the budget stays full of bodies really arriving (real clock)', async () => {
    const { budget, body, reserve, cut, refusals } = setup(100, { evictAfterMs: 60_000, stallMs: 60, realClock: true });
    const sending = body('sending');
    reserve(sending, 50);
    const b = reserve(body('b'), 60);
    expect(b.first).toBe('waiting');
    const started = performance.now();
    while (b.decided() === undefined && performance.now() - started < 2000) {
      reserve(sending, 1); // a byte every 10 ms: never silent for 60 ms
      await sleep(10);
    }
    expect(b.decided()).toBe(false);
    expect(refusals()).toBe(1);
    expect(cut).toEqual([]);
    expect(budget.waiting).toBe(0);
  });

  it('refuses at once when the waiting room is full', () => {
    const { body, reserve, refusals } = setup(100, { evictAfterMs: 1000, stallMs: 250, waitingLimit: 30 });
    reserve(body('a'), 100);
    expect(reserve(body('b'), 20).first).toBe('waiting');
    expect(reserve(body('c'), 20).first).toBe('refused');
    expect(refusals()).toBe(1);
  });

  it('a chunk that completes its body takes the waiting room of incomplete bodies, oldest first', () => {
    const { budget, body, reserve } = setup(100, { evictAfterMs: 1000, stallMs: 250, waitingLimit: 40 });
    reserve(body('a'), 100);
    const upload1 = reserve(body('upload1'), 20);
    const upload2 = reserve(body('upload2'), 20);
    const delivery = reserve(body('delivery'), 15, true);
    expect(delivery.first).toBe('waiting');
    expect(upload1.decided()).toBe(false);
    expect(upload2.decided()).toBeUndefined();
    expect(budget.waiting).toBe(35);
    // A complete chunk never displaces another complete one.
    expect(reserve(body('delivery2'), 30, true).first).toBe('refused');
  });

  it('release returns every byte once, and withdraws a waiting chunk without deciding it', () => {
    const { budget, body, reserve } = setup(100, { evictAfterMs: 1000, stallMs: 250 });
    const a = body('a');
    reserve(a, 30);
    reserve(a, 20);
    a.release();
    a.release();
    expect(budget.used).toBe(0);
    reserve(body('full'), 100);
    const waiter = body('waiter');
    const w = reserve(waiter, 10);
    waiter.release();
    expect(budget.waiting).toBe(0);
    expect(w.decided()).toBeUndefined();
  });
});
