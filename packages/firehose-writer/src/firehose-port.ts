// The writer's one seam to Firehose: two operations, as small as the writer needs. `sdkFirehosePort`
// adapts the real @aws-sdk/client-firehose; unit tests pass a few-line fake instead of mocking the SDK.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface FailedRecord {
  index: number;
  /** Firehose's per-record ErrorCode, e.g. ServiceUnavailableException or InternalFailure. */
  code: string;
}

export interface FirehosePort {
  /** One PutRecordBatch call. Resolves with the records that failed inside an accepted call; rejects when the call failed. */
  putRecordBatch(records: readonly Uint8Array[]): Promise<{ failed: readonly FailedRecord[] }>;
  /** DeliveryStreamStatus, e.g. ACTIVE. */
  describeStatus(signal?: AbortSignal): Promise<string>;
}

export interface FirehoseClientOptions {
  region: string;
  endpoint?: string | undefined;
  /** Whole request (connect to last response byte); the SDK has none by default, so a hang would last forever. */
  requestTimeoutMs: number;
  connectionTimeoutMs?: number;
  /** Static credentials (firehose-local ignores them); omit to use the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  maxSockets?: number;
}

/**
 * A Firehose client with timeouts that throw, and no SDK-level retries: the writer retries only the
 * failed records itself, with its own backoff, within each request's deadline.
 */
export function createFirehoseClient(options: FirehoseClientOptions): FirehoseClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  return new FirehoseClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // A copy: the SDK marks the credentials object it is given (the shared LOCAL_CREDENTIALS is frozen).
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? Math.min(1000, options.requestTimeoutMs),
      requestTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: options.requestTimeoutMs,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
}

export function sdkFirehosePort(client: FirehoseClient, streamName: string): FirehosePort {
  return {
    async putRecordBatch(records) {
      const out = await client.send(new PutRecordBatchCommand({
        DeliveryStreamName: streamName,
        Records: records.map((Data) => ({ Data })),
      }));
      const responses = out.RequestResponses ?? [];
      if (responses.length !== records.length) {
        throw new Error(`PutRecordBatch answered ${responses.length} results for ${records.length} records`);
      }
      const failed: FailedRecord[] = [];
      responses.forEach((r, index) => {
        if (r.ErrorCode || !r.RecordId) failed.push({ index, code: r.ErrorCode ?? 'MissingRecordId' });
      });
      return { failed };
    },
    async describeStatus(signal) {
      const out = await client.send(
        new DescribeDeliveryStreamCommand({ DeliveryStreamName: streamName, Limit: 1 }),
        signal ? { abortSignal: signal } : {},
      );
      return out.DeliveryStreamDescription?.DeliveryStreamStatus ?? 'UNKNOWN';
    },
  };
}
