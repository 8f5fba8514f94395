import { describe, it, expect } from '@jest/globals';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '@event-lake/env-config';
import { stripeHostSettings } from '../src/stripe-client.js';

const key = { STRIPE_API_KEY: 'rk_test_abc123' };

describe('loadConfig', () => {
  it('resolves LAKE_DIR (default ./lake) against INIT_CWD, the directory pnpm was run from', () => {
    expect(loadConfig({ ...key, INIT_CWD: '/home/me/repo' }, '/home/me/repo/packages/completeness').lakeDir).toBe('/home/me/repo/lake');
    expect(loadConfig({ ...key, INIT_CWD: '/home/me', LAKE_DIR: 'data/lake' }, '/x').lakeDir).toBe('/home/me/data/lake');
    expect(loadConfig({ ...key, LAKE_DIR: '/abs/lake' }, '/x').lakeDir).toBe('/abs/lake');
    expect(loadConfig(key, '/x').lakeDir).toBe('/x/lake');
  });

  it('targets the same delivery stream as the ingress, with dummy credentials for a loopback endpoint', () => {
    const c = loadConfig({ ...key, AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' }, '/x');
    expect(c.firehose).toEqual({
      deliveryStreamName: 'event-lake-stripe-events',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4573',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const aws = loadConfig({ ...key, AWS_REGION: 'eu-west-1', FIREHOSE_DELIVERY_STREAM_NAME: 'prod-events' }, '/x');
    expect(aws.firehose).toEqual({ deliveryStreamName: 'prod-events', region: 'eu-west-1', endpoint: undefined, credentials: undefined });
  });

  it('keeps a delivery-stream problem as an error only --apply raises', () => {
    expect(loadConfig(key, '/x').firehose).toBeInstanceOf(ConfigError);
    expect(loadConfig({ ...key, AWS_REGION: 'Europe' }, '/x').firehose).toBeInstanceOf(ConfigError);
  });

  it('refuses a missing or malformed key without echoing it', () => {
    expect(() => loadConfig({}, '/x')).toThrow(/STRIPE_API_KEY is required/);
    try {
      loadConfig({ STRIPE_API_KEY: 'pk_live_publishableSecretish' }, '/x');
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).not.toContain('publishableSecretish');
    }
  });
});

describe('stripeHostSettings (STRIPE_API_BASE)', () => {
  it('maps a base URL onto stripe-node host/port/protocol', () => {
    expect(stripeHostSettings(new URL('http://127.0.0.1:12111'))).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeHostSettings(new URL('https://api.stripe.com'))).toEqual({ host: 'api.stripe.com', port: 443, protocol: 'https' });
    expect(stripeHostSettings(new URL('http://[::1]:8080/'))).toEqual({ host: '::1', port: 8080, protocol: 'http' });
  });

  it('refuses what stripe-node cannot express', () => {
    expect(() => stripeHostSettings(new URL('http://localhost:1/v1'))).toThrow(/must not have a path/);
    expect(() => stripeHostSettings(new URL('ftp://localhost'))).toThrow(/http/);
  });
});
