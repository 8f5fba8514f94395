import { describe, it, expect } from '@jest/globals';
import { ConfigError, boolean, httpUrl, integer, logLevel, number, oneOf, optional, port, text } from '../src/index.js';

describe('env readers', () => {
  it('fall back when a variable is unset or blank, and trim what is set', () => {
    expect(text({ A: '  ' }, 'A', 'x')).toBe('x');
    expect(optional({ A: ' v ' }, 'A')).toBe('v');
    expect(integer({}, 'N', 7, 0, 10)).toBe(7);
    expect(integer({ N: ' 9 ' }, 'N', 7, 0, 10)).toBe(9);
    expect(number({ R: '0.25' }, 'R', 0, 0, 1)).toBe(0.25);
    expect(port({ P: '0' }, 'P', 3001)).toBe(0);
    expect(boolean({ B: 'TRUE' }, 'B', false)).toBe(true);
    expect(oneOf({ M: 'Off' }, 'M', ['on', 'off'], 'on')).toBe('off');
    expect(logLevel({})).toBe('info');
    expect(httpUrl({ U: 'http://127.0.0.1:4573' }, 'U')).toBe('http://127.0.0.1:4573');
  });

  it.each([
    ['integer', () => integer({ N: '1.5' }, 'N', 0, 0, 10), 'N must be a whole number from 0 to 10, got "1.5"'],
    ['integer range', () => integer({ N: '11' }, 'N', 0, 0, 10), 'N must be a whole number from 0 to 10, got "11"'],
    ['number', () => number({ R: 'x' }, 'R', 0, 0, 1), 'R must be a number from 0 to 1, got "x"'],
    ['port', () => port({ P: '70000' }, 'P', 1), 'P must be a port number 0-65535, got "70000"'],
    ['boolean', () => boolean({ B: 'maybe' }, 'B', false), 'B must be true or false, got "maybe"'],
    ['oneOf', () => oneOf({ M: 'x' }, 'M', ['on', 'off'], 'on'), 'M must be one of on, off, got "x"'],
    ['httpUrl', () => httpUrl({ U: 'ftp://h' }, 'U'), 'U must be an http(s) URL'],
  ])('%s: the error names the variable and says what is expected', (_kind, read, message) => {
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(message);
  });

  it('keeps the variable and the problem apart for callers that phrase their own messages', () => {
    const error = new ConfigError('PORT', 'must be a port number 0-65535, got "x"');
    expect({ variable: error.variable, problem: error.problem, message: error.message })
      .toEqual({ variable: 'PORT', problem: 'must be a port number 0-65535, got "x"', message: 'PORT must be a port number 0-65535, got "x"' });
  });
});
