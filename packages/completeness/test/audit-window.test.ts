import { describe, it, expect } from '@jest/globals';
import { deliverySettleMs, mayStillBeBuffered, resolveWindow, WindowError } from '../src/audit-window.js';

const now = new Date('2026-11-22T12:00:00.000Z');

describe('resolveWindow', () => {
  it('defaults to the last 3 days up to now', () => {
    expect(resolveWindow({}, now)).toEqual({ since: new Date('2026-11-19T12:00:00.000Z'), until: now });
  });

  it('takes --days', () => {
    expect(resolveWindow({ days: '7' }, now).since).toEqual(new Date('2026-11-15T12:00:00.000Z'));
  });

  it('takes --since and --until as dates (UTC) or date-times with a zone', () => {
    expect(resolveWindow({ since: '2026-11-20', until: '2026-11-21T06:30:00+01:00' }, now)).toEqual({
      since: new Date('2026-11-20T00:00:00.000Z'),
      until: new Date('2026-11-21T05:30:00.000Z'),
    });
  });

  it('accepts exactly 30 days', () => {
    expect(resolveWindow({ days: '30' }, now).since).toEqual(new Date('2026-10-23T12:00:00.000Z'));
  });

  it('refuses more than 30 days, saying why', () => {
    expect(() => resolveWindow({ days: '31' }, now)).toThrow(/--days 31 is more than 30: Stripe's Events API only lists the last 30 days/);
    expect(() => resolveWindow({ since: '2026-10-01' }, now)).toThrow(/more than 30 days ago: Stripe's Events API only lists the last 30 days/);
  });

  it('refuses malformed or contradictory flags', () => {
    expect(() => resolveWindow({ days: 'three' }, now)).toThrow(WindowError);
    expect(() => resolveWindow({ days: '0' }, now)).toThrow(/positive/);
    expect(() => resolveWindow({ since: '2026-11-20T10:00:00' }, now)).toThrow(/with a zone/);
    expect(() => resolveWindow({ since: '2026-11-20', days: '2' }, now)).toThrow(/either --days or --since/);
    expect(() => resolveWindow({ since: '2026-11-21', until: '2026-11-20' }, now)).toThrow(/window is empty/);
  });
});

describe('window end and Firehose buffering', () => {
  it('settles for the buffer interval plus a 300 s margin', () => {
    expect(deliverySettleMs(300)).toBe(600_000);
    expect(deliverySettleMs(900)).toBe(1_200_000);
    expect(deliverySettleMs(0)).toBe(300_000);
  });

  it('ends the default window that long before now, and counts --days back from there', () => {
    expect(resolveWindow({}, now, deliverySettleMs(300))).toEqual({
      since: new Date('2026-11-19T11:50:00.000Z'),
      until: new Date('2026-11-22T11:50:00.000Z'),
    });
  });

  it('keeps an explicit --until as given, and tells whether it is late enough', () => {
    const w = resolveWindow({ until: '2026-11-22T11:55:00Z' }, now, deliverySettleMs(300));
    expect(w.until).toEqual(new Date('2026-11-22T11:55:00.000Z'));
    expect(mayStillBeBuffered(w.until, now, deliverySettleMs(300))).toBe(true);
    expect(mayStillBeBuffered(new Date('2026-11-22T11:50:00Z'), now, deliverySettleMs(300))).toBe(false);
  });
});
