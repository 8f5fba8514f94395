// The Athena client every caller uses (createAthenaClient) against an endpoint that accepts each request
// and never answers: each attempt ends at its timeout and the query fails with a message naming the call,
// and `pnpm query --backend athena` exits 3 (an outside service failed) instead of waiting forever.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSilentEndpoint, type SilentEndpoint } from '@event-lake/firehose-local';
import { athenaApiFromClient } from '../src/athena-backend.js';
import { ATHENA_REQUEST_TIMEOUT_MS, createAthenaClient } from '../src/athena-client.js';
import { QueryError } from '../src/errors.js';
import { runQuery } from '../src/run-query.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

let silent: SilentEndpoint;
beforeAll(async () => {
  silent = await startSilentEndpoint();
});
afterAll(() => silent.close());

describe('Athena behind an endpoint that accepts and never answers', () => {
  it('every attempt ends at its timeout and the query fails naming the call', async () => {
    const client = createAthenaClient({ region: 'us-east-1', endpoint: silent.url, credentials: CREDENTIALS, requestTimeoutMs: 300 });
    try {
      const failure = await runQuery({ backend: 'athena', sql: 'SELECT 1', api: athenaApiFromClient(client) }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(QueryError);
      expect((failure as QueryError).message).toMatch(/^Athena StartQueryExecution failed: TimeoutError: .*300 ms requestTimeout/);
      expect(silent.requests()).toBe(3); // the SDK's standard attempts, each one ended
    } finally {
      client.destroy();
    }
  }, 20_000);

  it('pnpm query --backend athena exits 3 with one clear line once its attempt times out', async () => {
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts', '--backend', 'athena', '--region', 'us-east-1', '--sql', 'SELECT 1'],
        {
          cwd: PACKAGE_DIR,
          // AWS_MAX_ATTEMPTS is the SDK's own setting: one attempt keeps the test to one timeout.
          env: { ...process.env, AWS_ENDPOINT_URL_ATHENA: silent.url, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_MAX_ATTEMPTS: '1' },
        },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out).toMatchObject({ code: 3, stdout: '' });
    // (On Node 20 the SDK also prints its own NodeVersionSupportWarning.)
    expect(out.stderr.split('\n').filter((line) => line.startsWith('query:'))).toEqual([
      `query: Athena StartQueryExecution failed: TimeoutError: @smithy/node-http-handler - [ERROR] a request has exceeded the configured ${ATHENA_REQUEST_TIMEOUT_MS} ms requestTimeout.`,
    ]);
  }, 60_000);
});
