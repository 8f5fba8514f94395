// CloudWatch Embedded Metric Format: one JSON log line that CloudWatch Logs turns into metrics, so a
// Lambda publishes them by writing to stdout, with no PutMetricData call and no extra permission.
// Extra members (level, message) make the same line readable as a log.
import type { EmfUnit } from './emf-unit.js';

export interface EmfLine {
  readonly namespace: string;
  /** Each metric of the line is published with exactly these dimensions (one dimension set). */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, { readonly value: number; readonly unit: EmfUnit }>>;
  readonly at: Date;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * The line: `_aws` (Timestamp in epoch milliseconds, one metric directive) and, at the root, every
 * dimension and metric value the directive names, as the specification requires.
 */
export function emfLine(line: EmfLine): string {
  const names = Object.keys(line.metrics);
  return JSON.stringify({
    ...line.fields,
    _aws: {
      Timestamp: line.at.getTime(),
      CloudWatchMetrics: [{
        Namespace: line.namespace,
        Dimensions: [Object.keys(line.dimensions)],
        Metrics: names.map((name) => ({ Name: name, Unit: line.metrics[name]!.unit })),
      }],
    },
    ...line.dimensions,
    ...Object.fromEntries(names.map((name) => [name, line.metrics[name]!.value])),
  });
}
