// Test and demo support: not exported by any runtime package.
export {
  createStripeEventsApiFake, type StripeEventsApiFake, type StripeEventsApiFakeOptions, type FakeFault, type FakeRequestLog,
} from './stripe-events-api-fake.js';
export type { FakeStoredEvent, FakeStripeEvent } from './v1-events.js';
export type { FakeThinEvent } from './v2-events.js';
export { sampleEvents, sampleThinEvents, SAMPLE_EVENT_TYPES, SAMPLE_THIN_EVENT_TYPES, type SampleEventsOptions } from './sample-events.js';
export type { FakeStripeObject } from './v1-objects.js';
export { sampleObjects, type SampleObjectsOptions } from './sample-objects.js';
