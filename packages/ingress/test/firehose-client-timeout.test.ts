// The Firehose client every writer uses (createFirehoseClient: the ingress, the EventBridge consumer,
// backfill and the daily audit's auto-backfill) against an endpoint that accepts each request and never
// answers: the call ends with a TimeoutError at its request timeout, after one attempt (the writer
// retries by itself, within each write's deadline).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSilentEndpoint, type SilentEndpoint } from '@event-lake/firehose-local';
import { createFirehoseClient, sdkFirehosePort } from '@event-lake/firehose-writer';

let silent: SilentEndpoint;
beforeAll(async () => {
  silent = await startSilentEndpoint();
});
afterAll(() => silent.close());

describe('createFirehoseClient against an endpoint that accepts and never answers', () => {
  it('PutRecordBatch fails with a TimeoutError after one attempt', async () => {
    const client = createFirehoseClient({ region: 'us-east-1', endpoint: silent.url, requestTimeoutMs: 300, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      const port = sdkFirehosePort(client, 'event-lake');
      await expect(port.putRecordBatch([new TextEncoder().encode('{"id":"evt_1"}\n')])).rejects.toMatchObject({
        name: 'TimeoutError',
        message: expect.stringMatching(/300 ms requestTimeout/) as unknown as string,
      });
      expect(silent.requests()).toBe(1);
    } finally {
      client.destroy();
    }
  }, 20_000);
});
