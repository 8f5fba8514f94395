export { unwrapEnvelope, MalformedEnvelopeError, type StripeEnvelope, type UnwrapOptions } from './envelope.js';
export { eventBridgeLines } from './eventbridge-record.js';
export { memberValueRange } from './json-member-text.js';
export { processSqsBatch, type SqsEvent, type SqsRecord, type SqsBatchResponse, type BatchDeps, type BatchLogger, type BatchOptions } from './sqs-batch.js';
export { loadConsumerConfig, SOURCE_NAME_VARIABLE, type ConsumerConfig } from './config.js';
export { openConsumer, CONSUMER_LINGER_MS, type Consumer } from './consumer.js';
export { STRIPE_PARTNER_SOURCE_PATTERN, STRIPE_PARTNER_SOURCE_PREFIX, partnerSourceProblem } from './partner-source.js';
