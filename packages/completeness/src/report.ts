// What the audit and the backfill print on stdout: a table for people, or one JSON document for machines.
import type { AuditReport, ListedEvent } from './audit.js';
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

export function auditJson(report: AuditReport, backfill?: BackfillOutcome): string {
  const doc = {
    complete: report.missing.length === 0,
    window: { since: report.window.since.toISOString(), until: report.window.until.toISOString() },
    filters: {
      ...(report.filters.deliverySuccess === undefined ? {} : { delivery_success: report.filters.deliverySuccess }),
      ...(report.filters.types && report.filters.types.length > 0 ? { types: report.filters.types } : {}),
    },
    lakePartitions: { fromDt: report.partitions.fromDt, toDt: report.partitions.toDt },
    counts: { stripe: report.stripe, lake: report.lake, missing: report.missing.length },
    byType: report.byType,
    missing: report.missing.map(eventJson),
    ...(backfill ? { backfill: backfillJson(backfill, report.missing) } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function backfillJson(b: BackfillOutcome, missing: readonly ListedEvent[]) {
  if (b.mode === 'dry-run' || !b.result) {
    return { mode: b.mode, deliveryStream: b.deliveryStream ?? null, wouldWrite: missing.length, written: 0 };
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
  return { id: e.id, type: e.type, created: createdIso(e) };
}

export function auditText(report: AuditReport): string {
  const out: string[] = [];
  const filters = [
    report.filters.deliverySuccess === false ? 'delivery_success=false' : '',
    report.filters.types && report.filters.types.length > 0 ? `types=${report.filters.types.join(',')}` : '',
  ].filter(Boolean);
  out.push(`Window: events created ${report.window.since.toISOString()} .. ${report.window.until.toISOString()} (end exclusive)${filters.length ? `, ${filters.join(' ')}` : ''}`);
  out.push(`Lake:   partitions dt=${report.partitions.fromDt} .. dt=${report.partitions.toDt} (arrival time, read up to today)`);
  out.push('');
  const width = Math.max(24, ...report.byType.map((t) => t.type.length));
  const row = (label: string, a: string | number, b: string | number, c: string | number) =>
    `${label.padEnd(width)}  ${String(a).padStart(8)}  ${String(b).padStart(8)}  ${String(c).padStart(8)}`;
  out.push(row('type', 'stripe', 'lake', 'missing'));
  for (const t of report.byType) out.push(row(t.type, t.stripe, t.lake, t.missing));
  out.push(row('total', report.stripe, report.lake, report.missing.length));
  out.push('');
  if (report.missing.length === 0) {
    out.push(`Complete: the lake holds all ${report.stripe} events Stripe lists for the window.`);
  } else {
    out.push(`Missing (${report.missing.length}), oldest first:`);
    for (const e of report.missing) out.push(`  ${e.id}  ${e.type}  ${createdIso(e)}`);
    out.push('');
    out.push(`Incomplete: ${report.missing.length} of ${report.stripe} events are not in the lake. \`pnpm backfill\` shows what it would write; \`pnpm backfill --apply\` writes them.`);
  }
  return `${out.join('\n')}\n`;
}

export function backfillText(b: BackfillOutcome, missing: readonly ListedEvent[]): string {
  if (missing.length === 0) return 'Nothing to backfill.\n';
  if (b.mode === 'dry-run' || !b.result) {
    return `Dry run: would write the ${missing.length} missing events above to delivery stream ${b.deliveryStream ?? '(not configured)'} with source=backfill. Pass --apply to write them.\n`;
  }
  const r = b.result;
  const out = [`Wrote ${r.written.length} events (${r.lines} lines, ${r.bytes} bytes) to delivery stream ${b.deliveryStream ?? ''} with source=backfill; Firehose acknowledged every line.`];
  for (const s of r.skipped) out.push(`  skipped ${s.id}: ${s.reason}`);
  const d = b.delivery;
  if (d && d.visible === d.total) {
    out.push(`Delivered: all ${d.total} are visible in the lake (after ${Math.round(d.waitedMs / 1000)} s).`);
    return `${out.join('\n')}\n`;
  }
  if (d) out.push(`Not delivered yet after ${Math.round(d.waitedMs / 1000)} s: ${d.visible} of ${d.total} are visible in the lake.`);
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
