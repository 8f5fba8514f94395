export {
  sampleEvent, sampleEvents, snapshotEvent, snapshotEventFor, thinEventFor, SAMPLE_EVENT_TYPES, THIN_EVENT_TYPE, UnknownEventTypeError,
  type SampleEvent, type SampleEventOptions, type SnapshotEvent, type SnapshotEnvelope, type ThinEnvelope,
} from './sample-events.js';
export { SAMPLE_API_VERSION, FAKE_EVENTS_API_VERSION, TEST_API_VERSION } from './api-versions.js';
export { seededRandom } from './seeded-random.js';
export { eventBridgeEnvelope, LOCAL_PARTNER_SOURCE, type EnvelopeOptions } from './eventbridge-envelope.js';
