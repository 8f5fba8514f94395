// What each hosting mode of the ingress gives the rest of the stack: where Stripe sends webhooks, the
// name operators look for, and the platform's own metrics for the ingress alarms.
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Archive } from './archive.js';

export interface IngressHost {
  /** https://…/webhook/stripe */
  readonly webhookUrl: string;
  /** The Web Function's or Lambda function's name (logs, console, CLI). */
  readonly functionName: string;
  readonly metrics: IngressHostMetrics;
}

export interface IngressHostMetrics {
  /** Requests the platform answered with 5xx: the ingress's 503s and environments that failed to start. */
  readonly serverErrors: cloudwatch.IMetric;
  /** Requests refused for lack of capacity, where the platform publishes such a metric. */
  readonly throttles?: cloudwatch.IMetric;
  /** Extra dashboard graphs of the host (traffic, duration). */
  readonly graphs: readonly cloudwatch.IWidget[];
}

/** What the ingress construct hands to either hosting mode. */
export interface IngressHostProps {
  readonly archive: Archive;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  /** Built package (lib/ingress-bundle.ts). */
  readonly codeDir: string;
  /** Variables both modes set (lib/ingress-service.ts); each mode adds its own. */
  readonly environment: Readonly<Record<string, string>>;
}
