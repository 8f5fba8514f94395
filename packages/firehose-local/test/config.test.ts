import { describe, it, expect } from '@jest/globals';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({}, '/repo')).toEqual({
      port: 4573,
      host: '127.0.0.1',
      lakeDir: '/repo/lake',
      streamName: 'event-lake-stripe-events',
      bufferSizeMiB: 5,
      bufferIntervalSeconds: 300,
      faults: { failCallRate: 0, failRecordRate: 0, latencyMs: 0, hang: false },
      logLevel: 'info',
    });
  });

  it('resolves a relative LAKE_DIR against the directory pnpm was run from (INIT_CWD)', () => {
    expect(loadConfig({ INIT_CWD: '/home/me/repo', LAKE_DIR: './data/lake' }, '/home/me/repo/packages/firehose-local').lakeDir).toBe('/home/me/repo/data/lake');
    expect(loadConfig({ INIT_CWD: '/x', LAKE_DIR: '/abs/lake' }, '/y').lakeDir).toBe('/abs/lake');
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        FIREHOSE_LOCAL_PORT: '0', FIREHOSE_DELIVERY_STREAM_NAME: 's1', FIREHOSE_BUFFER_SIZE_MIB: '128', FIREHOSE_BUFFER_INTERVAL_SECONDS: '0',
        FIREHOSE_LOCAL_FAIL_CALL_RATE: '0.25', FIREHOSE_LOCAL_FAIL_RECORD_RATE: '1', FIREHOSE_LOCAL_LATENCY_MS: '50', FIREHOSE_LOCAL_HANG: 'true',
      },
      '/r',
    );
    expect(config).toMatchObject({ port: 0, streamName: 's1', bufferSizeMiB: 128, bufferIntervalSeconds: 0 });
    expect(config.faults).toEqual({ failCallRate: 0.25, failRecordRate: 1, latencyMs: 50, hang: true });
  });

  it.each([
    ['FIREHOSE_LOCAL_PORT', '70000', 'FIREHOSE_LOCAL_PORT must be a whole number from 0 to 65535, got "70000"'],
    ['FIREHOSE_BUFFER_SIZE_MIB', '0', 'FIREHOSE_BUFFER_SIZE_MIB must be a whole number from 1 to 128, got "0"'],
    ['FIREHOSE_BUFFER_INTERVAL_SECONDS', '1.5', 'FIREHOSE_BUFFER_INTERVAL_SECONDS must be a whole number from 0 to 900, got "1.5"'],
    ['FIREHOSE_LOCAL_FAIL_RECORD_RATE', '2', 'FIREHOSE_LOCAL_FAIL_RECORD_RATE must be a number from 0 to 1, got "2"'],
    ['FIREHOSE_LOCAL_HANG', 'maybe', 'FIREHOSE_LOCAL_HANG must be true or false, got "maybe"'],
    ['FIREHOSE_DELIVERY_STREAM_NAME', 'bad name', 'FIREHOSE_DELIVERY_STREAM_NAME must be 1-64 characters'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value }, '/r')).toThrow(message);
  });
});
