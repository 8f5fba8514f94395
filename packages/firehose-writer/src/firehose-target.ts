// Which delivery stream to write to, where and with which credentials, from the same variables for every
// writer (the ingress, and the completeness backfill, which must land in the same stream). Every failure
// is a ConfigError naming the variable.
import { ConfigError, httpUrl, nonEmpty, optional, type Env } from '@event-lake/env-config';
import { DEFAULT_DELIVERY_STREAM_NAME, deliveryStreamNameProblem } from '@event-lake/lake-format';

export interface FirehoseTarget {
  readonly deliveryStreamName: string;
  /** AWS_REGION; with an endpoint set it defaults to us-east-1 (a local endpoint only signs with it). */
  readonly region: string;
  /** AWS_ENDPOINT_URL_FIREHOSE (or AWS_ENDPOINT_URL); undefined means the real service. */
  readonly endpoint: string | undefined;
  /** Dummy credentials for a loopback endpoint when the environment names none (firehose-local ignores them). */
  readonly useLocalCredentials: boolean;
}

/** What a writer signs with against a loopback endpoint when the environment names no credentials. */
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

/** Variables that give the SDK's default chain a credential source: if any is set, it is used as is. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
] as const;

/**
 * Region names: a partition-and-area prefix of letters (us, eu, us-gov, cn, eusc-de, …), a direction and a
 * number, e.g. eu-west-1, us-gov-west-1, eusc-de-east-1.
 */
const REGION_NAME = /^[a-z]{2,}(-[a-z]+)+-\d+$/;

/** Checks FIREHOSE_DELIVERY_STREAM_NAME, AWS_REGION and the endpoint variables; returns a frozen target. */
export function loadFirehoseTarget(env: Env): FirehoseTarget {
  const endpoint = firehoseEndpoint(env);
  return Object.freeze({
    deliveryStreamName: streamName(env),
    region: region(env, endpoint),
    endpoint,
    useLocalCredentials: endpoint !== undefined && isLoopback(endpoint)
      && !CREDENTIAL_VARIABLES.some((name) => nonEmpty(env[name])),
  });
}

/** AWS_ENDPOINT_URL_FIREHOSE, else AWS_ENDPOINT_URL (the SDK's own precedence); each must be an http(s) URL. */
export function firehoseEndpoint(env: Env): string | undefined {
  return httpUrl(env, 'AWS_ENDPOINT_URL_FIREHOSE') ?? httpUrl(env, 'AWS_ENDPOINT_URL');
}

function streamName(env: Env): string {
  const value = optional(env, 'FIREHOSE_DELIVERY_STREAM_NAME');
  if (value === undefined) return DEFAULT_DELIVERY_STREAM_NAME;
  const problem = deliveryStreamNameProblem(value);
  if (problem) throw new ConfigError('FIREHOSE_DELIVERY_STREAM_NAME', problem);
  return value;
}

function region(env: Env, endpoint: string | undefined): string {
  const value = optional(env, 'AWS_REGION');
  if (value !== undefined) {
    if (!REGION_NAME.test(value)) throw new ConfigError('AWS_REGION', `"${value}" is not an AWS region name`);
    return value;
  }
  // A local endpoint still needs a region to sign requests with; any will do, so default it.
  if (endpoint !== undefined) return 'us-east-1';
  throw new ConfigError('AWS_REGION', 'is required when AWS_ENDPOINT_URL_FIREHOSE is not set (the region of the delivery stream)');
}

function isLoopback(url: string): boolean {
  // URL keeps the brackets of an IPv6 host: http://[::1]:4573 has hostname "[::1]".
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
