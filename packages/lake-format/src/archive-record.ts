// Building and reading archive lines. One delivery becomes one NDJSON line, or, when the escaped body
// would not fit one Firehose record, several lines (parts) that carry the same metadata and a slice of
// the body each. Reading the parts back in order reproduces the received bytes exactly.
import { ARCHIVE_SCHEMA_VERSION } from './archive-schema.js';
import { MAX_RECORD_BYTES } from './firehose-limits.js';
import { isStripeId } from './stripe-id.js';

/** How a delivery reached the lake (docs/schema.md says what each can prove). */
export type ArchiveSource = 'webhook' | 'backfill' | 'eventbridge' | 'snapshot';

/** The fields of a Stripe event that the record lifts to top-level columns. */
export interface EventSummary {
  id: string;
  type: string;
  object: 'event' | 'v2.core.event';
  created: string;
  livemode: boolean;
  api_version: string | null;
  account: string | null;
}

/** One archive line: the event's columns plus the delivery's metadata and a slice of its body. */
export interface ArchiveRecord extends EventSummary {
  schema_version: number;
  source: ArchiveSource;
  delivery_id: string;
  received_at: string;
  signature: string | null;
  body: string;
  body_part: number;
  body_parts: number;
}

export interface DeliveryInput {
  source: ArchiveSource;
  deliveryId: string;
  receivedAt: Date;
  signature: string | null;
  /**
   * The body exactly as received, decoded from UTF-8 (see decodeUtf8Exact): the webhook request body, the
   * Events API JSON for a backfill, the `detail` text of the EventBridge envelope for eventbridge.
   */
  body: string;
  event: EventSummary;
}

export class EventShapeError extends Error {}

/**
 * Checks that a parsed JSON value is a Stripe event (snapshot or thin) and lifts its columns.
 * Throws EventShapeError naming the first field that is wrong.
 */
export function summariseEvent(value: unknown): EventSummary {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventShapeError('body is not a JSON object');
  }
  const v = value as Record<string, unknown>;
  const object = v['object'];
  if (object !== 'event' && object !== 'v2.core.event') {
    throw new EventShapeError('"object" must be "event" or "v2.core.event"');
  }
  const id = v['id'];
  if (typeof id !== 'string' || !isStripeId(id)) throw new EventShapeError('"id" must be a Stripe id string');
  const type = v['type'];
  if (typeof type !== 'string' || type.length === 0 || type.length > 255) {
    throw new EventShapeError('"type" must be a non-empty string');
  }
  const livemode = v['livemode'];
  if (typeof livemode !== 'boolean') throw new EventShapeError('"livemode" must be a boolean');
  const created = normaliseCreated(v['created'], object);
  if (object === 'event') {
    if (typeof v['data'] !== 'object' || v['data'] === null) throw new EventShapeError('"data" must be an object');
    return {
      id, type, object, created, livemode,
      api_version: optionalString(v['api_version'], 'api_version'),
      account: optionalString(v['account'], 'account'),
    };
  }
  return {
    id, type, object, created, livemode,
    api_version: null,
    account: optionalString(v['context'], 'context'),
  };
}

/**
 * The instants `created` may name: from the epoch to the last millisecond of year 9999. Outside it, Date
 * cannot represent the value (9e15 s is past its ±8.64e15 ms) or toISOString() writes a six-digit year
 * that from_iso8601_timestamp and the SQL's date parsing refuse; either way the event is not Stripe's.
 */
const CREATED_MS = { min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) } as const;

function normaliseCreated(created: unknown, object: EventSummary['object']): string {
  let ms: number;
  if (object === 'event') {
    if (typeof created !== 'number' || !Number.isInteger(created)) throw new EventShapeError('"created" must be epoch seconds');
    ms = created * 1000;
  } else {
    ms = typeof created === 'string' ? Date.parse(created) : Number.NaN;
    if (Number.isNaN(ms)) throw new EventShapeError('"created" must be an ISO-8601 timestamp');
  }
  if (!(ms >= CREATED_MS.min && ms <= CREATED_MS.max)) {
    throw new EventShapeError('"created" must be between 1970-01-01 and 9999-12-31');
  }
  return new Date(ms).toISOString();
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new EventShapeError(`"${field}" must be a string or null`);
  return value;
}

/**
 * Decodes a body as UTF-8, refusing anything that would not encode back to the same bytes
 * (invalid sequences). A leading BOM is kept, not stripped.
 */
export function decodeUtf8Exact(bytes: Uint8Array): string {
  return STRICT_UTF8.decode(bytes);
}

/** One decoder for every call: without `stream`, each decode starts afresh, and a fatal error leaves no state. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The archive lines for one delivery, UTF-8 encoded, each ending in '\n' and at most `maxLineBytes` bytes.
 * Each line is encoded and measured here once; the Firehose writer takes the bytes as they are.
 */
export function encodeArchiveLines(input: DeliveryInput, maxLineBytes: number = MAX_RECORD_BYTES): Buffer[] {
  const base: Omit<ArchiveRecord, 'body' | 'body_part' | 'body_parts'> = {
    schema_version: ARCHIVE_SCHEMA_VERSION,
    source: input.source,
    delivery_id: input.deliveryId,
    id: input.event.id,
    type: input.event.type,
    object: input.event.object,
    created: input.event.created,
    livemode: input.event.livemode,
    api_version: input.event.api_version,
    account: input.event.account,
    received_at: input.receivedAt.toISOString(),
    signature: input.signature,
  };
  // The same text as JSON.stringify({ ...base, body, body_part, body_parts }): the metadata is serialised
  // once per delivery, and per line only the body is escaped.
  const head = `${JSON.stringify(base).slice(0, -1)},"body":`;
  const line = (body: string, part: number, parts: number) =>
    Buffer.from(`${head}${JSON.stringify(body)},"body_part":${part},"body_parts":${parts}}\n`, 'utf8');

  const whole = line(input.body, 0, 1);
  if (whole.length <= maxLineBytes) return [whole];

  // Envelope overhead with an empty body and worst-case part numbers; the rest is room for escaped text.
  const overhead = line('', 999_999, 999_999).length;
  const room = maxLineBytes - overhead;
  if (room < 64) throw new Error(`record limit ${maxLineBytes} leaves no room for the body`);
  const slices = splitByEscapedSize(input.body, room);
  return slices.map((slice, i) => line(slice, i, slices.length));
}

/** The same lines as text, for tools and tests that write or compare them as strings. */
export function toArchiveLines(input: DeliveryInput, maxLineBytes: number = MAX_RECORD_BYTES): string[] {
  return encodeArchiveLines(input, maxLineBytes).map((bytes) => bytes.toString('utf8'));
}

/** Splits text into slices whose JSON-escaped UTF-8 size is at most `room`, never inside a surrogate pair. */
function splitByEscapedSize(text: string, room: number): string[] {
  const slices: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const cost = escapedBytes(cp);
    if (size + cost > room) {
      slices.push(text.slice(start, i));
      start = i;
      size = 0;
    }
    size += cost;
    i += units;
  }
  slices.push(text.slice(start));
  return slices;
}

/** Bytes one code point takes inside a JSON.stringify'd string (UTF-8). */
function escapedBytes(cp: number): number {
  if (cp === 0x22 || cp === 0x5c || cp === 0x08 || cp === 0x09 || cp === 0x0a || cp === 0x0c || cp === 0x0d) return 2;
  if (cp < 0x20) return 6; // \u00XX
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/** Parses one archive line (with or without its trailing newline). */
export function parseArchiveLine(line: string): ArchiveRecord {
  return JSON.parse(line) as ArchiveRecord;
}

/**
 * The body bytes exactly as received, from all parts of one delivery (any order).
 * Throws if parts are missing or belong to different deliveries.
 */
export function rawBodyOf(parts: readonly ArchiveRecord[]): Buffer {
  const first = parts[0];
  if (!first) throw new Error('no parts');
  const ordered = [...parts].sort((a, b) => a.body_part - b.body_part);
  ordered.forEach((p, i) => {
    if (p.delivery_id !== first.delivery_id || p.body_part !== i || p.body_parts !== ordered.length) {
      throw new Error(`delivery ${first.delivery_id}: parts are incomplete or mixed`);
    }
  });
  return Buffer.from(ordered.map((p) => p.body).join(''), 'utf8');
}
