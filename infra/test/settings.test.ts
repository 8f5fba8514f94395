import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolveSettings, SettingsError, settingsFromContext } from '../lib/settings.js';

/** The rows of infra/README.md's configuration table as [key, default cell]. */
function readmeTable(): [string, string][] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration (CDK context'));
  return section.split('\n')
    .map((line) => /^\| `([A-Za-z]+)` \| (.+?) \| /.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!]);
}

describe('settings', () => {
  it('documents every setting in the README table, once, with the default the code has', () => {
    const settings = resolveSettings();
    // stackName is read by bin/event-lake.ts for the stack itself; every other row is a setting.
    const table = readmeTable().filter(([key]) => key !== 'stackName');
    expect(table.map(([key]) => key).sort()).toEqual(Object.keys(settings).sort());
    const cells = new Map(table);
    expect(cells.size).toBe(table.length);
    for (const [key, value] of Object.entries(settings)) {
      const documented = value === undefined || value === '' ? 'none' : `\`${String(value)}\``;
      // The cell is the default, optionally followed by a note in parentheses: `2555` (7 years), none (off).
      expect([key, cells.get(key)?.replace(/ \(.*\)$/, '')]).toEqual([key, documented]);
    }
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('validates every setting: a value no setting takes fails synth naming its key', () => {
    for (const [key, value] of Object.entries(resolveSettings())) {
      const nonsense = typeof value === 'number' ? -1.5 : 'not a value ☃';
      expect(() => resolveSettings({ [key]: nonsense })).toThrow(new RegExp(`^${key}\\b`));
    }
  });

  it('reads CDK context values given as strings (-c key=value) or JSON (cdk.json)', () => {
    const context: Record<string, unknown> = { archiveTransitionDays: '30', bufferSizeMiB: 128, alarmEmail: ' ops@example.com ', unknownKey: 'x' };
    expect(settingsFromContext((k) => context[k])).toMatchObject({ archiveTransitionDays: 30, bufferSizeMiB: 128, alarmEmail: 'ops@example.com' });
  });

  it('refuses the removed quota settings by name, so a value left in cdk.json does not look as if it mattered', () => {
    expect(resolveSettings()).not.toHaveProperty('quotaBytesPerSecond');
    expect(() => settingsFromContext((k) => (k === 'quotaBytesPerSecond' ? '1048576' : undefined)))
      .toThrow(new SettingsError('context quotaBytesPerSecond: no longer a setting (the quota alarms read the stream\'s own BytesPerSecondLimit metric); remove it'));
    expect(() => settingsFromContext((k) => (k === 'quotaPutRequestsPerSecond' ? 1000 : undefined))).toThrow(/^context quotaPutRequestsPerSecond: no longer a setting/);
  });

  it('takes a Stripe partner event source name as eventBridgeSourceName and refuses anything else', () => {
    const name = 'aws.partner/stripe.com/ed_61TEN0dErlaWJQzTZ16Qafnx2xSQhCzmf0WoqI1pgQSG';
    expect(resolveSettings().eventBridgeSourceName).toBeUndefined();
    expect(settingsFromContext((k) => (k === 'eventBridgeSourceName' ? ` ${name} ` : undefined)).eventBridgeSourceName).toBe(name);
    for (const bad of ['ed_61TEN0dErlaWJQzTZ16Qafnx2xSQhCzmf0WoqI1pgQSG', 'aws.partner/stripe.com/61TEN', 'aws.partner/example.com/ed_1', `${name}/x`]) {
      expect(() => resolveSettings({ eventBridgeSourceName: bad })).toThrow(new RegExp(`^eventBridgeSourceName: must be the Stripe partner event source name`));
    }
  });

  it('names the context key of a bad value', () => {
    const bad = (context: Record<string, unknown>) => () => settingsFromContext((k) => context[k]);
    expect(bad({ archiveTransitionDays: 'ninety' })).toThrow(new SettingsError('context archiveTransitionDays: expected a number, got "ninety"'));
    expect(bad({ bufferIntervalSeconds: '901' })).toThrow(new SettingsError('bufferIntervalSeconds: expected an integer from 0 to 900, got 901'));
    expect(bad({ bufferSizeMiB: '0' })).toThrow(/bufferSizeMiB: expected an integer from 1 to 128/);
    expect(bad({ alarmEmail: 'nobody' })).toThrow(/alarmEmail: not an e-mail address/);
    expect(bad({ archiveObjectLockDays: '-1' })).toThrow(/archiveObjectLockDays: expected an integer from 0/);
    expect(bad({ archiveObjectLockDays: '1.5' })).toThrow(/archiveObjectLockDays: expected an integer from 0/);
    expect(bad({ archiveObjectLockDays: '3000', archiveExpirationDays: '2555' })).toThrow(/archiveObjectLockDays \(3000\) must not exceed archiveExpirationDays \(2555\)/);
    expect(bad({ projectionStartDate: '2024-13-01' })).toThrow(/projectionStartDate/);
    expect(bad({ dailyAudit: 'yes' })).toThrow(new SettingsError('dailyAudit: expected on or off, got "yes"'));
    expect(bad({ dailyAuditAutoBackfill: 'true' })).toThrow(/dailyAuditAutoBackfill: expected on or off/);
    expect(bad({ dailyAuditDays: '31' })).toThrow(/dailyAuditDays: expected an integer from 1 to 30/);
    expect(bad({ dailyAuditHourUtc: '24' })).toThrow(/dailyAuditHourUtc: expected an integer from 0 to 23/);
    expect(bad({ curation: 'yes' })).toThrow(new SettingsError('curation: expected on or off, got "yes"'));
    expect(bad({ curationIntervalMinutes: '4' })).toThrow(new SettingsError('curationIntervalMinutes: expected an integer from 5 to 1440, got 4'));
    expect(bad({ curationIntervalMinutes: '60', curationBehindIntervals: '25' })).toThrow(/curationBehindIntervals: expected an integer from 1 to 24, got 25/);
    expect(bad({ logRetentionDays: '100' })).toThrow(/logRetentionDays: CloudWatch accepts/);
    expect(bad({ quotaAlarmRatio: '1.5' })).toThrow(/quotaAlarmRatio/);
    expect(bad({ deliveryStreamName: 'has space' })).toThrow(/deliveryStreamName/);
  });

  it('selects the ingress hosting and validates the Web Function caps against the values Lambda accepts', () => {
    const from = (context: Record<string, unknown>) => settingsFromContext((k) => context[k]);
    expect(from({ ingressHosting: 'function-url' }).ingressHosting).toBe('function-url');
    expect(from({ webFunctionMaxConcurrency: '128', webFunctionRateLimit: '2000', webFunctionMaxEnvironments: '0' })).toMatchObject({
      webFunctionMaxConcurrency: 128, webFunctionRateLimit: 2000, webFunctionMaxEnvironments: 0,
    });
    expect(() => from({ ingressHosting: 'container' })).toThrow(new SettingsError('ingressHosting: expected web-function or function-url, got "container"'));
    expect(() => from({ webFunctionMaxConcurrency: '129' })).toThrow(/webFunctionMaxConcurrency: expected an integer from 1 to 128/);
    expect(() => from({ webFunctionRateLimit: '1500' })).toThrow(/webFunctionRateLimit: expected 100-1000 in steps of 100/);
    expect(() => from({ webFunctionRateLimit: '0' })).toThrow(/webFunctionRateLimit/);
    expect(() => from({ webFunctionMaxEnvironments: '1' })).toThrow(/webFunctionMaxEnvironments: expected an integer from 2/);
    expect(from({ ingressRestartToken: '2026-11-30T12:00:00Z' }).ingressRestartToken).toBe('2026-11-30T12:00:00Z');
    expect(() => from({ ingressRestartToken: 'has space' })).toThrow(/ingressRestartToken: up to 64 characters/);
  });

  it('requires expiry after the Glacier transition, or 0 for forever', () => {
    expect(() => resolveSettings({ archiveTransitionDays: 90, archiveExpirationDays: 60 })).toThrow(/archiveExpirationDays \(60\) must be 0 \(keep forever\) or greater than archiveTransitionDays \(90\)/);
    expect(resolveSettings({ archiveExpirationDays: 0 }).archiveExpirationDays).toBe(0);
  });
});
