// One invocation of the consumer: a batch of SQS messages, each an EventBridge envelope. Every message is
// written independently through the shared Firehose writer (which packs the lines of the whole batch into
// few records), and the answer lists the messages that were not stored, so that with
// ReportBatchItemFailures only those return to the queue:
// - a malformed envelope is never archived; it fails on every receive until the queue moves it to the
//   dead-letter queue (maxReceiveCount), whose alarm reaches a person;
// - a write Firehose did not acknowledge in time fails too and is received again later;
// - anything else thrown fails only that message. Nothing is reported stored that Firehose did not ack.
import type { FirehoseWriter } from '@event-lake/firehose-writer';
import { MalformedEnvelopeError, unwrapEnvelope } from './envelope.js';
import { eventBridgeLines } from './eventbridge-record.js';

/** The parts of Lambda's SQS event the consumer reads. */
export interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
  readonly attributes?: {
    /** Epoch ms when the message reached the queue (EventBridge sent it). */
    readonly SentTimestamp?: string;
    readonly ApproximateReceiveCount?: string;
  };
}

export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

/** Lambda's partial batch response (ReportBatchItemFailures). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface BatchLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface BatchDeps {
  readonly writer: Pick<FirehoseWriter, 'write'>;
  readonly logger: BatchLogger;
  readonly expectedSource?: string | undefined;
  readonly now?: () => Date;
}

export interface BatchOptions {
  /** How long the writes of this batch may wait for Firehose before their messages are given back. */
  readonly timeoutMs: number;
}

type Outcome = 'archived' | 'malformed' | 'not_stored';

type Prepared = { lines: string[]; eventId: string } | { outcome: Outcome };

export async function processSqsBatch(event: SqsEvent, deps: BatchDeps, options: BatchOptions): Promise<SqsBatchResponse> {
  const now = deps.now ?? (() => new Date());
  // Every envelope is unwrapped before the first write, so the writes of the batch reach the writer
  // together and share calls and records.
  const prepared = event.Records.map((record) => prepare(record, deps, now));
  const outcomes = await Promise.all(event.Records.map((record, i) => store(record, prepared[i]!, deps, options.timeoutMs)));
  const failures = event.Records.filter((_, i) => outcomes[i] !== 'archived').map((r) => ({ itemIdentifier: r.messageId }));
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  deps.logger.info(
    { messages: event.Records.length, archived: count('archived'), malformed: count('malformed'), notStored: count('not_stored') },
    'batch done',
  );
  return { batchItemFailures: failures };
}

function prepare(record: SqsRecord, deps: BatchDeps, now: () => Date): Prepared {
  try {
    const envelope = unwrapEnvelope(record.body, { expectedSource: deps.expectedSource });
    return { lines: eventBridgeLines(envelope, receivedAt(record, now)), eventId: envelope.event.id };
  } catch (error) {
    const malformed = error instanceof MalformedEnvelopeError;
    // The reason only: bodies are never logged.
    deps.logger.warn(
      { messageId: record.messageId, receiveCount: receiveCount(record), reason: describe(error) },
      malformed ? 'malformed envelope, not archived' : 'envelope not processed',
    );
    return { outcome: malformed ? 'malformed' : 'not_stored' };
  }
}

async function store(record: SqsRecord, prepared: Prepared, deps: BatchDeps, timeoutMs: number): Promise<Outcome> {
  if ('outcome' in prepared) return prepared.outcome;
  try {
    await deps.writer.write(prepared.lines, { timeoutMs });
    return 'archived';
  } catch (error) {
    deps.logger.warn(
      { messageId: record.messageId, eventId: prepared.eventId, receiveCount: receiveCount(record), reason: describe(error) },
      'not stored, left in the queue',
    );
    return 'not_stored';
  }
}

function receiveCount(record: SqsRecord): number {
  return Number(record.attributes?.ApproximateReceiveCount ?? '1');
}

/**
 * When the delivery reached the queue (SQS SentTimestamp), so every redelivery of one message carries the
 * same received_at; the consumer's clock when the attribute is absent.
 */
function receivedAt(record: SqsRecord, now: () => Date): Date {
  const sent = Number(record.attributes?.SentTimestamp);
  return Number.isSafeInteger(sent) && sent > 0 ? new Date(sent) : now();
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
