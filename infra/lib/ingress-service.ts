// The ingress in AWS: its signing secret, its log group and its least-privilege role, and the host that
// runs the one esbuild package — a Lambda Web Function (default) or a classic Lambda behind a Function URL
// (`-c ingressHosting=function-url`). It may write to exactly one delivery stream and read exactly one secret.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SECRET_ARN_VARIABLE } from './ingress-runtime/launcher.js';
import type { Archive } from './archive.js';
import { hostOnFunctionUrl } from './ingress-function-url.js';
import type { IngressHost } from './ingress-host.js';
import { hostOnWebFunction } from './ingress-web-function.js';
import { operatorSecret } from './operator-secret.js';
import type { EventLakeSettings } from './settings.js';

export interface IngressServiceProps {
  readonly settings: Pick<
    EventLakeSettings,
    | 'logRetentionDays'
    | 'ingressReservedConcurrency'
    | 'ingressHosting'
    | 'ingressRestartToken'
    | 'webFunctionMaxConcurrency'
    | 'webFunctionRateLimit'
    | 'webFunctionMaxEnvironments'
  >;
  readonly archive: Archive;
  /** Folder with index.js, ingress.mjs, package.json and run.sh (lib/ingress-bundle.ts). */
  readonly codeDir: string;
}

export class IngressService extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly host: IngressHost;
  /** https://…/webhook/stripe */
  readonly webhookUrl: string;

  constructor(scope: Construct, id: string, props: IngressServiceProps) {
    super(scope, id);

    // Created with a random value the ingress rejects (it must start with whsec_), so the service fails
    // closed until an operator stores the endpoint's signing secret (docs/deploy.md).
    this.secret = operatorSecret(this, 'WebhookSecret', {
      description: 'Stripe webhook signing secret(s) for the event-lake endpoint: whsec_…, comma-separated while rolling.',
      whyNoRotation: 'Stripe generates the endpoint signing secret and rolls it (Dashboard, Roll secret); a Secrets Manager rotation function cannot make a value Stripe signs with, so the operator stores the rolled value (docs/operations.md, Secret rotation).',
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: writes to its own log group only. Both hosting
    // modes run as lambda.amazonaws.com.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'event-lake ingress: put records into one delivery stream, read one secret, write its logs.',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.secret.grantRead(this.role);
    props.archive.grantIngress(this.role);

    const common = {
      archive: props.archive,
      role: this.role,
      logGroup: this.logGroup,
      codeDir: props.codeDir,
      // Only the ingress's documented variables; the secret's value never enters the template.
      environment: {
        FIREHOSE_DELIVERY_STREAM_NAME: props.archive.deliveryStream.deliveryStreamName,
        [SECRET_ARN_VARIABLE]: this.secret.secretArn,
        NODE_OPTIONS: '--enable-source-maps',
        // /metrics and /ready would be public on the endpoint; the platform's metrics and alarms cover them.
        INGRESS_OPS_ENDPOINTS: 'off',
        // Not read by the ingress: a new value changes the revision (or function configuration), so the
        // platform starts new environments, which read the secret again (docs/operations.md, rotation).
        ...(props.settings.ingressRestartToken ? { INGRESS_RESTART_TOKEN: props.settings.ingressRestartToken } : {}),
      },
    };
    this.host = props.settings.ingressHosting === 'web-function'
      ? hostOnWebFunction(this, { ...common, settings: props.settings })
      : hostOnFunctionUrl(this, { ...common, reservedConcurrency: props.settings.ingressReservedConcurrency });
    this.webhookUrl = this.host.webhookUrl;
  }
}
