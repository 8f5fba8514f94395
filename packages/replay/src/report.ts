// What `pnpm replay` prints on stdout at the end: a dry run's listing, or the counts of a replay, as text
// or as one JSON object (top-level counts selected, delivered, failed, skipped, as the contract says).
import { formatSeconds } from '@event-lake/cli-kit';
import type { ReplayOutcome } from './replay-run.js';
import type { ReplayEvent } from './select-events.js';

export interface DryRunReport {
  readonly dry_run: true;
  readonly selected: number;
  readonly delivered: 0;
  readonly failed: 0;
  /** Already in the checkpoint: a real run would skip them. */
  readonly skipped: number;
  readonly would_send: number;
  readonly first_created: string | null;
  readonly last_created: string | null;
  readonly types: Record<string, number>;
  readonly sources: Record<string, number>;
  /** Ids matching the filters with no complete delivery in the lake (never sent). */
  readonly incomplete: readonly string[];
}

export interface RunReport {
  readonly selected: number;
  readonly delivered: number;
  readonly failed: number;
  readonly skipped: number;
  readonly not_attempted: number;
  readonly incomplete: readonly string[];
  readonly failures: ReplayOutcome['failures'];
  readonly elapsed_seconds: number;
}

export function dryRunReport(events: readonly ReplayEvent[], done: ReadonlySet<string>, incomplete: readonly string[]): DryRunReport {
  const skipped = events.filter((e) => done.has(e.id)).length;
  return {
    dry_run: true,
    selected: events.length,
    delivered: 0,
    failed: 0,
    skipped,
    would_send: events.length - skipped,
    first_created: events[0]?.created ?? null,
    last_created: events[events.length - 1]?.created ?? null,
    types: tally(events.map((e) => e.type)),
    sources: tally(events.map((e) => e.source)),
    incomplete,
  };
}

export function runReport(outcome: ReplayOutcome, incomplete: readonly string[], elapsedMs: number): RunReport {
  return {
    selected: outcome.selected,
    delivered: outcome.delivered,
    failed: outcome.failed,
    skipped: outcome.skipped,
    not_attempted: outcome.notAttempted,
    incomplete,
    failures: outcome.failures,
    elapsed_seconds: Math.round(elapsedMs) / 1000,
  };
}

export function formatReport(report: DryRunReport | RunReport, format: 'text' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(report)}\n`;
  const lines: string[] = [];
  if ('dry_run' in report) {
    lines.push(`dry run: ${report.selected} event(s) selected, ${report.would_send} would be sent, ${report.skipped} skipped (in the checkpoint)`);
    if (report.first_created) lines.push(`created: ${report.first_created} … ${report.last_created}`);
    lines.push(`sources: ${inline(report.sources)}`);
    lines.push('types:');
    const width = Math.max(0, ...Object.keys(report.types).map((t) => t.length));
    for (const [type, n] of Object.entries(report.types)) lines.push(`  ${type.padEnd(width)}  ${n}`);
  } else {
    lines.push(
      `replay: ${report.selected} selected, ${report.delivered} delivered, ${report.failed} failed, ${report.skipped} skipped` +
        `${report.not_attempted > 0 ? `, ${report.not_attempted} not attempted (stopped)` : ''} in ${formatSeconds(report.elapsed_seconds * 1000, 1)}`,
    );
    for (const f of report.failures) lines.push(`failed: ${f.id} (${f.type}) after ${f.attempts} attempt(s), last status ${f.status}`);
  }
  if (report.incomplete.length > 0) {
    lines.push(`not sendable: ${report.incomplete.length} event(s) with no complete delivery in the lake (a body part is missing): ${report.incomplete.slice(0, 10).join(', ')}${report.incomplete.length > 10 ? ', …' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function inline(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}
