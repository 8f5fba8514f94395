import { describe, it, expect } from '@jest/globals';
import { ConfigError } from '@event-lake/env-config';
import { CliError, USAGE_EXIT, UsageError, parseFlags, parseFlagsAndPositionals, toolError } from '../src/index.js';

const parse = (args: string[]) => parseFlags(args, {
  since: { type: 'string' },
  type: { type: 'string', multiple: true, default: [] },
  'dry-run': { type: 'boolean', default: false },
});

describe('parseFlags', () => {
  it('returns the typed values, with defaults for flags not given', () => {
    expect(parse(['--since', '2026-11-01', '--type', 'a.b', '--type', 'c.*'])).toEqual({ since: '2026-11-01', type: ['a.b', 'c.*'], 'dry-run': false });
    expect(parse(['--dry-run'])).toEqual({ type: [], 'dry-run': true });
  });

  it.each([
    ['an unknown flag', ['--sinse', 'x'], /Unknown option '--sinse'/],
    ['a flag without its value', ['--since'], /--since <value>' argument missing/],
    ['a positional', ['extra'], /Unexpected argument 'extra'/],
  ])('%s is a UsageError ending the tool with exit code 2', (_case, args, message) => {
    let thrown: unknown;
    try {
      parse(args);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as UsageError).exitCode).toBe(USAGE_EXIT);
    expect(USAGE_EXIT).toBe(2);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('parseFlagsAndPositionals', () => {
  const options = { format: { type: 'string' } } as const;

  it('returns the flags and the positional arguments', () => {
    const { values, positionals } = parseFlagsAndPositionals(['daily_volume', '--format', 'csv'], options);
    expect(values).toEqual({ format: 'csv' });
    expect(positionals).toEqual(['daily_volume']);
  });

  it("names an unknown flag in one line, without Node's hint about `--` for positionals", () => {
    expect(() => parseFlagsAndPositionals(['--bogus'], options)).toThrow(new UsageError("Unknown option '--bogus'"));
  });
});

describe('CliError', () => {
  it('carries the exit code and the cause, and is named for its class', () => {
    class LakeError extends CliError {}
    const cause = new Error('Athena said no');
    const err = new LakeError('the lake could not be read', 3, { cause });
    expect(err).toMatchObject({ name: 'LakeError', message: 'the lake could not be read', exitCode: 3, cause });
  });
});

describe('toolError', () => {
  it('ends a ConfigError from any environment reader with the usage exit code and its one-line message', () => {
    const known = toolError(new ConfigError('PORT', 'must be a port number 0-65535, got "x"'));
    expect(known).toBeInstanceOf(UsageError);
    expect(known).toMatchObject({ exitCode: USAGE_EXIT, message: 'PORT must be a port number 0-65535, got "x"' });
  });

  it('keeps a CliError as it is and knows nothing else', () => {
    const lake = new CliError('the lake could not be read', 3);
    expect(toolError(lake)).toBe(lake);
    expect(toolError(new TypeError('a bug'))).toBeUndefined();
    expect(toolError('a string')).toBeUndefined();
  });
});
