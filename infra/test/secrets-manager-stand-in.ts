// A Secrets Manager-compatible endpoint with one operation, GetSecretValue (awsJson1_1 over HTTP), so
// the real @aws-sdk/client-secrets-manager reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER. Unknown
// secrets and operations get AWS-shaped errors ({ __type, message }), which the SDK turns into its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerStandIn {
  readonly url: string;
  /** SecretIds asked for, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export async function startSecretsManagerStandIn(secrets: Readonly<Record<string, string>>): Promise<SecretsManagerStandIn> {
  const requests: string[] = [];
  const answer = (res: import('node:http').ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        answer(res, 400, { __type: 'UnknownOperationException', message: `not served here: ${String(req.headers['x-amz-target'])}` });
        return;
      }
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId: string };
      requests.push(SecretId);
      const value = secrets[SecretId];
      if (value === undefined) {
        answer(res, 400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        return;
      }
      answer(res, 200, { ARN: SecretId, Name: SecretId.split(':').pop(), SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
