// The archive lines of one imported object: a snapshot event wrapping the object exactly as the API listed
// it, written as source 'snapshot' with no signature, through the same archive record as every other
// delivery. The views read it like any snapshot event: `<object>.snapshot` carries data.object.
import { summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import { nameBasedUuid } from '../backfill-record.js';
import type { StripeObject } from './object-listing.js';

/** Fixed namespace of snapshot delivery ids (a random UUID chosen once; never change it). */
const SNAPSHOT_NAMESPACE = '2b9f6e14-7c3a-4d85-a1e0-5f8c3b7d9e62';

/** A run: its id names its events and deliveries, its listing time is every snapshot's `created`. */
export interface SnapshotRun {
  /** `YYYYMMDDTHHMMSSZ`, the listing's start (see run-id.ts). */
  readonly runId: string;
  readonly listedAt: Date;
  /** The API version stripe-node sent (Stripe-Version), which the objects were rendered with. */
  readonly apiVersion: string;
  /** The key's mode: an object without `livemode` (refunds have none) takes it. */
  readonly livemode: boolean;
}

/** Event type of a snapshot of an object of type `objectType`. */
export function snapshotType(objectType: string): string {
  return `${objectType}.snapshot`;
}

/** `evt_snapshot_<run>_<object id>`: one event per object per run, so a run resumed or retried names it again. */
export function snapshotEventId(runId: string, objectId: string): string {
  return `evt_snapshot_${runId}_${objectId}`;
}

/** Name-based UUID of (run, account, object): the same delivery id whenever the run writes the object again. */
export function snapshotDeliveryId(runId: string, account: string | null, objectId: string): string {
  return nameBasedUuid(SNAPSHOT_NAMESPACE, `${runId}/${account ?? ''}/${objectId}`);
}

/** The snapshot event of `object`, as a Stripe snapshot event is shaped. */
export function snapshotEvent(object: StripeObject, run: SnapshotRun, account: string | null): Record<string, unknown> {
  return {
    id: snapshotEventId(run.runId, object.id),
    object: 'event',
    api_version: run.apiVersion,
    created: Math.floor(run.listedAt.getTime() / 1000),
    data: { object },
    livemode: typeof object['livemode'] === 'boolean' ? object['livemode'] : run.livemode,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type: snapshotType(object.object),
    ...(account ? { account } : {}),
  };
}

/** Archive lines of the snapshot of `object`; throws EventShapeError if it cannot make a valid event. */
export function snapshotLines(object: StripeObject, run: SnapshotRun, account: string | null, receivedAt: Date): string[] {
  const event = snapshotEvent(object, run, account);
  return toArchiveLines({
    source: 'snapshot',
    deliveryId: snapshotDeliveryId(run.runId, account, object.id),
    receivedAt,
    signature: null,
    body: JSON.stringify(event, null, 2),
    event: summariseEvent(event),
  });
}
