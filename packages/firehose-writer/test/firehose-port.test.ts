// The Firehose client every writer uses (the ingress, the EventBridge consumer, backfill and the daily
// audit's auto-backfill) against an endpoint that accepts each request and never answers: the call ends
// with a TimeoutError at its request timeout, after one attempt (the writer retries by itself).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFirehoseClient, sdkFirehosePort } from '../src/firehose-port.js';

let silent: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  silent = createServer(() => {
    requests++; // read, never answered
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

describe('createFirehoseClient against an endpoint that accepts and never answers', () => {
  it('PutRecordBatch fails with a TimeoutError after one attempt', async () => {
    const client = createFirehoseClient({ region: 'us-east-1', endpoint: url, requestTimeoutMs: 300, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      const port = sdkFirehosePort(client, 'event-lake');
      await expect(port.putRecordBatch([new TextEncoder().encode('{"id":"evt_1"}\n')])).rejects.toMatchObject({
        name: 'TimeoutError',
        message: expect.stringMatching(/300 ms requestTimeout/) as unknown as string,
      });
      expect(requests).toBe(1);
    } finally {
      client.destroy();
    }
  }, 20_000);
});
