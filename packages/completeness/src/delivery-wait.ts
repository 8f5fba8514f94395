// After `backfill --apply`: Firehose has acknowledged the lines but holds them for its buffer interval
// (up to 900 s) before they reach the lake. Waiting until they are visible makes a following audit (or
// a second backfill) see them, instead of finding them "missing" and writing them again.
import { idsInLake, lakePartitionRange, type OpenedLake } from './lake-index.js';

export interface DeliveryWaitDeps {
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Opened once for the whole wait: the local backend reads the lake as it is at each query. */
  readonly openLake: () => Promise<OpenedLake>;
  readonly onCheck?: (visible: number, total: number, waitedMs: number) => void;
}

export interface DeliveryWaitResult {
  readonly visible: number;
  readonly total: number;
  readonly waitedMs: number;
}

export const DELIVERY_CHECK_INTERVAL_MS = 15_000;

/** Checks until every id is in the lake's partitions since `writtenAt`, or `timeoutMs` has passed. */
export async function waitForDelivery(
  deps: DeliveryWaitDeps, ids: readonly string[], writtenAt: Date, timeoutMs: number, intervalMs = DELIVERY_CHECK_INTERVAL_MS,
): Promise<DeliveryWaitResult> {
  const start = deps.now().getTime();
  let slept = 0;
  const lake = await deps.openLake();
  try {
    for (;;) {
      const now = deps.now();
      const visible = (await idsInLake(lake.runSql, ids, lakePartitionRange({ since: writtenAt, until: now }, now))).size;
      // Time slept counts even if the clock does not move (an injected clock), so the loop always ends.
      const waitedMs = Math.max(now.getTime() - start, slept);
      deps.onCheck?.(visible, ids.length, waitedMs);
      const remaining = timeoutMs - waitedMs;
      if (visible === ids.length || remaining <= 0) return { visible, total: ids.length, waitedMs };
      const nap = Math.min(intervalMs, remaining);
      await deps.sleep(nap);
      slept += nap;
    }
  } finally {
    await lake.close();
  }
}
