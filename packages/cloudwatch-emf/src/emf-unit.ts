// The units CloudWatch accepts for a metric (its StandardUnit values), as the EMF specification's
// MetricDefinition `Unit` takes them; the same list as AWS's own aws-embedded-metrics `Unit`. CloudWatch
// keeps the unit with the metric, so a graph of milliseconds says so.

export type EmfUnit =
  | 'Seconds' | 'Microseconds' | 'Milliseconds'
  | 'Bytes' | 'Kilobytes' | 'Megabytes' | 'Gigabytes' | 'Terabytes'
  | 'Bits' | 'Kilobits' | 'Megabits' | 'Gigabits' | 'Terabits'
  | 'Percent' | 'Count'
  | 'Bytes/Second' | 'Kilobytes/Second' | 'Megabytes/Second' | 'Gigabytes/Second' | 'Terabytes/Second'
  | 'Bits/Second' | 'Kilobits/Second' | 'Megabits/Second' | 'Gigabits/Second' | 'Terabits/Second'
  | 'Count/Second'
  | 'None';
