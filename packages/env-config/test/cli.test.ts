import { describe, it, expect } from '@jest/globals';
import { CliError, USAGE_EXIT, UsageError, parseFlags } from '../src/index.js';

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

describe('CliError', () => {
  it('carries the exit code and the cause, and is named for its class', () => {
    class LakeError extends CliError {}
    const cause = new Error('Athena said no');
    const err = new LakeError('the lake could not be read', 3, { cause });
    expect(err).toMatchObject({ name: 'LakeError', message: 'the lake could not be read', exitCode: 3, cause });
  });
});
