import { describe, expect, it } from '@jest/globals';
import { resolveSettings, SettingsError, settingsFromContext } from '../lib/settings.js';

describe('settings', () => {
  it('has the documented defaults', () => {
    expect(resolveSettings()).toMatchObject({
      deliveryStreamName: 'event-lake-stripe-events',
      archiveTransitionDays: 90,
      archiveExpirationDays: 2555,
      archiveObjectLockDays: 0,
      errorExpirationDays: 30,
      athenaResultsExpirationDays: 7,
      bufferIntervalSeconds: 300,
      bufferSizeMiB: 5,
      bytesScannedCutoffPerQuery: 100 * 1024 ** 3,
      projectionStartDate: '2020-01-01',
      alarmEmail: undefined,
      freshnessMarginSeconds: 600,
      quotaBytesPerSecond: 5 * 1024 * 1024,
      quotaPutRequestsPerSecond: 2000,
      quotaAlarmRatio: 0.8,
      noEventsAlarmHours: 6,
      signatureFailureThreshold: 5,
      permanentRefusalThreshold: 1,
      logRetentionDays: 90,
      ingressReservedConcurrency: 0,
      dailyAudit: 'on',
      dailyAuditAutoBackfill: 'off',
      dailyAuditDays: 3,
      dailyAuditHourUtc: 6,
      curation: 'on',
      curationIntervalMinutes: 15,
      curationBehindIntervals: 4,
      ingressHosting: 'web-function',
      webFunctionMaxConcurrency: 64,
      webFunctionRateLimit: 1000,
      webFunctionMaxEnvironments: 10,
      ingressRestartToken: '',
    });
    expect(Object.isFrozen(resolveSettings())).toBe(true);
  });

  it('reads CDK context values given as strings (-c key=value) or JSON (cdk.json)', () => {
    const context: Record<string, unknown> = { archiveTransitionDays: '30', bufferSizeMiB: 128, alarmEmail: ' ops@example.com ', unknownKey: 'x' };
    expect(settingsFromContext((k) => context[k])).toMatchObject({ archiveTransitionDays: 30, bufferSizeMiB: 128, alarmEmail: 'ops@example.com' });
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
