export {
  sampleEvent, sampleEvents, snapshotEvent, SAMPLE_EVENT_TYPES, SAMPLE_API_VERSION, THIN_EVENT_TYPE, UnknownEventTypeError,
  type SampleEvent, type SampleEventOptions, type SnapshotEvent,
} from './sample-events.js';
export { seededRandom } from './seeded-random.js';
export { eventBridgeEnvelope, LOCAL_PARTNER_SOURCE, type EnvelopeOptions } from './eventbridge-envelope.js';
