// The archive record's columns, defined once. The Glue table (CDK), the Athena DDL in athena/, DuckDB's
// read schema and docs/schema.md are all generated from or checked against this list.

/**
 * Bump when a column is added or its meaning changes; readers branch on it, old lines never change.
 * A new `source` value is not a bump: what each source's body and signature mean is documented per
 * source (docs/schema.md), and readers already branch on `source` since backfill lines.
 */
export const ARCHIVE_SCHEMA_VERSION = 1;

export type ColumnType = 'string' | 'int' | 'boolean';

export interface ArchiveColumn {
  readonly name: string;
  /** Hive/Glue type; DuckDB uses VARCHAR, INTEGER, BOOLEAN. */
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description: string;
}

export const ARCHIVE_COLUMNS: readonly ArchiveColumn[] = [
  { name: 'schema_version', type: 'int', nullable: false, description: 'Version of this record layout.' },
  { name: 'source', type: 'string', nullable: false, description: "'webhook' (received and verified), 'eventbridge' (Stripe's Amazon EventBridge destination), 'backfill' (from Stripe's Events API) or 'snapshot' (an object listed by import-objects, as a <object>.snapshot event); only webhook lines are signed." },
  { name: 'delivery_id', type: 'string', nullable: false, description: 'Id of this delivery; Stripe may deliver one event several times, each delivery gets its own. A UUID; for eventbridge the EventBridge event id, so a redelivered envelope keeps it.' },
  { name: 'id', type: 'string', nullable: false, description: 'Stripe event id (evt_…); the key for de-duplication.' },
  { name: 'type', type: 'string', nullable: false, description: 'Event type, e.g. payment_intent.succeeded.' },
  { name: 'object', type: 'string', nullable: false, description: "'event' (snapshot event) or 'v2.core.event' (thin event)." },
  { name: 'created', type: 'string', nullable: false, description: 'When Stripe created the event, ISO-8601 UTC with milliseconds (snapshot events send epoch seconds, thin events ISO-8601; both normalised).' },
  { name: 'livemode', type: 'boolean', nullable: false, description: 'Live or test mode.' },
  { name: 'api_version', type: 'string', nullable: true, description: 'API version the snapshot was rendered with; null for thin events.' },
  { name: 'account', type: 'string', nullable: true, description: 'Connected account (acct_…) for Connect events (`account`, or `context` on thin events); null otherwise.' },
  { name: 'received_at', type: 'string', nullable: false, description: 'When the ingress (or the EventBridge consumer, the backfill, import-objects) received the delivery, ISO-8601 UTC with milliseconds.' },
  { name: 'signature', type: 'string', nullable: true, description: 'The Stripe-Signature header as received, so the body can be re-verified; null for backfill, eventbridge and snapshot.' },
  { name: 'body', type: 'string', nullable: false, description: 'The raw request body as text, exactly as received (UTF-8); for eventbridge the envelope\'s detail text as the queue message carried it. Large events are split across parts: concatenate body ordered by body_part.' },
  { name: 'body_part', type: 'int', nullable: false, description: 'Index of this part of the body, from 0. Almost always 0.' },
  { name: 'body_parts', type: 'int', nullable: false, description: 'How many parts the body was split into; 1 unless the event exceeds one Firehose record.' },
] as const;

export const ARCHIVE_COLUMN_NAMES = ARCHIVE_COLUMNS.map((c) => c.name);
