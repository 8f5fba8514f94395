// The acceptance lake: ~600 events (snapshot and thin) archived the way the writers do it, with every
// kind of copy the selection rule has to choose from: Stripe's duplicate webhook deliveries, backfill and
// EventBridge copies (arriving earlier or alone), bodies split into parts, a split delivery missing a part,
// a record Firehose wrote twice, and deliveries that arrived days after the event was created.
// Each event carries the bytes the replay must send (by construction, case by case), or null when no
// complete delivery exists.
import { backfillLines } from '@event-lake/completeness';
import { toArchiveLines, type EventSummary } from '@event-lake/lake-format';
import { generateScenario, writeLakeHours } from '@event-lake/test-kit';

export interface LakeEvent {
  readonly id: string;
  readonly type: string;
  readonly object: 'event' | 'v2.core.event';
  /** ISO-8601, as archived. */
  readonly created: string;
  /** What the replay must send, or null (no complete delivery). */
  readonly expected: string | null;
  /** Which copy that is. */
  readonly expectedSource: 'webhook' | 'eventbridge' | 'backfill' | null;
  /** Which situation the lake puts this event in. */
  readonly kind: LakeCase;
}

export type LakeCase =
  | 'webhook' | 'split-webhook' | 'written-twice' | 'late-webhook'
  | 'eventbridge-over-earlier-backfill' | 'backfill-only' | 'webhook-over-earlier-backfill' | 'webhook-over-earlier-eventbridge'
  | 'part-lost-then-complete-duplicate' | 'part-lost-then-backfill' | 'part-lost-nothing-complete';

export const LAKE_START = new Date('2026-03-02T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Small enough that a pretty-printed event needs several parts. */
const SPLIT_LINE_BYTES = 900;

interface Copy {
  readonly source: 'webhook' | 'eventbridge' | 'backfill';
  readonly deliveryId: string;
  readonly receivedAt: Date;
  readonly body: string;
  readonly split?: boolean;
  /** Drop this body part (a part that never arrived). */
  readonly dropPart?: number;
  /** Write the first line twice (Firehose retrying a record it had written). */
  readonly writtenTwice?: boolean;
}

/** Builds the lake in `lakeDir`; returns the events it holds, ordered by created then id. */
export async function buildReplayLake(lakeDir: string, count = 600): Promise<LakeEvent[]> {
  const scenario = generateScenario({ start: LAKE_START, spanHours: 48, events: count, seed: 14, duplicateRate: 0.15 }).slice(0, count);
  const lines: Array<{ at: Date; line: string }> = [];
  const events: LakeEvent[] = [];

  scenario.forEach((sample, i) => {
    // Webhook bytes differ from any re-serialised copy, and some carry text that escaping must not touch.
    const webhookBody = i % 9 === 0 ? sample.body.replace('{\n', '{\n  "note": "Café ☕ 😀 \u2028 \\u00e9 \\"q\\"",\n') : `${sample.body}\n`;
    const parsed = JSON.parse(sample.body) as unknown;
    const eventbridgeBody = JSON.stringify(parsed); // EventBridge's `detail`, re-serialised
    const backfillBody = JSON.stringify(parsed, null, 2); // as backfillLines writes it
    const webhooks: Copy[] = sample.deliveries.map((at, d) => ({
      source: 'webhook', deliveryId: `wh-${i}-${d}`, receivedAt: at, body: webhookBody, split: i % 25 === 0,
    }));
    const first = sample.deliveries[0]!;
    const backfill = (at: Date): Copy => ({ source: 'backfill', deliveryId: 'backfill', receivedAt: at, body: backfillBody });
    const eventbridge = (at: Date): Copy => ({ source: 'eventbridge', deliveryId: `eb-${i}`, receivedAt: at, body: eventbridgeBody });

    let copies: Copy[];
    let expected: Copy | null;
    let kind: LakeCase;
    if (i === 101) {
      // Only an incomplete webhook delivery and a complete backfill: the backfill is sent.
      kind = 'part-lost-then-backfill';
      copies = [{ ...webhooks[0]!, split: true, dropPart: 0 }, backfill(new Date(first.getTime() + DAY))];
      expected = copies[1]!;
    } else if (i === 201) {
      kind = 'part-lost-nothing-complete';
      copies = [{ ...webhooks[0]!, split: true, dropPart: 1 }]; // nothing complete: never sent
      expected = null;
    } else if (i === 17) {
      kind = 'written-twice';
      copies = [{ ...webhooks[0]!, writtenTwice: true }, ...webhooks.slice(1)];
      expected = webhooks[0]!;
    } else if (i % 40 === 7) {
      // No webhook: EventBridge wins over an earlier backfill.
      kind = 'eventbridge-over-earlier-backfill';
      copies = [backfill(new Date(first.getTime() - 1000)), eventbridge(first)];
      expected = copies[1]!;
    } else if (i % 40 === 27) {
      kind = 'backfill-only';
      copies = [backfill(new Date(first.getTime() + 2 * DAY))]; // backfill only, two days late
      expected = copies[0]!;
    } else if (i % 10 === 3) {
      kind = 'webhook-over-earlier-backfill';
      copies = [backfill(new Date(first.getTime() - 60_000)), ...webhooks]; // earlier backfill loses
      expected = webhooks[0]!;
    } else if (i % 30 === 11) {
      kind = 'webhook-over-earlier-eventbridge';
      copies = [eventbridge(new Date(first.getTime() - 60_000)), ...webhooks]; // earlier EventBridge loses
      expected = webhooks[0]!;
    } else if (i % 50 === 0) {
      // The first webhook delivery lost a part; a later, complete duplicate is the one to send.
      const later: Copy = { ...webhooks[0]!, deliveryId: `wh-${i}-late`, receivedAt: new Date(first.getTime() + 5 * 60_000) };
      kind = 'part-lost-then-complete-duplicate';
      copies = [{ ...webhooks[0]!, dropPart: 1 }, later];
      expected = later;
    } else if (i % 60 === 19) {
      // Stripe's retries after an outage: first delivered five days after creation.
      const late = webhooks.map((c) => ({ ...c, receivedAt: new Date(c.receivedAt.getTime() + 5 * DAY) }));
      kind = 'late-webhook';
      copies = late;
      expected = late[0]!;
    } else {
      kind = webhooks[0]!.split ? 'split-webhook' : 'webhook';
      copies = webhooks;
      expected = webhooks[0]!;
    }

    for (const copy of copies) {
      const archived = archiveLines(copy, sample.summary, parsed);
      archived.forEach((line, part) => {
        if (part === copy.dropPart) return;
        lines.push({ at: copy.receivedAt, line });
        if (copy.writtenTwice) lines.push({ at: copy.receivedAt, line });
      });
    }
    events.push({
      id: sample.summary.id,
      type: sample.summary.type,
      object: sample.summary.object,
      created: sample.summary.created,
      expected: expected?.body ?? null,
      expectedSource: expected?.source ?? null,
      kind,
    });
  });
  // One object per arrival hour, named from the hour (a rebuilt lake has the same keys).
  await writeLakeHours(lakeDir, lines.map(({ at, line }) => ({ arrivedAt: at, lines: [line] })), { names: 'per-hour' });
  return events.sort((a, b) => (a.created === b.created ? (a.id < b.id ? -1 : 1) : a.created < b.created ? -1 : 1));
}

function archiveLines(copy: Copy, summary: EventSummary, parsed: unknown): string[] {
  const maxLineBytes = copy.split ? SPLIT_LINE_BYTES : undefined;
  if (copy.source === 'backfill') return backfillLines(parsed, copy.receivedAt, maxLineBytes);
  return toArchiveLines({
    source: copy.source,
    deliveryId: copy.deliveryId,
    receivedAt: copy.receivedAt,
    signature: copy.source === 'webhook' ? 't=1,v1=archived' : null,
    body: copy.body,
    event: summary,
  }, maxLineBytes);
}
