import { describe, it, expect } from '@jest/globals';
import { isSigningSecret } from '@event-lake/ingress/stripe-signature';
import { loadStackConfig, DEVELOPMENT_WEBHOOK_SECRET } from '../src/index.js';

describe('loadStackConfig', () => {
  it('works with no variables: port 3001, development secret, ./lake from where pnpm ran, 10 s interval', () => {
    const c = loadStackConfig({ INIT_CWD: '/home/dev/event-lake' }, '/home/dev/event-lake/packages/local-stack');
    expect(c).toMatchObject({ ingressPort: 3001, webhookSecret: DEVELOPMENT_WEBHOOK_SECRET, usingDevelopmentSecret: true });
    expect(c.firehose).toMatchObject({ port: 4573, lakeDir: '/home/dev/event-lake/lake', bufferIntervalSeconds: 10, bufferSizeMiB: 5 });
    expect(isSigningSecret(DEVELOPMENT_WEBHOOK_SECRET)).toBe(true); // the ingress accepts it
  });

  it('takes the variables shared with the ingress and firehose-local', () => {
    const c = loadStackConfig({ PORT: '8080', STRIPE_WEBHOOK_SECRET: 'whsec_a,whsec_b', LAKE_DIR: '/data/lake', FIREHOSE_BUFFER_INTERVAL_SECONDS: '60', FIREHOSE_LOCAL_PORT: '5000' }, '/x');
    expect(c).toMatchObject({ ingressPort: 8080, webhookSecret: 'whsec_a,whsec_b', usingDevelopmentSecret: false });
    expect(c.firehose).toMatchObject({ lakeDir: '/data/lake', bufferIntervalSeconds: 60, port: 5000 });
  });

  it('logs readable lines on a terminal and JSON otherwise, unless LOG_FORMAT says which', () => {
    expect(loadStackConfig({}, '/x', true).logFormat).toBe('pretty');
    expect(loadStackConfig({}, '/x', false).logFormat).toBe('json');
    expect(loadStackConfig({ LOG_FORMAT: 'json' }, '/x', true).logFormat).toBe('json');
    expect(loadStackConfig({ LOG_FORMAT: ' Pretty ' }, '/x', false).logFormat).toBe('pretty');
    expect(() => loadStackConfig({ LOG_FORMAT: 'yaml' }, '/x')).toThrow('LOG_FORMAT must be pretty or json, got "yaml"');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadStackConfig({ PORT: 'http' }, '/x')).toThrow('PORT must be a port number 0-65535, got "http"');
    expect(() => loadStackConfig({ FIREHOSE_BUFFER_INTERVAL_SECONDS: '1000' }, '/x')).toThrow(/^FIREHOSE_BUFFER_INTERVAL_SECONDS must be/);
  });
});
