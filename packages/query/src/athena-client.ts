// The one place an AthenaClient is built (pnpm query, replay, audit/backfill and the daily audit all run
// Athena through runQuery). The SDK sets no timeout by default, and with the locked
// @smithy/node-http-handler a `requestTimeout` alone only logs a warning and keeps waiting: a stalled
// endpoint would hang every caller forever. Here each attempt ends with a TimeoutError, and the SDK's
// standard retries (3 attempts) bound a call to about half a minute.
import { AthenaClient } from '@aws-sdk/client-athena';

/** Per attempt: Athena's control-plane calls answer in well under a second when Athena is healthy. */
export const ATHENA_REQUEST_TIMEOUT_MS = 10_000;

export interface AthenaClientOptions {
  readonly region?: string;
  /** Default: the SDK's (AWS_ENDPOINT_URL_ATHENA, or the region's). */
  readonly endpoint?: string;
  /** Default ATHENA_REQUEST_TIMEOUT_MS; tests shorten it. */
  readonly requestTimeoutMs?: number;
  /** Default: the SDK's credential chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function createAthenaClient(options: AthenaClientOptions = {}): AthenaClient {
  const timeout = options.requestTimeoutMs ?? ATHENA_REQUEST_TIMEOUT_MS;
  return new AthenaClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    requestHandler: {
      connectionTimeout: Math.min(5_000, timeout),
      requestTimeout: timeout,
      throwOnRequestTimeout: true,
      // A connection that goes quiet in the middle of an answer (after its headers) ends too.
      socketTimeout: timeout,
    },
  });
}
