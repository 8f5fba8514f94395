import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@event-lake/env-config';
import { formatSeconds, secondsFlag, secondsVariable, USAGE_EXIT, UsageError } from '../src/index.js';

describe('formatSeconds', () => {
  it('prints milliseconds as seconds with the unit, to the digits asked for', () => {
    expect(formatSeconds(1234, 2)).toBe('1.23 s');
    expect(formatSeconds(61_960, 1)).toBe('62.0 s');
    expect(formatSeconds(1500, 0)).toBe('2 s');
    expect(formatSeconds(1499, 0)).toBe('1 s');
    expect(formatSeconds(0, 2)).toBe('0.00 s');
  });

  it('without digits prints a set limit exactly as it is', () => {
    expect(formatSeconds(45_000)).toBe('45 s');
    expect(formatSeconds(200)).toBe('0.2 s');
  });
});

describe('secondsFlag', () => {
  it('reads a whole number of seconds in range, or the fallback when the flag is absent', () => {
    expect(secondsFlag('60', '--wait', 0, 0, 900)).toBe(60);
    expect(secondsFlag('0', '--wait', 5, 0, 900)).toBe(0);
    expect(secondsFlag(undefined, '--wait', 5, 0, 900)).toBe(5);
  });

  it.each(['1.5', '-1', '901', '', ' 60', '1e2', 'soon'])('refuses %j with a usage error naming the flag', (raw) => {
    let thrown: unknown;
    try {
      secondsFlag(raw, '--wait', 0, 0, 900);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).exitCode).toBe(USAGE_EXIT);
    expect((thrown as Error).message).toBe(`--wait must be a whole number of seconds from 0 to 900, got "${raw}"`);
  });
});

describe('secondsVariable', () => {
  it('reads a whole number of seconds in range, or the fallback when unset or blank', () => {
    expect(secondsVariable({ T: ' 300 ' }, 'T', 60, 0, 900)).toBe(300);
    expect(secondsVariable({}, 'T', 60, 0, 900)).toBe(60);
    expect(secondsVariable({ T: '  ' }, 'T', 60, 0, 900)).toBe(60);
  });

  it('refuses a value out of range or not whole with a ConfigError naming the variable', () => {
    expect(() => secondsVariable({ T: '901' }, 'T', 60, 0, 900)).toThrow(new ConfigError('T', 'must be a whole number of seconds from 0 to 900, got "901"'));
    expect(() => secondsVariable({ T: '2.5' }, 'T', 60, 0, 900)).toThrow(ConfigError);
  });
});
