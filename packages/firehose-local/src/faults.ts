// Fault injection for tests and drills, off by default. Rates are shares between 0 and 1.
export interface FirehoseFaults {
  /** Share of PutRecord/PutRecordBatch calls answered with ServiceUnavailableException (nothing stored). */
  failCallRate?: number;
  /** Share of records inside PutRecordBatch answered with a per-record ServiceUnavailableException (not stored). */
  failRecordRate?: number;
  /** Added before every call is handled. */
  latencyMs?: number;
  /** Accept every request and never answer it (until close), like a black-holed endpoint. */
  hang?: boolean;
}

/** Throws a RangeError naming the field when a fault setting is out of range. */
export function validateFaults(faults: FirehoseFaults): Readonly<FirehoseFaults> {
  for (const key of ['failCallRate', 'failRecordRate'] as const) {
    const v = faults[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)) {
      throw new RangeError(`faults.${key} must be a number from 0 to 1, got ${String(v)}`);
    }
  }
  const latency = faults.latencyMs;
  if (latency !== undefined && !(Number.isFinite(latency) && latency >= 0)) {
    throw new RangeError(`faults.latencyMs must be a non-negative number, got ${String(latency)}`);
  }
  return Object.freeze({ ...faults });
}
