// The real parts behind the consumer: an AWS SDK Firehose client with timeouts that throw and the shared
// batching writer. lambda.ts wires one at cold start; `pnpm send-event --via eventbridge` wires another
// against firehose-local, so the local path runs exactly the Lambda's code.
import { createFirehoseClient, createFirehoseWriter, sdkFirehosePort } from '@event-lake/firehose-writer';
import type { ConsumerConfig } from './config.js';
import { processSqsBatch, type BatchLogger, type SqsBatchResponse, type SqsEvent } from './sqs-batch.js';

/** One PutRecordBatch call may take this long before it counts as failed and its records are retried. */
const FIREHOSE_REQUEST_TIMEOUT_MS = 10_000;
/**
 * How long the writer gathers lines before a call. A batch's writes arrive together anyway; the margin
 * keeps them in one call on a slow machine, and nobody waits on this path for milliseconds.
 */
export const CONSUMER_LINGER_MS = 50;

export interface Consumer {
  /** Archives a batch; `timeoutMs` bounds how long its writes wait for Firehose. */
  handle(event: SqsEvent, timeoutMs: number): Promise<SqsBatchResponse>;
  close(): Promise<void>;
}

export function openConsumer(config: ConsumerConfig, logger: BatchLogger): Consumer {
  const target = config.firehose;
  const client = createFirehoseClient({
    region: target.region,
    endpoint: target.endpoint,
    requestTimeoutMs: FIREHOSE_REQUEST_TIMEOUT_MS,
    credentials: target.useLocalCredentials ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
  });
  const writer = createFirehoseWriter(sdkFirehosePort(client, target.deliveryStreamName), { lingerMs: CONSUMER_LINGER_MS });
  return {
    handle: (event, timeoutMs) => processSqsBatch(event, { writer, logger, expectedSource: config.expectedSource }, { timeoutMs }),
    async close() {
      await writer.close();
      client.destroy();
    },
  };
}
