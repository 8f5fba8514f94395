// Stores archive lines through Firehose PutRecordBatch and resolves each write only once every record
// holding its lines is acknowledged. Independent of HTTP: the ingress and the backfill tool both use it.
//
// - Coalescing that costs nothing when idle: queued writes go out as soon as no call is in flight and they
//   are as many as the largest of the last few calls carried (at the end of the event loop's current turn,
//   so writes made together leave together). A lone write after lone writes therefore goes at once, and
//   writes arriving while a call is in flight gather and leave when it returns. Once calls carry several
//   writes, a queue smaller than that waits for company: it goes once no new line has come for
//   `lingerMs`, at most `maxLingerMs` after the first (or at once when a batch is full); while all call
//   slots are busy lines keep gathering. So a steady stream fills calls (few calls, little CPU per event)
//   and a call leaves the moment the usual crowd has arrived, not a linger later.
// - Packing: consecutive lines are concatenated into one record up to `maxRecordBytes`, because Firehose
//   bills every record rounded up to 5 KB. A line is never split across records.
// - Retries: only failed records are resent (whole-call failures resend the call's records), after
//   exponential backoff with full jitter. A record whose writers have all given up is dropped.
// - Deadlines: each write rejects with WriterTimeoutError at its deadline; its lines may still be
//   delivered later (a duplicate, which the dedupe view handles), but the write is never reported stored.
// - Back-pressure: bytes held (queued + being sent + waiting to retry) are bounded; a write that would
//   exceed the bound is refused at once with WriterOverloadedError.
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, MAX_RECORD_BYTES, billedUnits } from '@event-lake/lake-format';
import type { FirehosePort } from './firehose-port.js';

export class WriterOverloadedError extends Error {
  override name = 'WriterOverloadedError';
}
export class WriterTimeoutError extends Error {
  override name = 'WriterTimeoutError';
}
export class WriterClosedError extends Error {
  override name = 'WriterClosedError';
}

export interface CallReport {
  records: number;
  lines: number;
  /** Distinct writes with lines in the call. */
  writes: number;
  bytes: number;
  billedUnits: number;
  durationMs: number;
  failedRecords: number;
  /** Set when the whole call failed. */
  error?: string;
}

/** Hooks for metrics and logs; all optional. */
export interface WriterObserver {
  call?(report: CallReport): void;
  retry?(records: number, reason: string): void;
  shed?(bytes: number): void;
  inFlightBytes?(bytes: number): void;
}

export interface FirehoseWriterOptions {
  /** The clock of deadlines, lingering and backoff (ms since the epoch); injectable for tests. */
  now?: () => number;
  /** Default deadline for a write, in ms from the call (a write may pass its own absolute deadline). */
  deadlineMs?: number;
  /** Bound on the bytes held (queued, being sent, waiting to be resent); a write beyond it is refused. */
  maxInFlightBytes?: number;
  /**
   * Quiet time after the last queued line before a call goes out, once recent calls carried several writes
   * (a queue as large as the largest recent call, or any queue while calls carry one write each, goes out
   * as soon as no call is in flight).
   */
  lingerMs?: number;
  /** Longest a line waits for others (default: lingerMs, a fixed linger). */
  maxLingerMs?: number;
  /**
   * true (default): a queue goes out without lingering once no call is in flight and it is as large as the
   * largest of the last calls. false: every queue waits out the linger, as before (kept for comparisons).
   */
  adaptive?: boolean;
  /** PutRecordBatch calls in flight at once; lines keep gathering while all are busy. */
  maxConcurrentCalls?: number;
  /** Firehose's limits (lake-format) unless lower values are given, e.g. by tests. */
  maxRecordBytes?: number;
  maxBatchRecords?: number;
  maxBatchBytes?: number;
  /** Full-jitter backoff between resends: random() up to min(max, base × 2^attempt). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  observer?: WriterObserver;
}

export interface WriteOptions {
  /** Absolute time (ms since the epoch, same clock as `now`) after which the write rejects. */
  deadline?: number;
  /** Alternatively, ms from now after which the write rejects. */
  timeoutMs?: number;
}

export interface WriterStatus {
  streamStatus: string;
  inFlightBytes: number;
  maxInFlightBytes: number;
  queuedLines: number;
  retryingRecords: number;
  activeCalls: number;
  closing: boolean;
}

export interface FirehoseWriter {
  /**
   * Lines as lake-format's encodeArchiveLines returns them (bytes, taken as they are), or as text (encoded
   * here). Each must fit one record.
   */
  write(lines: readonly (string | Uint8Array)[], options?: WriteOptions): Promise<void>;
  /** Stops accepting writes, sends what is queued, and resolves once every write has settled. */
  close(): Promise<void>;
  describe(signal?: AbortSignal): Promise<WriterStatus>;
  inFlightBytes(): number;
}

interface Ticket {
  unacked: number;
  settled: boolean;
  lastError: string | undefined;
  timer: NodeJS.Timeout | undefined;
  resolve(): void;
  reject(error: Error): void;
}

interface QueuedLine {
  data: Buffer;
  ticket: Ticket;
}

interface PackedRecord {
  data: Buffer;
  /** One entry per line in the record. */
  tickets: Ticket[];
  attempts: number;
  notBefore: number;
}

/** How many recent calls say how much company a queue can expect. */
const RECENT_CALLS = 8;

export function createFirehoseWriter(port: FirehosePort, options: FirehoseWriterOptions = {}): FirehoseWriter {
  const deadlineMs = options.deadlineMs ?? 4000;
  const maxInFlight = options.maxInFlightBytes ?? 64 * 1024 * 1024;
  const lingerMs = options.lingerMs ?? 5;
  const maxLingerMs = Math.max(lingerMs, options.maxLingerMs ?? lingerMs);
  const maxCalls = options.maxConcurrentCalls ?? 8;
  const maxRecordBytes = Math.min(options.maxRecordBytes ?? MAX_RECORD_BYTES, MAX_RECORD_BYTES);
  const maxBatchRecords = Math.min(options.maxBatchRecords ?? MAX_BATCH_RECORDS, MAX_BATCH_RECORDS);
  const maxBatchBytes = Math.min(options.maxBatchBytes ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES);
  const backoffBase = options.backoffBaseMs ?? 50;
  const backoffMax = options.backoffMaxMs ?? 1000;
  const observer = options.observer ?? {};
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  let queue: QueuedLine[] = [];
  let queuedBytes = 0;
  /** Writes with lines in the queue. */
  let queuedWrites = 0;
  /** Writes gathered by each of the last calls taken from the queue (a ring): how much company to expect. */
  const recentGathered: number[] = [];
  let recentNext = 0;
  let immediate: NodeJS.Immediate | undefined;
  /** The queue holds what did not fit the last call (already due). */
  let leftover = false;
  /** When the queue goes out unless a new line comes first (or the batch fills). */
  let lingerUntil = 0;
  /** When the oldest queued line must go out at the latest. */
  let lingerCap = 0;
  let retrying: PackedRecord[] = [];
  let inFlight = 0;
  let activeCalls = 0;
  let unsettled = 0;
  let closing = false;
  let wake: { at: number; timer: NodeJS.Timeout } | undefined;
  const idleWaiters: Array<() => void> = [];

  const adjustInFlight = (delta: number) => {
    inFlight += delta;
    observer.inFlightBytes?.(inFlight);
  };

  const settle = (ticket: Ticket, error?: Error) => {
    if (ticket.settled) return;
    ticket.settled = true;
    unsettled -= 1;
    if (ticket.timer) clearTimeout(ticket.timer);
    if (error) ticket.reject(error);
    else ticket.resolve();
    notifyIdle();
  };

  const notifyIdle = () => {
    if (unsettled === 0 && activeCalls === 0) idleWaiters.splice(0).forEach((f) => f());
  };

  const abandoned = (record: PackedRecord) => record.tickets.every((t) => t.settled);

  /** As many writes as the largest of the last calls gathered (1 when they carried one each, or at start). */
  const expectedCompany = () => {
    let most = 1;
    for (const n of recentGathered) if (n > most) most = n;
    return most;
  };
  const noteGathered = (writes: number) => {
    recentGathered[recentNext] = writes;
    recentNext = (recentNext + 1) % RECENT_CALLS;
  };
  const adaptive = options.adaptive ?? true;
  /** Nothing in flight and the usual crowd is here: waiting longer would only add latency. */
  const crowdHere = () => adaptive && activeCalls === 0 && queuedWrites >= expectedCompany();

  /** Takes the next batch, or undefined when nothing is due. */
  const takeBatch = (at: number): PackedRecord[] | undefined => {
    const records: PackedRecord[] = [];
    let bytes = 0;
    const ready = retrying.filter((r) => r.notBefore <= at);
    for (const record of ready) {
      if (records.length >= maxBatchRecords || bytes + record.data.length > maxBatchBytes) break;
      retrying.splice(retrying.indexOf(record), 1);
      if (abandoned(record)) {
        adjustInFlight(-record.data.length);
        continue;
      }
      records.push(record);
      bytes += record.data.length;
    }
    const queueDue = queue.length > 0 && (closing || at >= lingerUntil || queuedBytes >= maxBatchBytes || crowdHere());
    if (queueDue || records.length > 0) {
      if (queueDue && !leftover) noteGathered(queuedWrites); // the rest of a full batch is no new crowd
      let chunks: Buffer[] = [];
      let tickets: Ticket[] = [];
      let size = 0;
      const seal = () => {
        if (chunks.length === 0) return;
        records.push({ data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), tickets, attempts: 0, notBefore: 0 });
        chunks = [];
        tickets = [];
        size = 0;
      };
      let taken = 0;
      for (const line of queue) {
        if (line.ticket.settled) {
          // Its write already gave up: do not pay for sending it.
          taken += 1;
          queuedBytes -= line.data.length;
          adjustInFlight(-line.data.length);
          continue;
        }
        const len = line.data.length;
        if (chunks.length === 0 && records.length >= maxBatchRecords) break;
        if (bytes + len > maxBatchBytes) break;
        if (size + len > maxRecordBytes) {
          if (records.length + 1 >= maxBatchRecords) break;
          seal();
        }
        chunks.push(line.data);
        tickets.push(line.ticket);
        size += len;
        bytes += len;
        taken += 1;
        queuedBytes -= len;
      }
      seal();
      queue = taken === queue.length ? [] : queue.slice(taken);
      queuedWrites = queue.length === 0 ? 0 : new Set(queue.map((l) => l.ticket)).size;
      leftover = queue.length > 0;
      if (leftover) lingerUntil = lingerCap = at; // what is left is already due
    }
    return records.length > 0 ? records : undefined;
  };

  const pump = () => {
    if (immediate) {
      clearImmediate(immediate);
      immediate = undefined;
    }
    while (activeCalls < maxCalls) {
      const batch = takeBatch(now());
      if (!batch) break;
      void send(batch);
    }
    arm();
    notifyIdle();
  };

  /** Sets one timer for the next moment something becomes due (linger end or a retry's backoff). */
  const arm = () => {
    if (activeCalls >= maxCalls) return; // a returning call pumps again
    let at = Number.POSITIVE_INFINITY;
    if (queue.length > 0) at = lingerUntil;
    for (const r of retrying) at = Math.min(at, r.notBefore);
    if (!Number.isFinite(at)) return;
    if (wake && wake.at <= at) return;
    if (wake) clearTimeout(wake.timer);
    const timer = setTimeout(() => {
      wake = undefined;
      pump();
    }, Math.max(0, at - now()));
    wake = { at, timer };
  };

  const retryLater = (records: readonly PackedRecord[], reason: string) => {
    let retried = 0;
    for (const record of records) {
      record.tickets.forEach((t) => { t.lastError = reason; });
      if (abandoned(record)) {
        adjustInFlight(-record.data.length);
        continue;
      }
      record.attempts += 1;
      const cap = Math.min(backoffMax, backoffBase * 2 ** (record.attempts - 1));
      record.notBefore = now() + random() * cap;
      retrying.push(record);
      retried += 1;
    }
    if (retried > 0) observer.retry?.(retried, reason);
  };

  const acknowledge = (record: PackedRecord) => {
    adjustInFlight(-record.data.length);
    for (const ticket of record.tickets) {
      ticket.unacked -= 1;
      if (ticket.unacked === 0) settle(ticket);
    }
  };

  const send = async (records: PackedRecord[]) => {
    activeCalls += 1;
    const started = now();
    const bytes = records.reduce((n, r) => n + r.data.length, 0);
    const report = {
      records: records.length,
      lines: records.reduce((n, r) => n + r.tickets.length, 0),
      writes: new Set(records.flatMap((r) => r.tickets)).size,
      bytes,
      billedUnits: records.reduce((n, r) => n + billedUnits(r.data.length), 0),
    };
    try {
      const { failed } = await port.putRecordBatch(records.map((r) => r.data));
      observer.call?.({ ...report, durationMs: now() - started, failedRecords: failed.length });
      const failedIndexes = new Set(failed.map((f) => f.index));
      const failedRecords = records.filter((_, i) => failedIndexes.has(i));
      records.forEach((r, i) => { if (!failedIndexes.has(i)) acknowledge(r); });
      if (failedRecords.length > 0) retryLater(failedRecords, failed[0]?.code ?? 'unknown');
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      observer.call?.({ ...report, durationMs: now() - started, failedRecords: records.length, error: reason });
      retryLater(records, reason);
    } finally {
      activeCalls -= 1;
      pump();
    }
  };

  return {
    write(lines, writeOptions = {}) {
      if (closing) return Promise.reject(new WriterClosedError('the writer is shutting down'));
      const data = lines.map(asBuffer);
      for (const d of data) {
        if (d.length > maxRecordBytes) {
          return Promise.reject(new RangeError(`a line of ${d.length} bytes exceeds the record limit ${maxRecordBytes}; split it with encodeArchiveLines`));
        }
      }
      if (data.length === 0) return Promise.resolve();
      const bytes = data.reduce((n, d) => n + d.length, 0);
      if (inFlight + bytes > maxInFlight) {
        observer.shed?.(bytes);
        return Promise.reject(new WriterOverloadedError(`in-flight bytes would exceed ${maxInFlight}`));
      }
      const deadline = writeOptions.deadline ?? now() + (writeOptions.timeoutMs ?? deadlineMs);
      return new Promise<void>((resolve, reject) => {
        const ticket: Ticket = { unacked: data.length, settled: false, lastError: undefined, timer: undefined, resolve, reject };
        unsettled += 1;
        ticket.timer = setTimeout(() => {
          settle(ticket, new WriterTimeoutError(
            `not acknowledged by Firehose before the deadline${ticket.lastError ? ` (last error: ${ticket.lastError})` : ''}`,
          ));
        }, Math.max(0, deadline - now()));
        const at = now();
        if (queue.length === 0) lingerCap = at + maxLingerMs;
        if (lingerUntil < lingerCap) lingerUntil = Math.min(lingerCap, at + lingerMs);
        for (const d of data) queue.push({ data: d, ticket });
        queuedBytes += bytes;
        queuedWrites += 1;
        adjustInFlight(bytes);
        // Due now: leave at the end of this turn of the event loop, so that writes made in the same turn
        // (requests read in one poll, an SQS batch) share the call. Otherwise the linger timer decides.
        if (crowdHere() || queuedBytes >= maxBatchBytes || at >= lingerUntil) immediate ??= setImmediate(pump);
        else arm();
      });
    },

    async close() {
      closing = true;
      pump();
      await new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        notifyIdle();
      });
      // Every write has settled: what still waits to be retried belongs to writers that gave up.
      for (const r of retrying) adjustInFlight(-r.data.length);
      retrying = [];
      if (wake) clearTimeout(wake.timer);
      wake = undefined;
      if (immediate) clearImmediate(immediate);
      immediate = undefined;
    },

    async describe(signal) {
      return {
        streamStatus: await port.describeStatus(signal),
        inFlightBytes: inFlight,
        maxInFlightBytes: maxInFlight,
        queuedLines: queue.length,
        retryingRecords: retrying.length,
        activeCalls,
        closing,
      };
    },

    inFlightBytes: () => inFlight,
  };
}

/** Bytes are used as they are (no copy); text is encoded once. */
function asBuffer(line: string | Uint8Array): Buffer {
  if (typeof line === 'string') return Buffer.from(line, 'utf8');
  return Buffer.isBuffer(line) ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength);
}
