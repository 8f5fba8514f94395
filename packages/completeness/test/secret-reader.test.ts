// The daily audit's Secrets Manager client against an endpoint that accepts each request and never
// answers: every attempt ends at its timeout, and the run reports AuditFailed = 1 with the reason instead
// of waiting out the Lambda's 15 minutes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSilentEndpoint, type SilentEndpoint } from '@event-lake/firehose-local';
import { runDailyAudit } from '../src/daily-audit/daily-audit.js';
import { createSecretReader } from '../src/daily-audit/secret-reader.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:event-lake-stripe-api-key-AbCdEf';

let silent: SilentEndpoint;
beforeAll(async () => {
  silent = await startSilentEndpoint();
});
afterAll(() => silent.close());

describe('the daily audit\'s secret read when Secrets Manager accepts and never answers', () => {
  it('each attempt times out, and the run fails with AuditFailed = 1 naming the timeout', async () => {
    const reader = createSecretReader({ endpoint: silent.url, region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestTimeoutMs: 300 });
    const lines: string[] = [];
    try {
      const run = runDailyAudit({
        env: { STRIPE_API_KEY_SECRET_ARN: SECRET_ARN, AWS_REGION: 'eu-west-1', ATHENA_WORKGROUP: 'event-lake', METRICS_NAMESPACE: 'EventLake' },
        now: () => new Date('2026-11-22T12:00:00.000Z'),
        readSecret: (arn) => reader.read(arn),
        log: (line) => lines.push(line),
      });
      await expect(run).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      reader.destroy();
    }
    expect(silent.requests()).toBe(3); // the SDK's standard attempts, each one ended
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      AuditFailed: 1,
      AuditSucceeded: 0,
      message: expect.stringMatching(/^daily audit failed: TimeoutError: .*300 ms requestTimeout/) as unknown as string,
    });
  }, 20_000);
});
