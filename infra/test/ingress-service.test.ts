import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import { INGRESS_FIREHOSE_ACTIONS } from '../lib/archive.js';
import { INGRESS_PORT, WEB_ADAPTER_LAYER_VERSION } from '../lib/ingress-service.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

describe('deployed ingress', () => {
  let built: BuiltStack;
  let functionId: string;
  let roleId: string;
  beforeAll(() => {
    built = buildStack({ deliveryStreamName: 'ingress-test-stream', ingressReservedConcurrency: 50 });
    functionId = logicalId(built.template, 'AWS::Lambda::Function', 'IngressFunction');
    roleId = logicalId(built.template, 'AWS::IAM::Role', 'IngressRole');
  });
  afterAll(() => built.cleanup());

  const ingressStatements = (): Statement[] =>
    Object.values(built.template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p['Properties']['Roles']) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((p) => p['Properties']['PolicyDocument']['Statement'] as Statement[]);
  const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it('runs the Express app via the Lambda Web Adapter on Node 22+ (arm64)', () => {
    const fn = built.template.findResources('AWS::Lambda::Function')[functionId]?.['Properties'];
    expect(fn.Runtime).toMatch(/^nodejs(\d+)\.x$/);
    expect(Number(/^nodejs(\d+)/.exec(fn.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
    expect(fn).toMatchObject({ Handler: 'run.sh', Architectures: ['arm64'], Role: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    expect(JSON.stringify(fn.Layers)).toContain(`:753240598075:layer:LambdaAdapterLayerArm64:${WEB_ADAPTER_LAYER_VERSION}`);
    expect(fn.ReservedConcurrentExecutions).toBe(50);
  });

  it('configures the ingress only through its documented environment, with a readiness check on /health', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AWS_LAMBDA_EXEC_WRAPPER: '/opt/bootstrap',
          AWS_LWA_PORT: String(INGRESS_PORT),
          PORT: String(INGRESS_PORT),
          AWS_LWA_READINESS_CHECK_PATH: '/health',
          FIREHOSE_DELIVERY_STREAM_NAME: { Ref: logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream') },
          STRIPE_WEBHOOK_SECRET_ARN: { Ref: logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret') },
        }),
      },
    });
  });

  it('never puts the signing secret in the template', () => {
    const vars = built.template.findResources('AWS::Lambda::Function')[functionId]?.['Properties']['Environment']['Variables'];
    expect(vars).not.toHaveProperty('STRIPE_WEBHOOK_SECRET');
    const text = JSON.stringify(built.template.toJSON());
    // Descriptions mention the "whsec_…" shape; an actual secret would be whsec_ plus 16+ characters.
    expect(/whsec_[A-Za-z0-9+/=_-]{16,}/.test(text)).toBe(false);
    expect(text.includes('{{resolve:secretsmanager')).toBe(false);
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 32 }) });
  });

  it('may call exactly PutRecord, PutRecordBatch and DescribeDeliveryStream, on this one stream only', () => {
    const streamArn = { 'Fn::GetAtt': [logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream'), 'Arn'] };
    const firehose = ingressStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('firehose:')));
    expect(firehose).toEqual([{ Effect: 'Allow', Action: [...INGRESS_FIREHOSE_ACTIONS], Resource: streamArn }]);
    expect([...INGRESS_FIREHOSE_ACTIONS].sort()).toEqual(['firehose:DescribeDeliveryStream', 'firehose:PutRecord', 'firehose:PutRecordBatch']);
  });

  it('has no other permissions than its secret and its own log group, and no managed policies', () => {
    const secretRef = { Ref: logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret') };
    const others = ingressStatements().filter((s) => !actionsOf(s).some((a) => a.startsWith('firehose:')));
    expect(others).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs'), 'Arn'] } }),
        expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretRef }),
      ]),
    );
    expect(others).toHaveLength(2);
    expect(built.template.findResources('AWS::IAM::Role')[roleId]?.['Properties']['ManagedPolicyArns']).toBeUndefined();
  });

  it('is reachable over HTTPS through a Function URL (authentication is the Stripe signature)', () => {
    built.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] } });
  });

  it('outputs the webhook URL, bucket, table and workgroup', () => {
    const outputs = built.template.toJSON()['Outputs'];
    expect(outputs['WebhookUrl']['Value']).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(built.template, 'AWS::Lambda::Url', 'IngressFunctionFunctionUrl'), 'FunctionUrl'] }, 'webhook/stripe']],
    });
    expect(outputs['ArchiveBucketName']['Value']).toEqual({ Ref: logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket') });
    expect(outputs['GlueTable']['Value']).toBe('event_lake.stripe_events');
    expect(outputs['AthenaWorkGroup']['Value']).toBe('event-lake');
    expect(outputs['WebhookSecretArn']).toBeDefined();
  });
});
