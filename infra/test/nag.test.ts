import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { buildStack, type BuiltStack } from './fixtures.js';

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

describe('cdk-nag AwsSolutions', () => {
  it('finds the problems of a deliberately bare bucket (the check is live)', () => {
    const app = new App();
    const bare = new Stack(app, 'Bare');
    new s3.Bucket(bare, 'Plain');
    const rules = new AwsSolutionsChecks().validateScope(bare).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
