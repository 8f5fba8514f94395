// The command-line instants and the user's working directory, as every tool reads them.
import { describe, expect, it } from '@jest/globals';
import { parseInstant, userCwd, UsageError } from '../src/index.js';

describe('parseInstant', () => {
  it('reads a date as midnight UTC and a date-time with its zone', () => {
    expect(parseInstant('2026-11-20', '--since').toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(parseInstant('2026-11-20T10:00:00+01:00', '--until').toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it.each(['2026-11-20T10:00:00', 'yesterday', '2026-13-45'])('refuses %j with a usage error naming the flag', (raw) => {
    expect(() => parseInstant(raw, '--since')).toThrow(UsageError);
    expect(() => parseInstant(raw, '--since')).toThrow(`--since must be a date (2026-11-20, UTC) or a date-time with a zone (2026-11-20T10:00:00Z), got "${raw}"`);
  });
});

describe('userCwd', () => {
  it('is INIT_CWD when pnpm set it, else the process folder', () => {
    expect(userCwd({ INIT_CWD: '/home/me' }, '/repo/packages/x')).toBe('/home/me');
    expect(userCwd({ INIT_CWD: '' }, '/repo/packages/x')).toBe('/repo/packages/x');
    expect(userCwd({}, '/repo/packages/x')).toBe('/repo/packages/x');
  });
});
