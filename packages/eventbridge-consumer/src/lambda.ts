// The Lambda entry (bundled by infra with NodejsFunction): the composition root. Configuration, logger,
// client and writer are made once per execution environment and reused by every invocation.
import pino from 'pino';
import { loadConsumerConfig } from './config.js';
import { openConsumer } from './consumer.js';
import type { SqsBatchResponse, SqsEvent } from './sqs-batch.js';

/** Kept back from the invocation's remaining time so the answer is returned before Lambda's timeout. */
const ANSWER_MARGIN_MS = 5_000;

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const logger = pino({ base: { service: 'eventbridge-consumer' } });
const consumer = openConsumer(loadConsumerConfig(process.env), logger);

export async function handler(event: SqsEvent, context: LambdaContext): Promise<SqsBatchResponse> {
  return consumer.handle(event, Math.max(1_000, context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS));
}
