import { describe, expect, it } from '@jest/globals';
import { emfLine } from '../src/emf-line.js';

const AT = new Date('2026-12-07T12:00:00.000Z');

describe('emfLine', () => {
  it('writes the log fields, then _aws with the timestamp and one directive naming each metric and its unit, then the dimension and the values', () => {
    const line = emfLine({
      namespace: 'EventLake',
      dimensions: { CurationTask: 'merge' },
      metrics: {
        CurationRunSucceeded: { value: 1, unit: 'Count' },
        CurationRunDuration: { value: 1250, unit: 'Milliseconds' },
        CurationBytesScanned: { value: 30_000_000, unit: 'Bytes' },
        CurationLagSeconds: { value: 90.5, unit: 'Seconds' },
      },
      at: AT,
      fields: { level: 'info', message: 'curation merge: done' },
    });
    expect(line).toBe(
      '{"level":"info","message":"curation merge: done",' +
      '"_aws":{"Timestamp":1796644800000,"CloudWatchMetrics":[{"Namespace":"EventLake","Dimensions":[["CurationTask"]],' +
      '"Metrics":[{"Name":"CurationRunSucceeded","Unit":"Count"},{"Name":"CurationRunDuration","Unit":"Milliseconds"},' +
      '{"Name":"CurationBytesScanned","Unit":"Bytes"},{"Name":"CurationLagSeconds","Unit":"Seconds"}]}]},' +
      '"CurationTask":"merge","CurationRunSucceeded":1,"CurationRunDuration":1250,"CurationBytesScanned":30000000,"CurationLagSeconds":90.5}',
    );
  });

  it('is one line of JSON whose every named metric and dimension has its value at the root (what CloudWatch requires to extract it)', () => {
    const line = emfLine({ namespace: 'EventLake', dimensions: { Kind: 'v2' }, metrics: { AuditMissingEvents: { value: 0, unit: 'Count' } }, at: AT });
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } } & Record<string, unknown>;
    const [directive] = parsed._aws.CloudWatchMetrics;
    for (const name of directive!.Dimensions[0]!) expect(typeof parsed[name]).toBe('string');
    for (const metric of directive!.Metrics) expect(typeof parsed[metric.Name]).toBe('number');
    expect(parsed).toMatchObject({ Kind: 'v2', AuditMissingEvents: 0 });
    expect(Object.keys(parsed)).toEqual(['_aws', 'Kind', 'AuditMissingEvents']);
  });
});
