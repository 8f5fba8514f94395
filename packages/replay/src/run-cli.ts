// `pnpm replay` from parsed flags to exit code: select from the lake, then list (dry run) or deliver.
// Status goes to stderr (a progress line), the report to stdout. The process itself is main.ts's business.
import { createProgressLine, formatSeconds, toolError, type ToolIo } from '@event-lake/cli-kit';
import { athenaCostUsd, type AthenaApi } from '@event-lake/query';
import { openCheckpoint, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { parseCli, USAGE, type ReplayCommand, type ReplayEnv } from './cli.js';
import { EXIT } from './errors.js';
import { createHttpSender } from './http-sender.js';
import { replayEvents, DEFAULT_RETRY, type ReplayCounts } from './replay-run.js';
import { dryRunReport, formatReport, runReport } from './report.js';
import { selectEvents, type LakeBackend, type SelectedEvents } from './select-events.js';
import { StartPacer } from './start-pacer.js';
import { signingSecretFrom, SECRET_VARIABLE } from './stripe-signing.js';

export type CliIo = ToolIo;

export interface CliDeps {
  readonly cwd: string;
  /** Athena at the SDK seam (tests); default a real AthenaClient. */
  readonly athenaApi?: AthenaApi;
  /** Aborted on Ctrl-C: stops the Athena query, or stops starting new deliveries. */
  readonly signal?: AbortSignal;
}

export type CliEnv = ReplayEnv & { readonly [SECRET_VARIABLE]?: string | undefined };

export async function runReplayCli(argv: readonly string[], env: CliEnv, io: CliIo, deps: CliDeps): Promise<number> {
  try {
    const command = parseCli(argv, env, deps.cwd);
    if (command.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    // Before reading the lake: a missing secret should not cost an Athena scan.
    const secret = command.dryRun ? undefined : signingSecretFrom(env);
    const selected = await select(command, io, deps);
    if (command.dryRun || secret === undefined || command.to === undefined) {
      const done = command.checkpoint ? (await readCheckpoint(command.checkpoint)).done : new Set<string>();
      io.stdout.write(formatReport(dryRunReport(selected.events, done, selected.incomplete), command.format));
      return EXIT.ok;
    }
    const checkpoint = command.checkpoint ? await openCheckpoint(command.checkpoint) : undefined;
    try {
      return await deliver(command, command.to, secret, selected, checkpoint, io, deps);
    } finally {
      await checkpoint?.close();
    }
  } catch (err) {
    const known = toolError(err);
    if (known) {
      io.stderr.write(`replay: ${known.message}\n`);
      return known.exitCode;
    }
    io.stderr.write(`replay: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.lake;
  }
}

async function select(command: ReplayCommand, io: CliIo, deps: CliDeps): Promise<SelectedEvents> {
  const progress = createProgressLine(io.stderr, { isTTY: io.stderrIsTTY });
  const lake: LakeBackend =
    command.lake.backend === 'local'
      ? {
          ...command.lake,
          onCacheProgress: ({ done, total }) => progress.update(`replay: caching ${total} new lake object(s) for queries … ${done}/${total}`),
        }
      : {
          ...command.lake,
          ...(deps.athenaApi ? { api: deps.athenaApi } : {}),
          ...(deps.signal ? { signal: deps.signal } : {}),
          onProgress: (p) => progress.update(`replay: athena ${p.queryExecutionId}: ${p.state}, ${formatSeconds(p.elapsedMs, 1)}, scanned ${megabytes(p.bytesScanned)}`),
        };
  progress.update(`replay: selecting events (${command.lake.backend === 'local' ? `DuckDB over ${command.lake.lakeDir}` : 'Athena'}) …`);
  const selected = await selectEvents(command.selection, lake);
  const s = selected.stats;
  const cost = s.bytesScanned !== undefined ? `, scanned ${megabytes(s.bytesScanned)}, cost $${athenaCostUsd(s.bytesScanned).toFixed(6)} (10 MB minimum)` : '';
  progress.done(`replay: selected ${selected.events.length} event(s) in ${formatSeconds(s.elapsedMs, 2)}${cost}`);
  return selected;
}

async function deliver(
  command: ReplayCommand,
  to: URL,
  secret: string,
  selected: SelectedEvents,
  checkpoint: Checkpoint | undefined,
  io: CliIo,
  deps: CliDeps,
): Promise<number> {
  const started = performance.now();
  const progress = createProgressLine(io.stderr, { isTTY: io.stderrIsTTY, intervalMs: io.stderrIsTTY ? 200 : 2_000 });
  const pacer = new StartPacer(command.rate);
  const outcome = await replayEvents({
    events: selected.events,
    send: createHttpSender({ url: to, secret, timeoutMs: command.timeoutMs }),
    acquireStart: (signal) => pacer.acquire(signal),
    concurrency: command.concurrency,
    retry: { ...DEFAULT_RETRY, attempts: command.attempts },
    ...(checkpoint ? { checkpoint } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    onProgress: (c) => progress.update(progressText(c, performance.now() - started)),
  });
  progress.done();
  io.stdout.write(formatReport(runReport(outcome, selected.incomplete, performance.now() - started), command.format));
  if (outcome.failed > 0) return EXIT.someFailed;
  return outcome.notAttempted > 0 ? EXIT.interrupted : EXIT.ok;
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function progressText(c: ReplayCounts, elapsedMs: number): string {
  const toSend = c.selected - c.skipped;
  const finished = c.delivered + c.failed;
  const perSecond = elapsedMs > 0 ? (finished / elapsedMs) * 1000 : 0;
  return `replay: ${finished}/${toSend} (${c.delivered} delivered, ${c.failed} failed), ${c.inFlight} in flight, ${perSecond.toFixed(1)}/s` +
    `${c.skipped > 0 ? `, ${c.skipped} skipped from the checkpoint` : ''}`;
}
