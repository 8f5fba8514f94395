// The lake location and the Athena settings, read once for every tool (query, curate, audit, replay).
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '@event-lake/cli-kit';
import { athenaSettingsFrom, backendFrom, lakeDirFrom } from '../src/index.js';

describe('lakeDirFrom', () => {
  it('takes the flag, else LAKE_DIR, else ./lake, relative to where the user ran pnpm', () => {
    expect(lakeDirFrom('data', { INIT_CWD: '/home/me', LAKE_DIR: 'other' }, '/repo/pkg')).toBe('/home/me/data');
    expect(lakeDirFrom(undefined, { INIT_CWD: '/home/me', LAKE_DIR: ' other ' }, '/repo/pkg')).toBe('/home/me/other');
    expect(lakeDirFrom(undefined, { LAKE_DIR: '' }, '/repo/pkg')).toBe('/repo/pkg/lake');
  });
});

describe('athenaSettingsFrom', () => {
  const env = { ATHENA_WORKGROUP: 'wg-env', ATHENA_DATABASE: 'db', AWS_REGION: 'eu-west-1', ATHENA_OUTPUT_LOCATION: 's3://r/' };

  it('takes flags first, then the environment; unset settings are absent', () => {
    expect(athenaSettingsFrom(env, { workgroup: 'wg-flag' })).toEqual({ workgroup: 'wg-flag', database: 'db', region: 'eu-west-1', outputLocation: 's3://r/' });
    expect(athenaSettingsFrom({ ATHENA_WORKGROUP: '' })).toEqual({});
  });

  it('refuses a result location that is not s3://, naming where it came from', () => {
    expect(() => athenaSettingsFrom({ ATHENA_OUTPUT_LOCATION: 'bucket/x' })).toThrow(new UsageError('ATHENA_OUTPUT_LOCATION must be an s3:// URI, got "bucket/x"'));
    expect(() => athenaSettingsFrom(env, { outputLocation: 'bucket/y' })).toThrow(new UsageError('--output-location must be an s3:// URI, got "bucket/y"'));
  });
});

describe('backendFrom', () => {
  it('is local unless --backend says athena, and refuses anything else, echoing at most 40 characters', () => {
    expect(backendFrom(undefined)).toBe('local');
    expect(backendFrom('local')).toBe('local');
    expect(backendFrom('athena')).toBe('athena');
    expect(() => backendFrom('spark')).toThrow(new UsageError('--backend must be local or athena, got "spark"'));
    expect(() => backendFrom('x'.repeat(100))).toThrow(new UsageError(`--backend must be local or athena, got "${'x'.repeat(40)}"`));
  });
});
