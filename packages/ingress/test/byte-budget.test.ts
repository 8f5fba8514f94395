import { describe, it, expect } from '@jest/globals';
import { ByteBudget, type BodyHold } from '../src/byte-budget.js';

/** A budget on a hand-moved clock, and bodies that record being cut (and release, as readBody does). */
function setup(limit: number, evictAfterMs: number) {
  let now = 0;
  const budget = new ByteBudget(limit, { evictAfterMs, now: () => now });
  const cut: string[] = [];
  const body = (name: string): BodyHold => {
    const hold: BodyHold = budget.hold(() => {
      cut.push(name);
      hold.release();
    });
    return hold;
  };
  return { budget, body, cut, advance: (ms: number) => (now += ms) };
}

describe('ByteBudget', () => {
  it('refuses a chunk that does not fit while every other body is younger than the grace', () => {
    const { budget, body, cut, advance } = setup(100, 1000);
    expect(body('a').reserve(60)).toBe(true);
    advance(999);
    expect(body('b').reserve(50)).toBe(false);
    expect(cut).toEqual([]);
    expect(budget.used).toBe(60);
  });

  it('cuts bodies past the grace, oldest first, only as many as the chunk needs', () => {
    const { budget, body, cut, advance } = setup(100, 1000);
    body('a').reserve(40);
    advance(10);
    body('b').reserve(40);
    advance(10);
    body('c').reserve(20);
    advance(1000);
    expect(body('d').reserve(50)).toBe(true);
    expect(cut).toEqual(['a', 'b']);
    expect(budget.used).toBe(70);
  });

  it('never cuts a body that has arrived in full, nor the body asking', () => {
    const { budget, body, cut, advance } = setup(100, 1000);
    const done = body('done');
    done.reserve(50);
    done.arrived();
    const slow = body('slow');
    slow.reserve(50);
    advance(5000);
    expect(slow.reserve(10)).toBe(false);
    expect(cut).toEqual([]);
    done.release();
    expect(slow.reserve(10)).toBe(true);
    expect(budget.used).toBe(60);
  });

  it('release returns every byte once', () => {
    const { budget, body } = setup(100, 1000);
    const a = body('a');
    a.reserve(30);
    a.reserve(20);
    a.release();
    a.release();
    expect(budget.used).toBe(0);
  });
});
