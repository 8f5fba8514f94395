// A lake of awkward deliveries for the curation tests: every case the dedupe rule has to decide, spread
// over several objects so that arrival order and run boundaries cut through them.
import { toArchiveLines, type ArchiveSource } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';

export interface LakeObject {
  readonly name: string;
  readonly lines: readonly string[];
}

type Source = ArchiveSource;

export interface Delivery {
  readonly id: string;
  readonly source: Source;
  readonly receivedAt: string;
  readonly deliveryId?: string;
  readonly split?: boolean;
  readonly created?: string;
  readonly thin?: boolean;
  readonly type?: string;
  readonly objectId?: string;
  readonly extra?: Record<string, unknown>;
}

function body(d: Delivery, createdSeconds: number): string {
  if (d.thin) {
    return JSON.stringify({
      id: d.id, object: 'v2.core.event', type: d.type ?? 'v1.billing.meter.error_report_triggered', created: d.created ?? '2026-01-01T00:00:00.000Z',
      livemode: false, related_object: { id: d.objectId ?? 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' },
    }, null, 2);
  }
  return JSON.stringify({
    id: d.id, object: 'event', type: d.type ?? 'charge.failed', created: createdSeconds, livemode: false, api_version: TEST_API_VERSION,
    data: { object: { id: d.objectId ?? `ch_${d.id}`, object: 'charge', amount: 500, currency: 'eur', failure_message: `${d.source} ${d.receivedAt}`, metadata: { pad: 'x'.repeat(1500) }, ...d.extra } },
  }, null, 2);
}

/** The lines of one delivery (all parts, or only `keep`). */
export function lines(d: Delivery, keep?: readonly number[]): string[] {
  const created = d.created ?? '2026-01-01T00:00:00.000Z';
  const all = toArchiveLines({
    source: d.source === 'eventbridge' ? 'webhook' : d.source,
    deliveryId: d.deliveryId ?? `${d.id}-${d.source}-${d.receivedAt}`,
    receivedAt: new Date(d.receivedAt),
    signature: d.source === 'webhook' ? 't=1,v1=x' : null,
    body: body(d, Date.parse(created) / 1000),
    event: {
      id: d.id, type: d.type ?? (d.thin ? 'v1.billing.meter.error_report_triggered' : 'charge.failed'), object: d.thin ? 'v2.core.event' : 'event',
      created, livemode: false, api_version: d.thin ? null : TEST_API_VERSION, account: null,
    },
  }, d.split ? 800 : undefined);
  const kept = keep ? all.filter((_, i) => keep.includes(i)) : all;
  // lake-format writes webhook and backfill; an eventbridge line differs only in `source`.
  return kept.map((l) => (d.source === 'eventbridge' ? `${JSON.stringify({ ...JSON.parse(l), source: 'eventbridge' })}\n` : l));
}

export interface CurationScenario {
  readonly objects: readonly LakeObject[];
  readonly eventIds: readonly string[];
  readonly kinds: readonly string[];
}

export function curationScenario(): CurationScenario {
  const kinds: string[] = [];
  const objects: Array<{ name: string; lines: string[] }> = Array.from({ length: 8 }, (_, i) => ({ name: `obj-${i}`, lines: [] }));
  const put = (kind: string, placements: Array<[number, string[]]>) => {
    kinds.push(kind);
    for (const [o, ls] of placements) objects[o]!.lines.push(...ls);
  };
  const at = (m: number) => `2026-01-01T00:${String(m).padStart(2, '0')}:00.000Z`;

  put('duplicate webhook', [[0, lines({ id: 'evt_dup', source: 'webhook', receivedAt: at(2) })], [3, lines({ id: 'evt_dup', source: 'webhook', receivedAt: at(1) })]]);
  put('backfill then webhook', [[1, lines({ id: 'evt_bf_then_wh', source: 'backfill', receivedAt: at(1) })], [6, lines({ id: 'evt_bf_then_wh', source: 'webhook', receivedAt: at(9) })]]);
  put('eventbridge vs backfill', [[2, lines({ id: 'evt_eb', source: 'backfill', receivedAt: at(1) })], [5, lines({ id: 'evt_eb', source: 'eventbridge', receivedAt: at(2) })]]);
  // A redelivered EventBridge envelope keeps its delivery_id with a new received_at: one delivery, counted once.
  put('eventbridge redelivered', [
    [1, lines({ id: 'evt_eb_again', source: 'eventbridge', receivedAt: at(3), deliveryId: 'eb-1' })],
    [4, lines({ id: 'evt_eb_again', source: 'eventbridge', receivedAt: at(2), deliveryId: 'eb-1' })],
  ]);
  put('thin', [[0, lines({ id: 'evt_thin', source: 'webhook', receivedAt: at(1), thin: true })], [7, lines({ id: 'evt_thin', source: 'backfill', receivedAt: at(4), thin: true })]]);
  // Issue #11: the first delivery stored only part 0; Stripe's retry stored it whole.
  const partial = { id: 'evt_split_retry', source: 'webhook' as const, receivedAt: at(1), split: true };
  put('split completed by a later copy', [[2, lines(partial, [0])], [5, lines({ ...partial, receivedAt: at(5) })]]);
  // One delivery whose parts were written into two objects (and so two partitions and, maybe, two runs).
  const spread = { id: 'evt_spread', source: 'webhook' as const, receivedAt: at(1), split: true };
  const spreadLines = lines(spread);
  put('split part in a later object', [[3, spreadLines.slice(0, 1)], [6, spreadLines.slice(1)], [1, lines({ id: 'evt_spread', source: 'backfill', receivedAt: at(8) })]]);
  put('never complete', [[4, lines({ id: 'evt_never', source: 'webhook', receivedAt: at(1), split: true }, [1])], [6, lines({ id: 'evt_never', source: 'backfill', receivedAt: at(2), split: true }, [0])]]);
  // Firehose may write a record twice: the same part again, in a later object.
  const twice = lines({ id: 'evt_twice_written', source: 'webhook', receivedAt: at(1) });
  put('firehose duplicate record', [[0, twice], [7, twice]]);
  put('late backfill of an older day', [[5, lines({ id: 'evt_old', source: 'backfill', receivedAt: at(3), created: '2025-12-20T10:00:00.000Z' })], [7, lines({ id: 'evt_old', source: 'webhook', receivedAt: at(7), created: '2025-12-20T10:00:00.000Z' })]]);
  put('partial webhook, complete backfill', [[3, lines({ id: 'evt_partial_bf', source: 'webhook', receivedAt: at(1), split: true }, [0, 1])], [4, lines({ id: 'evt_partial_bf', source: 'backfill', receivedAt: at(9) })]]);
  put('single delivery', [[6, lines({ id: 'evt_single', source: 'webhook', receivedAt: at(3) })]]);

  const eventIds = [...new Set(objects.flatMap((o) => o.lines.map((l) => (JSON.parse(l) as { id: string }).id)))].sort();
  return { objects, eventIds, kinds };
}

/** A deterministic shuffle (mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
