import { describe, it, expect } from '@jest/globals';
import { resolveWindow, WindowError } from '../src/audit-window.js';

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
