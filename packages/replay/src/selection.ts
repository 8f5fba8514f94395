// What a replay sends: the events created in [since, until) that match the type and id filters. Flags are
// validated here, so nothing unchecked reaches SQL.
import { isEventType } from '@event-lake/lake-format';
import { parseInstant, UsageError } from '@event-lake/cli-kit';

/** An exact event type, or a prefix (`customer.*` is every type starting with `customer.`). */
export type TypeFilter = { readonly exact: string } | { readonly prefix: string };

export interface Selection {
  /** Inclusive, by the event's `created`. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
  /** Empty: every type. */
  readonly types: readonly TypeFilter[];
  /** Empty: every id. With types too, an event must match both. */
  readonly ids: readonly string[];
}

export interface SelectionFlags {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly types: readonly string[];
  readonly ids: readonly string[];
}

const EVENT_ID = /^evt_[A-Za-z0-9_]{1,251}$/;

export function parseSelection(flags: SelectionFlags): Selection {
  const since = flags.since === undefined ? undefined : parseInstant(flags.since, '--since');
  const until = flags.until === undefined ? undefined : parseInstant(flags.until, '--until');
  if (since && until && since.getTime() >= until.getTime()) {
    throw new UsageError(`the window is empty: --since ${since.toISOString()} is not before --until ${until.toISOString()}`);
  }
  return {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    types: flags.types.map(parseTypeFilter),
    ids: flags.ids.map((id) => {
      if (!EVENT_ID.test(id)) throw new UsageError(`--id must be a Stripe event id (evt_…), got ${JSON.stringify(id.slice(0, 80))}`);
      return id;
    }),
  };
}

export function parseTypeFilter(raw: string): TypeFilter {
  const prefix = raw.endsWith('*');
  const name = prefix ? raw.slice(0, -1) : raw;
  if (!isEventType(name)) {
    throw new UsageError(`--type must be an event type (invoice.paid) or a prefix ending in * (customer.*), got ${JSON.stringify(raw.slice(0, 80))}`);
  }
  return prefix ? { prefix: name } : { exact: name };
}
