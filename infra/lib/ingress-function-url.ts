// function-url mode: the ingress in a classic Lambda function, run by the Lambda Web Adapter, behind a
// Function URL (docs/decisions/0002-ingress-hosting.md). Each sandbox serves one request at a time, so
// every event is its own Firehose call. Kept for regions and accounts without Lambda Web Functions.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import type { IngressHost, IngressHostProps } from './ingress-host.js';

/** Lambda Web Adapter release 1.0.x, published by AWS in every commercial region under this account. */
export const WEB_ADAPTER_LAYER_VERSION = 27;
const WEB_ADAPTER_ACCOUNT = '753240598075';
/** Port the ingress listens on inside the sandbox; the adapter forwards to it. */
export const INGRESS_PORT = 8080;

export interface FunctionUrlHostProps extends IngressHostProps {
  /** Concurrency reserved for (and capping) the function; 0 leaves it on the account's shared pool. */
  readonly reservedConcurrency: number;
  readonly memorySizeMiB?: number;
}

/** Creates the function in `scope` under the ids it has always had, so its URL survives updates. */
export function hostOnFunctionUrl(scope: Construct, props: FunctionUrlHostProps): IngressHost & { readonly function: lambda.Function } {
  const stack = Stack.of(scope);
  const webAdapter = lambda.LayerVersion.fromLayerVersionArn(
    scope,
    'WebAdapter',
    `arn:${stack.partition}:lambda:${stack.region}:${WEB_ADAPTER_ACCOUNT}:layer:LambdaAdapterLayerArm64:${WEB_ADAPTER_LAYER_VERSION}`,
  );
  const fn = new lambda.Function(scope, 'Function', {
    description: 'event-lake ingress: Stripe webhooks -> Firehose (node:http server via Lambda Web Adapter).',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'run.sh',
    code: lambda.Code.fromAsset(props.codeDir),
    layers: [webAdapter],
    role: props.role,
    logGroup: props.logGroup,
    memorySize: props.memorySizeMiB ?? 512,
    // The ingress answers within a few seconds or gives up with 503; this is only the hard stop.
    timeout: Duration.seconds(15),
    // Optional: guarantees the ingress capacity and caps what a flood of requests can cost or take
    // from other functions. Excess requests get 429 and Stripe retries them.
    reservedConcurrentExecutions: props.reservedConcurrency || undefined,
    environment: {
      ...props.environment,
      AWS_LAMBDA_EXEC_WRAPPER: '/opt/bootstrap',
      AWS_LWA_PORT: String(INGRESS_PORT),
      PORT: String(INGRESS_PORT),
      // Liveness, not /ready: a Firehose hiccup during a cold start must not fail the start.
      AWS_LWA_READINESS_CHECK_PATH: '/health',
      // One request per sandbox at a time: waiting for other requests to share a batch only adds latency.
      FIREHOSE_BATCH_LINGER_MS: '0',
    },
  });
  // Authentication is Stripe's signature, checked by the ingress: Stripe cannot sign IAM requests.
  const url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  const five = Duration.minutes(5);
  return {
    function: fn,
    webhookUrl: `${url.url}${WEBHOOK_PATH.slice(1)}`, // the function URL ends in '/'
    functionName: fn.functionName,
    metrics: {
      // 503 from the ingress (storage unavailable or slow, overloaded) or a sandbox that failed to start.
      serverErrors: fn.metric('Url5xxCount', { statistic: cloudwatch.Stats.SUM, period: five }),
      // Refused for lack of concurrency: Stripe gets 429, which the 5xx alarm does not see.
      throttles: fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: five }),
      graphs: [
        new cloudwatch.GraphWidget({
          title: 'Ingress invocations, errors, duration p99',
          left: [fn.metricInvocations(), fn.metricErrors()],
          right: [fn.metricDuration({ statistic: 'p99' })],
          width: 24,
          height: 6,
        }),
      ],
    },
  };
}
