// What every operation handler gets: the stream, the clock, fault settings and the few facts
// DescribeDeliveryStream reports.
import type { DeliveryStream } from './delivery-stream.js';
import type { FirehoseFaults } from './faults.js';

export interface OperationContext {
  readonly streamName: string;
  readonly stream: DeliveryStream;
  readonly faults: Readonly<FirehoseFaults>;
  readonly random: () => number;
  readonly now: () => Date;
  /** Region named in the request's SigV4 credential scope, for ARNs. */
  readonly region: string;
  readonly bufferSizeMiB: number;
  readonly bufferIntervalSeconds: number;
  readonly createdAt: Date;
  readonly nextRecordId: () => string;
}

export type Operation = (input: Record<string, unknown>, ctx: OperationContext) => Promise<object>;
