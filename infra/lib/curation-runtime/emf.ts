// CloudWatch Embedded Metric Format: one JSON log line that CloudWatch Logs turns into metrics, so the
// function publishes them by writing to stdout (no PutMetricData, no permission). Unlike the daily audit's
// counts, these carry units (seconds, milliseconds, bytes), which CloudWatch keeps with the metric.

export type EmfUnit = 'Count' | 'Seconds' | 'Milliseconds' | 'Bytes';

export interface EmfLine {
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, { readonly value: number; readonly unit: EmfUnit }>>;
  readonly at: Date;
  /** Extra members (level, message) that make the same line a readable log. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

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
