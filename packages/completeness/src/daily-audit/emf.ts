// CloudWatch Embedded Metric Format: one JSON log line that CloudWatch Logs turns into metrics, so the
// Lambda publishes them by writing to stdout, with no PutMetricData call and no extra permission.
// Extra members (level, message) make the same line readable as a log.

export interface EmfLine {
  readonly namespace: string;
  /** Each metric of the line is published with exactly these dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Counts. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly at: Date;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export function emfLine(line: EmfLine): string {
  return JSON.stringify({
    ...line.fields,
    _aws: {
      Timestamp: line.at.getTime(),
      CloudWatchMetrics: [{
        Namespace: line.namespace,
        Dimensions: [Object.keys(line.dimensions)],
        Metrics: Object.keys(line.metrics).map((name) => ({ Name: name, Unit: 'Count' })),
      }],
    },
    ...line.dimensions,
    ...line.metrics,
  });
}
