// `cdk destroy` then `cdk deploy` in the same account and region (docs/deploy.md, "Removing and deploying
// again"): what the stack keeps on destroy are the resources holding data or secrets, and none of them
// carries a fixed name, so nothing the retained resources hold blocks the next deploy with "already exists".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_NAME } from '../lib/analytics.js';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

const SOURCE = 'aws.partner/stripe.com/ed_test_61Tw6AOzu6iJQhjyn16Tw5y8SfCQEXXHewXuBVM88FuC';

/** Every `…Name` property given as a literal string (a fixed physical name), as `path=value`. */
function fixedNames(properties: unknown, path = ''): string[] {
  if (Array.isArray(properties)) return properties.flatMap((item) => fixedNames(item, path));
  if (properties === null || typeof properties !== 'object') return [];
  return Object.entries(properties).flatMap(([key, value]) => [
    ...(key.endsWith('Name') && typeof value === 'string' ? [`${path}${key}=${value}`] : []),
    ...fixedNames(value, `${path}${key}.`),
  ]);
}

describe.each(INGRESS_HOSTINGS)('destroy, then deploy again (ingressHosting=%s, EventBridge path and daily audit on)', (ingressHosting) => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ ingressHosting, alarmEmail: 'ops@example.com', eventBridgeSourceName: SOURCE, dailyAudit: 'on', archiveObjectLockDays: 30 });
  });
  afterAll(() => built.cleanup());

  const retained = () => Object.entries(built.template.toJSON()['Resources'] as Record<string, { Type: string; DeletionPolicy?: string; Properties?: unknown }>)
    .filter(([, r]) => r.DeletionPolicy === 'Retain');

  it('keeps the archive, the Athena results, the access logs and both secrets', () => {
    const kept = retained().map(([id, r]) => `${r.Type} ${id}`);
    for (const [type, prefix] of [
      ['AWS::S3::Bucket', 'ArchiveBucket'], ['AWS::S3::Bucket', 'AnalyticsResultsBucket'], ['AWS::S3::Bucket', 'AccessLogsBucket'],
      ['AWS::SecretsManager::Secret', 'IngressWebhookSecret'], ['AWS::SecretsManager::Secret', 'DailyAuditStripeApiKey'],
    ] as const) {
      expect(kept).toContain(`${type} ${logicalId(built.template, type, prefix)}`);
    }
  });

  it('retains nothing under a fixed name, so the next deploy cannot collide with what the last one left', () => {
    expect(retained().flatMap(([id, r]) => fixedNames(r.Properties).map((name) => `${id}: ${name}`))).toEqual([]);
  });

  it(`removes the Glue database ${DATABASE_NAME} (a fixed name) with the stack; its table only describes the retained archive`, () => {
    const id = logicalId(built.template, 'AWS::Glue::Database', 'AnalyticsDatabase');
    const database = built.template.findResources('AWS::Glue::Database')[id];
    expect(database?.['Properties']['DatabaseInput']['Name']).toBe(DATABASE_NAME);
    expect(database?.['DeletionPolicy']).toBe('Delete');
    expect(fixedNames(database?.['Properties'])).toEqual([`DatabaseInput.Name=${DATABASE_NAME}`]);
  });
});
