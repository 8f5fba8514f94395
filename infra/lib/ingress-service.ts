// The ingress in AWS: the same Express app, run by the Lambda Web Adapter in a Node Lambda behind a
// Function URL (HTTPS without a domain or certificate; see docs/decisions/0002-ingress-hosting.md).
// It may write to exactly one delivery stream and read exactly one secret.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { SECRET_ARN_VARIABLE } from './ingress-runtime/launcher.js';
import type { Archive } from './archive.js';
import type { EventLakeSettings } from './settings.js';

/** Lambda Web Adapter release 1.0.x, published by AWS in every commercial region under this account. */
export const WEB_ADAPTER_LAYER_VERSION = 27;
const WEB_ADAPTER_ACCOUNT = '753240598075';
/** Port the ingress listens on inside the sandbox; the adapter forwards to it. */
export const INGRESS_PORT = 8080;

export interface IngressServiceProps {
  readonly settings: Pick<EventLakeSettings, 'logRetentionDays' | 'ingressReservedConcurrency'>;
  readonly archive: Archive;
  /** Folder with run.sh, launcher.mjs and ingress.mjs (lib/ingress-bundle.ts). */
  readonly codeDir: string;
  readonly memorySizeMiB?: number;
}

export class IngressService extends Construct {
  readonly function: lambda.Function;
  readonly url: lambda.FunctionUrl;
  readonly secret: secretsmanager.Secret;
  readonly logGroup: logs.LogGroup;
  /** https://…/webhook/stripe */
  readonly webhookUrl: string;

  constructor(scope: Construct, id: string, props: IngressServiceProps) {
    super(scope, id);

    // Created with a random value the ingress rejects (it must start with whsec_), so the service fails
    // closed until an operator stores the endpoint's signing secret (docs/deploy.md).
    this.secret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description: 'Stripe webhook signing secret(s) for the event-lake endpoint: whsec_…, comma-separated while rolling.',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Stripe generates the endpoint signing secret and rolls it (Dashboard, Roll secret); a Secrets Manager rotation function cannot make a value Stripe signs with, so the operator stores the rolled value (docs/operations.md, Secret rotation).',
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: writes to its own log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'event-lake ingress: put records into one delivery stream, read one secret, write its logs.',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.secret.grantRead(role);
    props.archive.grantIngress(role);

    const stack = Stack.of(this);
    const webAdapter = lambda.LayerVersion.fromLayerVersionArn(
      this,
      'WebAdapter',
      `arn:${stack.partition}:lambda:${stack.region}:${WEB_ADAPTER_ACCOUNT}:layer:LambdaAdapterLayerArm64:${WEB_ADAPTER_LAYER_VERSION}`,
    );

    this.function = new lambda.Function(this, 'Function', {
      description: 'event-lake ingress: Stripe webhooks -> Firehose (Express app via Lambda Web Adapter).',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'run.sh',
      code: lambda.Code.fromAsset(props.codeDir),
      layers: [webAdapter],
      role,
      logGroup: this.logGroup,
      memorySize: props.memorySizeMiB ?? 512,
      // The ingress answers within a few seconds or gives up with 503; this is only the hard stop.
      timeout: Duration.seconds(15),
      // Optional: guarantees the ingress capacity and caps what a flood of requests can cost or take
      // from other functions. Excess requests get 429 and Stripe retries them.
      reservedConcurrentExecutions: props.settings.ingressReservedConcurrency || undefined,
      environment: {
        AWS_LAMBDA_EXEC_WRAPPER: '/opt/bootstrap',
        AWS_LWA_PORT: String(INGRESS_PORT),
        PORT: String(INGRESS_PORT),
        // Liveness, not /ready: a Firehose hiccup during a cold start must not fail the start.
        AWS_LWA_READINESS_CHECK_PATH: '/health',
        FIREHOSE_DELIVERY_STREAM_NAME: props.archive.deliveryStream.deliveryStreamName,
        [SECRET_ARN_VARIABLE]: this.secret.secretArn,
        NODE_OPTIONS: '--enable-source-maps',
        // One request per sandbox at a time: waiting for other requests to share a batch only adds latency.
        FIREHOSE_BATCH_LINGER_MS: '0',
      },
    });

    // Authentication is Stripe's signature, checked by the ingress: Stripe cannot sign IAM requests.
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    this.webhookUrl = `${this.url.url}${WEBHOOK_PATH.slice(1)}`; // the function URL ends in '/'
  }
}
