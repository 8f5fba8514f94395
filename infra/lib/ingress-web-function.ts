// web-function mode (the default): the ingress as an AWS Lambda Web Function. The unchanged server listens
// on AWS_LAMBDA_HTTP_ENDPOINT and each execution environment serves many requests at once, so concurrent
// webhooks share Firehose calls and 5 KB billing units as they do on a long-running host
// (docs/decisions/0005-ingress-on-web-functions.md).
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
// cdk-nag's own rendering of an intrinsic into the text of a finding (pinned cdk-nag 3.0.2).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct, IConstruct } from 'constructs';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import type { IngressHost, IngressHostProps } from './ingress-host.js';
import type { EventLakeSettings } from './settings.js';

/** Namespace of the Web Functions request metrics (Lambda developer guide, web-functions-monitoring-metrics). */
export const WEB_FUNCTION_METRICS_NAMESPACE = 'AWS/Lambda/Web';

/**
 * How long the writer waits for more lines before a Firehose call. With many requests per environment a
 * few ms gather a batch (docs/benchmarks.md: deployed bundle); Stripe's budget is seconds.
 */
export const WEB_FUNCTION_BATCH_LINGER_MS = 20;
/**
 * The whole SIGTERM shutdown, flush included. Web Functions allow at most 1 s after SIGTERM
 * (web-functions-env-lifecycle); the rest is margin for the process to exit.
 */
export const WEB_FUNCTION_SHUTDOWN_MS = 700;

export interface WebFunctionHostProps extends IngressHostProps {
  readonly settings: Pick<EventLakeSettings, 'webFunctionMaxConcurrency' | 'webFunctionRateLimit' | 'webFunctionMaxEnvironments'>;
}

export function hostOnWebFunction(scope: Construct, props: WebFunctionHostProps): IngressHost & { readonly webFunction: lambda.WebFunction } {
  const s = props.settings;
  const fn = new lambda.WebFunction(scope, 'WebFunction', {
    revisionDescription: 'event-lake ingress: Stripe webhooks -> Firehose (the unchanged server, many requests per environment).',
    runtime: lambda.WebFunctionRuntime.NODEJS_24_X,
    // The same esbuild package as function-url mode; index.js at its root is the runtime's default entry.
    // Staged into a bucket CDK creates (versioned, SSE-S3): synth stays offline, no Docker.
    code: lambda.WebFunctionCode.fromAssetToManagedBucket(props.codeDir),
    role: props.role,
    logGroup: props.logGroup,
    // The ingress answers within a few seconds or gives up with 503; this is only the hard stop.
    timeout: Duration.seconds(15),
    maxConcurrencyPerEnvironment: s.webFunctionMaxConcurrency,
    // Stripe cannot sign SigV4: the endpoint is public and the Stripe signature is the authentication.
    defaultEndpointAuth: lambda.WebFunctionAuthType.APPLICATION_MANAGED,
    defaultEndpoint: {
      endpointDescription: `Stripe webhook endpoint of event-lake (POST ${WEBHOOK_PATH}).`,
      // Flood caps: above them Lambda refuses requests and Stripe retries; below them no flood of
      // unsigned requests can scale the bill without bound.
      rateLimit: s.webFunctionRateLimit,
      maxEnvironments: s.webFunctionMaxEnvironments || undefined,
    },
    environment: {
      ...props.environment,
      FIREHOSE_BATCH_LINGER_MS: String(WEB_FUNCTION_BATCH_LINGER_MS),
      INGRESS_SHUTDOWN_TIMEOUT_MS: String(WEB_FUNCTION_SHUTDOWN_MS),
    },
  });
  // As a classic Function does (it depends on its role): no revision starts before its role may read the
  // secret and write to the stream and its log group.
  fn.resourceRevision.node.addDependency(props.role);
  fn.endpoint.resource.node.addDependency(props.role);
  secureCodeStaging(Stack.of(scope), fn);
  const metric = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: WEB_FUNCTION_METRICS_NAMESPACE,
      metricName,
      // Exactly the dimensions the endpoint publishes (aws-cdk-lib aws-lambda README, "Metrics are not
      // modeled yet"): CloudWatch returns nothing for any other dimension set, and an alarm without data
      // stays OK.
      dimensionsMap: { FunctionName: fn.webFunctionName, EndpointName: fn.endpoint.resource.endpointName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
  return {
    webFunction: fn,
    webhookUrl: `https://${fn.endpoint.domainName}${WEBHOOK_PATH}`,
    functionName: fn.webFunctionName,
    metrics: {
      // Sparse: no data point in a period without a 5xx (treated as not breaching).
      serverErrors: metric('HTTPResponseStatusClass5XX'),
      graphs: [],
    },
  };
}

/**
 * fromAssetToManagedBucket adds, at stack level, a code bucket and a deploy-time copy function (from the
 * CDK bootstrap bucket into it). Both are CDK's own, configured as Web Functions require. The bucket gets
 * ACLs disabled like every other bucket here; the findings they raise are acknowledged one by one.
 */
function secureCodeStaging(stack: Stack, fn: lambda.WebFunction): void {
  const child = (prefix: string): IConstruct => {
    const found = stack.node.children.filter((c) => c.node.id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`expected one ${prefix} construct from WebFunctionCode.fromAssetToManagedBucket, found ${found.length}`);
    return found[0]!;
  };
  const bucket = child('AWSCDKWebFunctionAssetBucket');
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  cfnBucket.ownershipControls = { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] };
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'Holds only the ingress code package, written by the deploy-time copy and read by the Lambda service; CloudTrail records both. Server access logs add nothing.',
  });
  const bucketLogicalId = stack.getLogicalId(cfnBucket);
  const copy = child('Custom::S3ObjectCopy');
  const reason = 'CDK\'s deploy-time copy of the code package (fromAssetToManagedBucket): reads its staged object in the bootstrap asset bucket, writes and replaces objects only under web-function/ of the code bucket; it runs only during deployments.';
  Validations.of(copy).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason },
    ...[
      `Resource::arn:<AWS::Partition>:s3:::${stagingBucketName(fn)}/*`,
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::<${bucketLogicalId}.Arn>/web-function/*`,
    ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
  );
}

/**
 * The bucket the code is staged in before the copy, as cdk-nag writes it: the stack synthesizer's file
 * asset bucket, so any bootstrap qualifier or custom bucket name gives the finding its real name.
 */
function stagingBucketName(fn: lambda.WebFunction): string {
  const asset = fn.node.tryFindChild('Code');
  if (!(asset instanceof s3assets.Asset)) {
    throw new Error(`expected the code asset of WebFunctionCode.fromAssetToManagedBucket at ${fn.node.path}/Code`);
  }
  return flattenCfnReference(Stack.of(fn).resolve(asset.s3BucketName));
}
