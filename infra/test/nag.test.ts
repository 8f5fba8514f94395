import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { buildStack, logicalId, type BuildOptions, type BuiltStack } from './fixtures.js';

// cdk-nag 3 is a CDK policy-validation plugin; validateScope runs the same AwsSolutions rules over the
// construct tree and leaves out every finding acknowledged with Validations.of(...).acknowledge().
describe.each(INGRESS_HOSTINGS)('cdk-nag AwsSolutions (ingressHosting=%s)', (ingressHosting) => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ alarmEmail: 'ops@example.com', ingressHosting });
  });
  afterAll(() => built.cleanup());

  it('reports no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.stack);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});

const unacknowledged = (built: BuiltStack): string[] =>
  new AwsSolutionsChecks(built.app).validateScope(built.stack).violations
    .map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

// The code copy of web-function mode reads the staged package from the bootstrap's asset bucket, whose
// name carries the bootstrap qualifier (or is whatever the synthesizer was given); its acknowledgement
// must name that bucket, or synth ends "Synthesis finished with errors".
const QUALIFIER: BuildOptions = { context: { '@aws-cdk/core:bootstrapQualifier': 'abc123xyz' } };
describe.each<[string, BuildOptions, string]>([
  ['-c @aws-cdk/core:bootstrapQualifier=abc123xyz', QUALIFIER, 'cdk-abc123xyz-assets-${AWS::AccountId}-${AWS::Region}'],
  ['a synthesizer with its own file asset bucket', { synthesizer: new DefaultStackSynthesizer({ fileAssetsBucketName: 'team-assets-${AWS::Region}' }) }, 'team-assets-${AWS::Region}'],
])('cdk-nag AwsSolutions with a custom bootstrap (%s)', (_name, options, bucket) => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ alarmEmail: 'ops@example.com' }, undefined, options);
  });
  afterAll(() => built.cleanup());

  it('stages the Web Function code from that bucket and still reports no unacknowledged finding', () => {
    const copy = Object.values(built.template.findResources('Custom::S3ObjectCopy'))[0];
    expect(copy?.['Properties']['SourceBucketName']).toEqual({ 'Fn::Sub': bucket });
    expect(logicalId(built.template, 'AWS::Lambda::WebFunction', 'IngressWebFunction')).toBeTruthy();
    expect(unacknowledged(built)).toEqual([]);
  });
});

describe.each(INGRESS_HOSTINGS)('cdk-nag AwsSolutions with a custom qualifier and every optional path (ingressHosting=%s)', (ingressHosting) => {
  it('reports no unacknowledged finding', () => {
    const built = buildStack({
      alarmEmail: 'ops@example.com', ingressHosting, dailyAudit: 'on', dailyAuditAutoBackfill: 'on',
      eventBridgeSourceName: 'aws.partner/stripe.com/ed_test_61Tw6AOzu6iJQhjyn16Tw5y8SfCQEXXHewXuBVM88FuC',
    }, undefined, QUALIFIER);
    try {
      expect(unacknowledged(built)).toEqual([]);
    } finally {
      built.cleanup();
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds the problems of a deliberately bare bucket (the check is live)', () => {
    const app = new App();
    const bare = new Stack(app, 'Bare');
    new s3.Bucket(bare, 'Plain');
    const rules = new AwsSolutionsChecks().validateScope(bare).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
