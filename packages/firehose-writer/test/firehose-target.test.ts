import { describe, it, expect } from '@jest/globals';
import { DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import { ConfigError } from '@event-lake/env-config';
import { loadFirehoseTarget } from '../src/firehose-target.js';

function variableOf(env: Record<string, string>): string {
  try {
    loadFirehoseTarget(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.variable;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadFirehoseTarget', () => {
  it('returns a frozen target for the real service', () => {
    const target = loadFirehoseTarget({ AWS_REGION: 'eu-west-1', FIREHOSE_DELIVERY_STREAM_NAME: 'prod-events' });
    expect(target).toEqual({ deliveryStreamName: 'prod-events', region: 'eu-west-1', endpoint: undefined, useLocalCredentials: false });
    expect(Object.isFrozen(target)).toBe(true);
  });

  it('defaults the region and uses dummy credentials for a loopback endpoint with no credential source', () => {
    for (const endpoint of ['http://127.0.0.1:4573', 'http://localhost:4573', 'http://[::1]:4573']) {
      expect(loadFirehoseTarget({ AWS_ENDPOINT_URL_FIREHOSE: endpoint })).toEqual({
        deliveryStreamName: DEFAULT_DELIVERY_STREAM_NAME, region: 'us-east-1', endpoint, useLocalCredentials: true,
      });
    }
    expect(loadFirehoseTarget({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4573' }).endpoint).toBe('http://127.0.0.1:4573');
  });

  it('leaves credentials to the SDK when the environment names a source or the endpoint is not loopback', () => {
    const local = { AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
      expect(loadFirehoseTarget({ ...local, [name]: 'x' }).useLocalCredentials).toBe(false);
    }
    expect(loadFirehoseTarget({ AWS_ENDPOINT_URL_FIREHOSE: 'http://10.0.0.5:4573' }).useLocalCredentials).toBe(false);
  });

  it('names the variable that is missing or malformed', () => {
    expect(variableOf({})).toBe('AWS_REGION');
    expect(variableOf({ AWS_REGION: 'Europe' })).toBe('AWS_REGION');
    expect(variableOf({ AWS_REGION: 'eu-west-1', FIREHOSE_DELIVERY_STREAM_NAME: 'bad name!' })).toBe('FIREHOSE_DELIVERY_STREAM_NAME');
    expect(variableOf({ AWS_ENDPOINT_URL_FIREHOSE: 'ftp://127.0.0.1' })).toBe('AWS_ENDPOINT_URL_FIREHOSE');
    expect(variableOf({ AWS_ENDPOINT_URL: 'not a url' })).toBe('AWS_ENDPOINT_URL');
  });

  it('accepts every shape of region name AWS uses, the European Sovereign Cloud included (issue #11 item 14)', () => {
    for (const region of ['eu-west-1', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-5', 'eusc-de-east-1', 'us-isob-east-1']) {
      expect(loadFirehoseTarget({ AWS_REGION: region }).region).toBe(region);
    }
    for (const region of ['Europe', 'eu-west', 'eu_west_1', 'EU-WEST-1', 'eusc-de-east-1 ']) {
      if (region.trim() === region) expect(variableOf({ AWS_REGION: region })).toBe('AWS_REGION');
    }
  });
});
