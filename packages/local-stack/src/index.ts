export { sampleEvent, sampleEvents, SAMPLE_EVENT_TYPES, SAMPLE_API_VERSION, THIN_EVENT_TYPE, UnknownEventTypeError, type SampleEvent, type SampleEventOptions } from '@event-lake/stripe-samples';
export { stripeSignatureHeader } from '@event-lake/ingress/stripe-signature';
export { postEvent, formatResult, type PostResult } from './post-event.js';
export { readEventFile, EventFileError } from './event-file.js';
export { sendViaEventBridge, formatEventBridgeResult, type EventBridgeResult } from './send-via-eventbridge.js';
export { loadStackConfig, DEVELOPMENT_WEBHOOK_SECRET, DEFAULT_INGRESS_PORT, LOCAL_BUFFER_INTERVAL_SECONDS, type StackConfig, type LogFormat } from './stack-config.js';
export { formatLogLine } from './log-line.js';
export { describeSecrets } from './secret-summary.js';
