import { describe, expect, it } from '@jest/globals';
import { metricFamily, type MetricName } from '../src/metric-family.js';

const AT = new Date('2026-12-07T12:00:00.000Z');

const RUNS = metricFamily({
  dimension: 'CurationTask',
  values: ['merge', 'maintain'],
  units: { RunSucceeded: 'Count', RunDuration: 'Milliseconds', LagSeconds: 'Seconds' },
});

type Directive = { Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> };
const parse = (line: string) => JSON.parse(line) as { _aws: { Timestamp: number; CloudWatchMetrics: Directive[] } } & Record<string, unknown>;

describe('metricFamily', () => {
  it('writes each metric with the unit the family declares, under its one dimension, in the order the line lists them', () => {
    const line = parse(RUNS.line({ namespace: 'EventLake', dimensionValue: 'maintain', metrics: { RunDuration: 820, RunSucceeded: 1 }, at: AT, fields: { level: 'info' } }));
    expect(line._aws.CloudWatchMetrics).toEqual([{
      Namespace: 'EventLake',
      Dimensions: [['CurationTask']],
      Metrics: [{ Name: 'RunDuration', Unit: 'Milliseconds' }, { Name: 'RunSucceeded', Unit: 'Count' }],
    }]);
    expect(line._aws.Timestamp).toBe(AT.getTime());
    expect(line).toMatchObject({ level: 'info', CurationTask: 'maintain', RunDuration: 820, RunSucceeded: 1 });
  });

  it('leaves a metric whose value is undefined off the line, directive and value both', () => {
    const lag: number | undefined = undefined;
    const line = parse(RUNS.line({ namespace: 'EventLake', dimensionValue: 'merge', metrics: { RunSucceeded: 0, LagSeconds: lag }, at: AT }));
    expect(line._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'RunSucceeded', Unit: 'Count' }]);
    expect(line).not.toHaveProperty('LagSeconds');
  });

  it('refuses a metric the family does not declare (an untyped caller), naming it', () => {
    const metrics = JSON.parse('{"RunSucceeded": 1, "RunSucceded": 1}') as Partial<Record<MetricName<typeof RUNS>, number>>;
    expect(() => RUNS.line({ namespace: 'EventLake', dimensionValue: 'merge', metrics, at: AT }))
      .toThrow('metric RunSucceded is not declared in the CurationTask metric family');
  });

  it('keeps the declaration for the alarms: the dimension, its values and every unit', () => {
    expect(RUNS.dimension).toBe('CurationTask');
    expect(RUNS.values).toEqual(['merge', 'maintain']);
    expect(RUNS.dimensionsOf('maintain')).toEqual({ CurationTask: 'maintain' });
    expect(Object.keys(RUNS.units)).toEqual(['RunSucceeded', 'RunDuration', 'LagSeconds']);
    expect(Object.isFrozen(RUNS)).toBe(true);
  });
});

describe('metricFamily types', () => {
  it('does not type-check a metric name or a dimension value the family does not declare', () => {
    const line = (f: () => string) => f;
    // @ts-expect-error RunSucceded is not a metric of the family
    line(() => RUNS.line({ namespace: 'EventLake', dimensionValue: 'merge', metrics: { RunSucceded: 1 }, at: AT }));
    // @ts-expect-error rebuild is not a value of the CurationTask dimension
    line(() => RUNS.line({ namespace: 'EventLake', dimensionValue: 'rebuild', metrics: { RunSucceeded: 1 }, at: AT }));
    // @ts-expect-error nor for an alarm's dimensions
    RUNS.dimensionsOf('rebuild');
    const name: MetricName<typeof RUNS> = 'LagSeconds';
    expect(RUNS.units[name]).toBe('Seconds');
  });
});
