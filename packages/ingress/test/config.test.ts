import { describe, it, expect } from '@jest/globals';
import { DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import { ConfigError } from '@event-lake/env-config';
import { loadConfig } from '../src/config.js';
import { SECRET_A, SECRET_B } from '@event-lake/test-kit';

const base = { STRIPE_WEBHOOK_SECRET: SECRET_A, AWS_REGION: 'eu-west-1' };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies documented defaults and returns a frozen object', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      listenHost: '0.0.0.0', port: 3001, webhookSecrets: [SECRET_A], deliveryStreamName: DEFAULT_DELIVERY_STREAM_NAME, awsRegion: 'eu-west-1',
      firehoseEndpoint: undefined, useLocalCredentials: false, bodyLimitBytes: 4 * 1024 * 1024, requestDeadlineMs: 4000,
      signatureToleranceSeconds: 300, bodyGraceMs: 1000, batchLingerMs: 5, logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.webhookSecrets)).toBe(true);
  });

  it('reads several comma-separated secrets, trimming spaces', () => {
    expect(loadConfig({ ...base, STRIPE_WEBHOOK_SECRET: ` ${SECRET_A} , ${SECRET_B}` }).webhookSecrets).toEqual([SECRET_A, SECRET_B]);
  });

  it('refuses to start without a secret (fail closed)', () => {
    expect(configError({ AWS_REGION: 'eu-west-1' }).variable).toBe('STRIPE_WEBHOOK_SECRET');
    expect(configError({ ...base, STRIPE_WEBHOOK_SECRET: '  ' }).variable).toBe('STRIPE_WEBHOOK_SECRET');
  });

  it('refuses a value that does not look like a secret, without echoing it', () => {
    const error = configError({ ...base, STRIPE_WEBHOOK_SECRET: `${SECRET_A},sk_live_supersecretvalue123` });
    expect(error.message).toMatch(/^STRIPE_WEBHOOK_SECRET item 2 of 2/);
    expect(error.message).not.toContain('supersecret');
    expect(error.message).not.toContain(SECRET_A);
    expect(configError({ ...base, STRIPE_WEBHOOK_SECRET: `${SECRET_A},` }).message).toMatch(/item 2 of 2/);
  });

  it('requires AWS_REGION unless a Firehose endpoint is given', () => {
    expect(configError({ STRIPE_WEBHOOK_SECRET: SECRET_A }).variable).toBe('AWS_REGION');
    const local = loadConfig({ STRIPE_WEBHOOK_SECRET: SECRET_A, AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' });
    expect(local).toMatchObject({ awsRegion: 'us-east-1', firehoseEndpoint: 'http://127.0.0.1:4573', useLocalCredentials: true });
    expect(loadConfig({ ...base, AWS_ENDPOINT_URL_FIREHOSE: 'http://localhost:4573', AWS_ACCESS_KEY_ID: 'x' }).useLocalCredentials).toBe(false);
  });

  it('listens where AWS Lambda Web Functions say (AWS_LAMBDA_HTTP_ENDPOINT, host:port), else on PORT', () => {
    expect(loadConfig({ ...base, AWS_LAMBDA_HTTP_ENDPOINT: '127.0.0.1:8080' })).toMatchObject({ listenHost: '127.0.0.1', port: 8080 });
    expect(loadConfig({ ...base, AWS_LAMBDA_HTTP_ENDPOINT: '[::1]:9000' })).toMatchObject({ listenHost: '::1', port: 9000 });
    expect(loadConfig({ ...base, AWS_LAMBDA_HTTP_ENDPOINT: 'localhost:8080', PORT: '3005' })).toMatchObject({ listenHost: 'localhost', port: 8080 });
    expect(loadConfig({ ...base, PORT: '3005' })).toMatchObject({ listenHost: '0.0.0.0', port: 3005 });
  });

  it.each([
    ['AWS_LAMBDA_HTTP_ENDPOINT', '8080'], ['AWS_LAMBDA_HTTP_ENDPOINT', '127.0.0.1:0'], ['AWS_LAMBDA_HTTP_ENDPOINT', '127.0.0.1:99999'],
    ['AWS_LAMBDA_HTTP_ENDPOINT', '::1:8080'],
    ['PORT', 'abc'], ['PORT', '70000'], ['AWS_REGION', 'Europe'], ['FIREHOSE_DELIVERY_STREAM_NAME', 'bad name!'],
    ['AWS_ENDPOINT_URL_FIREHOSE', 'not a url'], ['INGRESS_BODY_LIMIT_BYTES', '-1'], ['INGRESS_REQUEST_DEADLINE_MS', '1.5'],
    ['LOG_LEVEL', 'loud'], ['INGRESS_MAX_IN_FLIGHT_BYTES', String(2 * 1024 * 1024)], ['INGRESS_BODY_GRACE_MS', '10'],
  ])('names %s when it is malformed (%s)', (variable, value) => {
    expect(configError({ ...base, [variable]: value }).variable).toBe(variable);
  });
});
