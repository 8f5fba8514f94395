// A tiny in-memory FirehosePort for unit tests: records what each call carried and lets a test decide,
// call by call, whether the call or some of its records fail.
import type { FailedRecord, FirehosePort } from '@event-lake/firehose-writer';

export interface FakeCall {
  records: Buffer[];
}

export type CallPlan = (call: FakeCall, index: number) => Promise<readonly FailedRecord[]> | readonly FailedRecord[];

export class FakeFirehose implements FirehosePort {
  readonly calls: FakeCall[] = [];
  /** Record bodies that were acknowledged, in order. */
  readonly stored: Buffer[] = [];
  status = 'ACTIVE';
  plan: CallPlan = () => [];

  async putRecordBatch(records: readonly Uint8Array[]): Promise<{ failed: readonly FailedRecord[] }> {
    const call = { records: records.map((r) => Buffer.from(r)) };
    const index = this.calls.push(call) - 1;
    const failed = await this.plan(call, index);
    const failedIndexes = new Set(failed.map((f) => f.index));
    call.records.forEach((r, i) => { if (!failedIndexes.has(i)) this.stored.push(r); });
    return { failed };
  }

  async describeStatus(): Promise<string> {
    return this.status;
  }

  /** Every archive line that was acknowledged. */
  storedLines(): string[] {
    return this.stored.flatMap((r) => r.toString('utf8').split(/(?<=\n)/).filter((l) => l.length > 0));
  }
}

export const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
