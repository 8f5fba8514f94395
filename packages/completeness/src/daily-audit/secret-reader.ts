// Reads the Stripe key's secret for the daily audit. The SDK sets no timeout by default, and with the
// locked @smithy/node-http-handler a `requestTimeout` alone only logs a warning and keeps waiting: a
// stalled Secrets Manager endpoint would hold every run until the Lambda's 15-minute timeout. Here each
// attempt ends with a TimeoutError, and the SDK's standard 3 attempts bound the read to about 15 s.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Per attempt: GetSecretValue answers in far less when Secrets Manager is healthy. */
export const SECRET_REQUEST_TIMEOUT_MS = 5_000;

export interface SecretReaderOptions {
  /** Default: the SDK's (AWS_ENDPOINT_URL_SECRETS_MANAGER, or the region's). */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Default SECRET_REQUEST_TIMEOUT_MS; tests shorten it. */
  readonly requestTimeoutMs?: number;
}

export interface SecretReader {
  /** The secret's current string, or undefined when it has no value yet. */
  read(arn: string): Promise<string | undefined>;
  destroy(): void;
}

export function createSecretReader(options: SecretReaderOptions = {}): SecretReader {
  const timeout = options.requestTimeoutMs ?? SECRET_REQUEST_TIMEOUT_MS;
  const client = new SecretsManagerClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    requestHandler: { connectionTimeout: Math.min(2_000, timeout), requestTimeout: timeout, throwOnRequestTimeout: true, socketTimeout: timeout },
  });
  return {
    async read(arn) {
      try {
        return (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
      } catch (err) {
        // A secret without any value yet has no current version: the same as "not set".
        if (err instanceof Error && err.name === 'ResourceNotFoundException') return undefined;
        throw err;
      }
    },
    destroy: () => client.destroy(),
  };
}
