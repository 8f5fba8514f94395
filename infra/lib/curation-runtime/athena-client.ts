// The curation function's Athena client. The SDK has no request timeout by default, so a hanging Athena
// endpoint would hold the run until Lambda kills it (and the next run would find nothing reported):
// every call gets a connect and a whole-request timeout that throw.
import { AthenaClient } from '@aws-sdk/client-athena';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { athenaApiFromClient, type AthenaApi } from '@event-lake/query';

export interface AthenaClientOptions {
  readonly requestTimeoutMs: number;
  /** Tests point the client at a local stand-in; in Lambda the SDK finds the regional endpoint. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function createAthenaApi(options: AthenaClientOptions): AthenaApi {
  return athenaApiFromClient(new AthenaClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    // The SDK's retries (3 attempts, backoff) cover throttling of the polling calls.
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: Math.min(3_000, options.requestTimeoutMs),
      requestTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    }),
  }));
}
