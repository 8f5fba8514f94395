// Test and demo support: not exported by any runtime package.
export {
  createStripeEventsApiFake, type StripeEventsApiFake, type StripeEventsApiFakeOptions, type FakeFault, type FakeRequestLog,
} from './stripe-events-api-fake.js';
export type { FakeStoredEvent, FakeStripeEvent } from './v1-events.js';
export type { FakeThinEvent } from './v2-events.js';
export { fakeSnapshotEvents, fakeThinEvents, FAKE_SNAPSHOT_EVENT_TYPES, FAKE_THIN_EVENT_TYPES, type FakeEventsOptions } from './fake-events.js';
export type { FakeStripeObject } from './v1-objects.js';
export { fakeObjects, type FakeObjectsOptions } from './fake-objects.js';
