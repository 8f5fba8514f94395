import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import { INGRESS_FIREHOSE_ACTIONS } from '../lib/archive.js';
import { INGRESS_PORT, WEB_ADAPTER_LAYER_VERSION } from '../lib/ingress-function-url.js';
import { WEB_FUNCTION_BATCH_LINGER_MS, WEB_FUNCTION_SHUTDOWN_MS } from '../lib/ingress-web-function.js';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

interface Revision {
  BuildConfig: { RuntimeConfig: unknown; CodeConfig: { S3Object: unknown } };
  ServiceConfig: { EnvironmentVariables: Record<string, unknown> } & Record<string, unknown>;
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The statements of every policy attached to the ingress role. */
function ingressStatements(built: BuiltStack): Statement[] {
  const roleId = logicalId(built.template, 'AWS::IAM::Role', 'IngressRole');
  return Object.values(built.template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p['Properties']['Roles']) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p['Properties']['PolicyDocument']['Statement'] as Statement[]);
}

// What both hosting modes must share: one stream, one secret, its own logs, no secret value anywhere.
describe.each(INGRESS_HOSTINGS)('deployed ingress role and secret (%s)', (ingressHosting) => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ deliveryStreamName: 'ingress-test-stream', ingressHosting });
  });
  afterAll(() => built.cleanup());

  it('may call exactly PutRecordBatch (no PutRecord, no DescribeDeliveryStream: /ready is off), on this one stream only', () => {
    const streamArn = { 'Fn::GetAtt': [logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream'), 'Arn'] };
    const firehose = ingressStatements(built).filter((s) => actionsOf(s).some((a) => a.startsWith('firehose:')));
    expect(firehose).toEqual([{ Effect: 'Allow', Action: 'firehose:PutRecordBatch', Resource: streamArn }]);
    expect(INGRESS_FIREHOSE_ACTIONS).toEqual(['firehose:PutRecordBatch']);
  });

  it('has no other permissions than its secret and its own log group, no wildcard action, and no managed policies', () => {
    const secretRef = { Ref: logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret') };
    const statements = ingressStatements(built);
    const others = statements.filter((s) => !actionsOf(s).some((a) => a.startsWith('firehose:')));
    expect(others).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs'), 'Arn'] } }),
        expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretRef }),
      ]),
    );
    expect(others).toHaveLength(2);
    expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    expect(built.template.findResources('AWS::IAM::Role')[logicalId(built.template, 'AWS::IAM::Role', 'IngressRole')]?.['Properties']['ManagedPolicyArns']).toBeUndefined();
  });

  it('starts nothing that runs the ingress before its role holds its policy (revision and endpoint, or the function)', () => {
    const policyId = logicalId(built.template, 'AWS::IAM::Policy', 'IngressRoleDefaultPolicy');
    const hosts = ingressHosting === 'web-function'
      ? ['AWS::Lambda::WebFunctionRevision', 'AWS::Lambda::WebFunctionEndpoint']
      : ['AWS::Lambda::Function'];
    for (const type of hosts) {
      const [id, resource] = Object.entries(built.template.findResources(type)).find(([key]) => key.startsWith('Ingress')) ?? [];
      expect([type, id, resource?.['DependsOn']]).toEqual([type, expect.any(String), expect.arrayContaining([policyId, logicalId(built.template, 'AWS::IAM::Role', 'IngressRole')])]);
    }
  });

  it('keeps its logs for the configured retention', () => {
    const logs = built.template.findResources('AWS::Logs::LogGroup')[logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs')];
    expect(logs?.['Properties']['RetentionInDays']).toBe(90);
  });

  it('never puts the signing secret in the template', () => {
    const text = JSON.stringify(built.template.toJSON());
    // Descriptions mention the "whsec_…" shape; an actual secret would be whsec_ plus 16+ characters.
    expect(/whsec_[A-Za-z0-9+/=_-]{16,}/.test(text)).toBe(false);
    expect(text.includes('{{resolve:secretsmanager')).toBe(false);
    expect(text.includes('"STRIPE_WEBHOOK_SECRET"')).toBe(false);
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 32 }) });
  });

  it('outputs the webhook URL, the secret, bucket, table and workgroup', () => {
    const outputs = built.template.toJSON()['Outputs'];
    expect(JSON.stringify(outputs['WebhookUrl']['Value'])).toContain('webhook/stripe');
    expect(outputs['WebhookSecretArn']['Value']).toEqual({ Ref: logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret') });
    expect(outputs['IngressLogGroupName']['Value']).toEqual({ Ref: logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs') });
    expect(outputs['ArchiveBucketName']['Value']).toEqual({ Ref: logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket') });
    expect(outputs['GlueTable']['Value']).toBe('event_lake.stripe_events');
    expect(outputs['AthenaWorkGroup']['Value']).toBe('event-lake');
  });
});

describe('deployed ingress on Lambda Web Functions (default)', () => {
  let built: BuiltStack;
  let revision: Revision;
  beforeAll(() => {
    built = buildStack({ deliveryStreamName: 'ingress-test-stream', webFunctionMaxConcurrency: 96, webFunctionRateLimit: 500, webFunctionMaxEnvironments: 4 });
    revision = Object.values(built.template.findResources('AWS::Lambda::WebFunctionRevision'))[0]?.['Properties'] as Revision;
  });
  afterAll(() => built.cleanup());

  it('is the default: one Web Function, no classic Lambda running the ingress, no Function URL', () => {
    built.template.resourceCountIs('AWS::Lambda::WebFunction', 1);
    built.template.resourceCountIs('AWS::Lambda::WebFunctionRevision', 1);
    built.template.resourceCountIs('AWS::Lambda::Url', 0);
    expect(Object.keys(built.template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('Ingress'))).toEqual([]);
  });

  it('runs the bundle on nodejs24.x from the staged code object, with the ingress role and its log group', () => {
    expect(revision['BuildConfig']['RuntimeConfig']).toEqual({ Runtime: 'nodejs24.x' });
    const code = revision['BuildConfig']['CodeConfig']['S3Object'];
    const copyId = logicalId(built.template, 'Custom::S3ObjectCopy', 'IngressWebFunctionCodeCopy');
    expect(code).toEqual({ Bucket: { 'Fn::GetAtt': [copyId, 'Bucket'] }, Key: { 'Fn::GetAtt': [copyId, 'Key'] }, VersionId: { 'Fn::GetAtt': [copyId, 'VersionId'] } });
    expect(revision['ServiceConfig']).toMatchObject({
      ExecutionRoleArn: { 'Fn::GetAtt': [logicalId(built.template, 'AWS::IAM::Role', 'IngressRole'), 'Arn'] },
      MaxConcurrencyPerEnvironment: 96,
      TimeoutSeconds: 15,
    });
    expect(JSON.stringify(revision)).toContain(logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs'));
    // index.js at the package root is the runtime's default entry: no entry point is set.
    expect(revision['ServiceConfig']['EnvironmentVariables']).not.toHaveProperty('AWS_LAMBDA_NODEJS_ENTRYPOINT');
  });

  it('configures the ingress through its documented environment: a batch linger for concurrent requests, a shutdown within 1 s, ops endpoints off', () => {
    expect(revision['ServiceConfig']['EnvironmentVariables']).toEqual({
      FIREHOSE_DELIVERY_STREAM_NAME: { Ref: logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream') },
      STRIPE_WEBHOOK_SECRET_ARN: { Ref: logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret') },
      NODE_OPTIONS: '--enable-source-maps',
      INGRESS_OPS_ENDPOINTS: 'off',
      FIREHOSE_BATCH_LINGER_MS: String(WEB_FUNCTION_BATCH_LINGER_MS),
      INGRESS_SHUTDOWN_TIMEOUT_MS: String(WEB_FUNCTION_SHUTDOWN_MS),
    });
    expect(WEB_FUNCTION_BATCH_LINGER_MS).toBeGreaterThan(0);
    // A restart token (secret rotation) only adds its variable, so the revision changes.
    const restarted = buildStack({ ingressRestartToken: 'rolled-1' });
    try {
      const vars = (Object.values(restarted.template.findResources('AWS::Lambda::WebFunctionRevision'))[0]?.['Properties'] as Revision).ServiceConfig.EnvironmentVariables;
      expect(vars).toEqual({ ...revision['ServiceConfig']['EnvironmentVariables'], INGRESS_RESTART_TOKEN: 'rolled-1' });
    } finally {
      restarted.cleanup();
    }
    expect(WEB_FUNCTION_SHUTDOWN_MS).toBeLessThan(1000);
  });

  it('serves a public endpoint authenticated by the Stripe signature, with the flood caps from the settings', () => {
    built.template.hasResourceProperties('AWS::Lambda::WebFunctionEndpoint', {
      AuthType: 'ApplicationManaged',
      EndpointType: 'HomeRegion',
      FunctionName: { 'Fn::GetAtt': [logicalId(built.template, 'AWS::Lambda::WebFunction', 'IngressWebFunction'), 'FunctionArn'] },
      RevisionWeights: [{ RevisionId: { 'Fn::GetAtt': [logicalId(built.template, 'AWS::Lambda::WebFunctionRevision', 'IngressWebFunctionRevision'), 'RevisionId'] }, Weight: 100 }],
      ScalingConfig: { MaxEnvironments: 4 },
      ThrottleConfig: { RateLimit: 500 },
    });
  });

  it('stages the code in a versioned, encrypted, TLS-only bucket the Lambda service may read', () => {
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const policy = JSON.stringify(built.template.findResources('AWS::S3::BucketPolicy')[logicalId(built.template, 'AWS::S3::BucketPolicy', 'AWSCDKWebFunctionAssetBucketPolicy')]);
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(policy).toContain('"Service":"lambda.amazonaws.com"');
  });

  it('outputs https://<endpoint domain name>/webhook/stripe and the Web Function name', () => {
    const outputs = built.template.toJSON()['Outputs'];
    expect(outputs['WebhookUrl']['Value']).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(built.template, 'AWS::Lambda::WebFunctionEndpoint', 'IngressWebFunctionEndpoint'), 'DomainName'] }, '/webhook/stripe']],
    });
    const fn = built.template.findResources('AWS::Lambda::WebFunction')[logicalId(built.template, 'AWS::Lambda::WebFunction', 'IngressWebFunction')];
    expect(outputs['IngressFunctionName']['Value']).toEqual(fn?.['Properties']['FunctionName']);
    expect(outputs['IngressFunctionName']['Value']).toMatch(/^EventLakeTestIngressWebFunction/);
  });
});

describe('deployed ingress behind a Function URL (ingressHosting=function-url)', () => {
  let built: BuiltStack;
  let functionId: string;
  let roleId: string;
  beforeAll(() => {
    built = buildStack({ deliveryStreamName: 'ingress-test-stream', ingressReservedConcurrency: 50, ingressHosting: 'function-url' });
    functionId = logicalId(built.template, 'AWS::Lambda::Function', 'IngressFunction');
    roleId = logicalId(built.template, 'AWS::IAM::Role', 'IngressRole');
  });
  afterAll(() => built.cleanup());

  it('runs the ingress via the Lambda Web Adapter on Node 22+ (arm64)', () => {
    const fn = built.template.findResources('AWS::Lambda::Function')[functionId]?.['Properties'];
    expect(fn.Runtime).toMatch(/^nodejs(\d+)\.x$/);
    expect(Number(/^nodejs(\d+)/.exec(fn.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
    expect(fn).toMatchObject({ Handler: 'run.sh', Architectures: ['arm64'], Role: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    expect(JSON.stringify(fn.Layers)).toContain(`:753240598075:layer:LambdaAdapterLayerArm64:${WEB_ADAPTER_LAYER_VERSION}`);
    expect(fn.ReservedConcurrentExecutions).toBe(50);
    built.template.resourceCountIs('AWS::Lambda::WebFunction', 0);
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
          INGRESS_OPS_ENDPOINTS: 'off',
          FIREHOSE_BATCH_LINGER_MS: '0',
        }),
      },
    });
  });

  it('never puts the signing secret in the template', () => {
    const vars = built.template.findResources('AWS::Lambda::Function')[functionId]?.['Properties']['Environment']['Variables'];
    expect(vars).not.toHaveProperty('STRIPE_WEBHOOK_SECRET');
  });

  it('is reachable over HTTPS through a Function URL (authentication is the Stripe signature)', () => {
    built.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] } });
  });

  it('outputs the webhook URL on the Function URL', () => {
    const outputs = built.template.toJSON()['Outputs'];
    expect(outputs['WebhookUrl']['Value']).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(built.template, 'AWS::Lambda::Url', 'IngressFunctionFunctionUrl'), 'FunctionUrl'] }, 'webhook/stripe']],
    });
  });
});
