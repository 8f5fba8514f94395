// What import-objects prints: the progress line of a type, the summary (listed, written, failed per type
// and account), the same as JSON, and --list-types.
import type { ImportOutcome, TypeResult } from './import-objects.js';
import { OBJECT_TYPES } from './object-types.js';
import { snapshotType } from './snapshot-record.js';

export interface ImportSummaryContext {
  readonly mode: 'dry-run' | 'apply';
  readonly runId: string;
  readonly listedAt: Date;
  readonly livemode: boolean;
  readonly deliveryStream: string | undefined;
}

export function whose(account: string | null): string {
  return account ?? 'platform';
}

export function progressText(r: Readonly<TypeResult>, mode: 'dry-run' | 'apply'): string {
  const head = `${r.type} (${whose(r.account)}): ${r.listed} listed`;
  const writes = mode === 'apply' ? `, ${r.written} written${r.failed ? `, ${r.failed} failed` : ''}` : '';
  const waits = r.rateLimitWaits ? `, ${r.rateLimitWaits} rate-limit waits` : '';
  return `${head}${writes}, ${r.pages} pages${waits}`;
}

export function finalProgressText(r: Readonly<TypeResult>, mode: 'dry-run' | 'apply'): string {
  const state = r.error ? `failed: ${r.error}` : r.complete ? 'done' : 'stopped';
  return `${progressText(r, mode)}, ${state}`;
}

export function summaryText(outcome: ImportOutcome, ctx: ImportSummaryContext): string {
  const rows = outcome.results.map((r) => [
    whose(r.account), r.type, String(r.listed), ctx.mode === 'apply' ? String(r.written) : '-', String(r.failed),
    r.error ? 'failed' : r.complete ? 'complete' : 'stopped',
  ]);
  const totals = totalsOf(outcome.results);
  rows.push(['total', '', String(totals.listed), ctx.mode === 'apply' ? String(totals.written) : '-', String(totals.failed), '']);
  const header = ['account', 'type', 'listed', 'written', 'failed', 'listing'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [
    `Run ${ctx.runId} (${ctx.livemode ? 'live' : 'test'} mode; snapshots dated ${ctx.listedAt.toISOString()})`,
    line(header),
    ...rows.map(line),
  ];
  if (ctx.mode === 'dry-run') out.push('Dry run: nothing written. Run again with --apply to write these snapshots.');
  else out.push(`Written through delivery stream ${ctx.deliveryStream ?? '?'}: ${totals.written} snapshots.`);
  for (const r of outcome.results) if (r.error) out.push(`${r.type} (${whose(r.account)}): ${r.error}`);
  if (outcome.writeFailure) out.push(`Stopped: ${outcome.writeFailure}. Rerun with --run-id ${ctx.runId} once the stream is healthy.`);
  if (outcome.interrupted) out.push(`Stopped by Ctrl-C. Rerun with --run-id ${ctx.runId} to finish this run without new snapshot ids.`);
  return `${out.join('\n')}\n`;
}

export function summaryJson(outcome: ImportOutcome, ctx: ImportSummaryContext): string {
  return `${JSON.stringify({
    mode: ctx.mode,
    runId: ctx.runId,
    listedAt: ctx.listedAt.toISOString(),
    livemode: ctx.livemode,
    deliveryStream: ctx.mode === 'apply' ? ctx.deliveryStream ?? null : null,
    interrupted: outcome.interrupted,
    writeFailure: outcome.writeFailure ?? null,
    types: outcome.results.map((r) => ({
      account: r.account, type: r.type, eventType: snapshotType(r.type),
      listed: r.listed, written: r.written, failed: r.failed, pages: r.pages, rateLimitWaits: r.rateLimitWaits,
      complete: r.complete, error: r.error ?? null,
    })),
    totals: totalsOf(outcome.results),
  }, null, 2)}\n`;
}

export function listTypesText(format: 'text' | 'json'): string {
  if (format === 'json') {
    return `${JSON.stringify(OBJECT_TYPES.map((t) => ({
      type: t.type, eventType: snapshotType(t.type), path: t.path, passes: t.passes, why: t.why,
    })), null, 2)}\n`;
  }
  const width = Math.max(...OBJECT_TYPES.map((t) => t.type.length));
  return OBJECT_TYPES.map((t) => {
    const passes = t.passes.map((p) => {
      const q = new URLSearchParams(p).toString();
      return `GET ${t.path}${q ? `?${q}` : ''}`;
    }).join(' + ');
    return `${t.type.padEnd(width)}  ${passes}  (${t.why})\n`;
  }).join('');
}

function totalsOf(results: readonly TypeResult[]): { listed: number; written: number; failed: number } {
  return results.reduce((t, r) => ({ listed: t.listed + r.listed, written: t.written + r.written, failed: t.failed + r.failed }), { listed: 0, written: 0, failed: 0 });
}
