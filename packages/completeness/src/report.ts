// What the audit and the backfill print on stdout: tables for people (snapshot and thin events apart),
// or one JSON document for machines.
import { formatSeconds } from '@event-lake/cli-kit';
import { EVENT_KINDS, eventsToBackfill, type AuditReport, type EventKind, type ListedEvent } from './audit.js';
import type { BackfillResult } from './backfill.js';
import type { DeliveryWaitResult } from './delivery-wait.js';

export interface BackfillOutcome {
  readonly mode: 'dry-run' | 'apply';
  readonly deliveryStream: string | undefined;
  /** Set in apply mode. */
  readonly result?: BackfillResult;
  /** Set with --wait. */
  readonly delivery?: DeliveryWaitResult;
}

const KIND_TITLES: Readonly<Record<EventKind, string>> = {
  v1: 'Snapshot events (v1, GET /v1/events)',
  v2: 'Thin events (v2, GET /v2/core/events)',
};

export function isComplete(report: AuditReport): boolean {
  return report.missing.length === 0 && report.incomplete.length === 0;
}

export function auditJson(report: AuditReport, backfill?: BackfillOutcome): string {
  const kinds = Object.fromEntries(EVENT_KINDS.map((k) => [k, report.kinds.includes(k) ? report.byKind[k] : null]));
  const doc = {
    complete: isComplete(report),
    window: { since: report.window.since.toISOString(), until: report.window.until.toISOString() },
    filters: {
      ...(report.filters.deliverySuccess === undefined ? {} : { delivery_success: report.filters.deliverySuccess }),
      ...(report.filters.types && report.filters.types.length > 0 ? { types: report.filters.types } : {}),
    },
    lakePartitions: { fromDt: report.partitions.fromDt, toDt: report.partitions.toDt },
    counts: { stripe: report.stripe, lake: report.lake, missing: report.missing.length, incomplete: report.incomplete.length },
    ...kinds,
    afterWindow: { events: afterWindow(report), listedUntil: report.listedUntil.toISOString() },
    byType: report.byType,
    missing: report.missing.map(eventJson),
    incomplete: report.incomplete.map(eventJson),
    ...(backfill ? { backfill: backfillJson(backfill, eventsToBackfill(report)) } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function afterWindow(report: AuditReport): number {
  return report.byKind.v1.afterWindow + report.byKind.v2.afterWindow;
}

function backfillJson(b: BackfillOutcome, toWrite: readonly ListedEvent[]) {
  if (b.mode === 'dry-run' || !b.result) {
    return { mode: b.mode, deliveryStream: b.deliveryStream ?? null, wouldWrite: toWrite.length, written: 0 };
  }
  return {
    mode: b.mode,
    deliveryStream: b.deliveryStream ?? null,
    written: b.result.written.length,
    lines: b.result.lines,
    bytes: b.result.bytes,
    events: b.result.written.map(eventJson),
    skipped: b.result.skipped,
    ...(b.delivery
      ? { delivery: { visibleInLake: b.delivery.visible, written: b.delivery.total, waitedSeconds: Math.round(b.delivery.waitedMs / 1000) } }
      : {}),
  };
}

function eventJson(e: ListedEvent) {
  return { id: e.id, type: e.type, kind: e.kind, created: createdIso(e) };
}

export function auditText(report: AuditReport): string {
  const out: string[] = [];
  const filters = [
    report.filters.deliverySuccess === false ? 'delivery_success=false' : '',
    report.filters.types && report.filters.types.length > 0 ? `types=${report.filters.types.join(',')}` : '',
  ].filter(Boolean);
  out.push(`Window: events created ${report.window.since.toISOString()} .. ${report.window.until.toISOString()} (end exclusive)${filters.length ? `, ${filters.join(' ')}` : ''}`);
  out.push(`Lake:   partitions dt=${report.partitions.fromDt} .. dt=${report.partitions.toDt} (arrival time, read up to today)`);
  const width = Math.max(24, ...report.byType.map((t) => t.type.length));
  const row = (label: string, ...cells: (string | number)[]) => `${label.padEnd(width)}${cells.map((c) => `  ${String(c).padStart(10)}`).join('')}`;
  for (const kind of EVENT_KINDS) {
    out.push('', KIND_TITLES[kind]);
    if (!report.kinds.includes(kind)) {
      out.push(kind === 'v2' && report.filters.deliverySuccess !== undefined
        ? '  not listed: Stripe has no delivery_success filter for thin events (drop --undelivered-only to audit them)'
        : '  not listed: no --type of this kind (thin event types start with v1. or v2.)');
      continue;
    }
    const c = report.byKind[kind];
    out.push(row('type', 'stripe', 'lake', 'missing', 'incomplete'));
    for (const t of report.byType.filter((x) => x.kind === kind)) out.push(row(t.type, t.stripe, t.lake, t.missing, t.incomplete));
    out.push(row('total', c.stripe, c.lake, c.missing, c.incomplete));
  }
  out.push('');
  const after = afterWindow(report);
  if (after > 0) {
    out.push(
      `After the window: ${after} listed events (v1 ${report.byKind.v1.afterWindow}, v2 ${report.byKind.v2.afterWindow}) were created between ` +
        `${report.window.until.toISOString()} and ${report.listedUntil.toISOString()}; Firehose may still be buffering them, so they are not compared yet.`,
    );
  }
  if (isComplete(report)) {
    out.push(`Complete: the lake holds all ${report.stripe} events Stripe lists for the window.`);
  } else {
    const list = (title: string, events: readonly ListedEvent[]) => {
      if (events.length === 0) return;
      out.push(`${title} (${events.length}), oldest first:`);
      for (const e of events) out.push(`  ${e.id}  ${e.kind}  ${e.type}  ${createdIso(e)}`);
    };
    list('Missing', report.missing);
    list('Incomplete: in the lake with body parts lacking', report.incomplete);
    out.push('');
    const n = report.missing.length + report.incomplete.length;
    out.push(`Incomplete: ${n} of ${report.stripe} events are not in the lake (${report.missing.length} missing, ${report.incomplete.length} only in part). \`pnpm backfill\` shows what it would write; \`pnpm backfill --apply\` writes them.`);
  }
  return `${out.join('\n')}\n`;
}

export function backfillText(b: BackfillOutcome, toWrite: readonly ListedEvent[]): string {
  if (toWrite.length === 0) return 'Nothing to backfill.\n';
  if (b.mode === 'dry-run' || !b.result) {
    return `Dry run: would write the ${toWrite.length} missing events above to delivery stream ${b.deliveryStream ?? '(not configured)'} with source=backfill. Pass --apply to write them.\n`;
  }
  const r = b.result;
  const out = [`Wrote ${r.written.length} events (${r.lines} lines, ${r.bytes} bytes) to delivery stream ${b.deliveryStream ?? ''} with source=backfill; Firehose acknowledged every line.`];
  for (const s of r.skipped) out.push(`  skipped ${s.id}: ${s.reason}`);
  const d = b.delivery;
  if (d && d.visible === d.total) {
    out.push(`Delivered: all ${d.total} are visible in the lake (after ${formatSeconds(d.waitedMs, 0)}).`);
    return `${out.join('\n')}\n`;
  }
  if (d) out.push(`Not delivered yet after ${formatSeconds(d.waitedMs, 0)}: ${d.visible} of ${d.total} are visible in the lake.`);
  out.push(
    'They appear in the lake once Firehose delivers its buffer (its buffer interval, 300 s by default; firehose-local: ' +
      'FIREHOSE_BUFFER_INTERVAL_SECONDS). Until then an audit still lists them as missing and a new backfill would write ' +
      'them again (same delivery ids; the deduped view keeps one row per event id).',
  );
  return `${out.join('\n')}\n`;
}

function createdIso(e: ListedEvent): string {
  return new Date(e.created * 1000).toISOString().replace('.000Z', 'Z');
}
