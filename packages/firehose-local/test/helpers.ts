// Test helpers: a server in a temp lake on port 0, and a real AWS SDK client pointed at it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { createFirehoseLocal, type FirehoseLocal, type FirehoseLocalOptions } from '../src/index.js';

export interface Harness {
  lakeDir: string;
  firehose: FirehoseLocal;
  url: string;
  client: FirehoseClient;
  stop(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'firehose-local-'));
}

export function sdkClient(url: string): FirehoseClient {
  return new FirehoseClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    maxAttempts: 1,
  });
}

export async function startHarness(options: Partial<FirehoseLocalOptions> = {}): Promise<Harness> {
  const lakeDir = options.lakeDir ?? (await tempDir());
  const firehose = await createFirehoseLocal({ bufferIntervalSeconds: 900, ...options, lakeDir });
  const { url } = await firehose.listen(0);
  const client = sdkClient(url);
  return {
    lakeDir,
    firehose,
    url,
    client,
    async stop() {
      client.destroy();
      await firehose.close();
      await rm(lakeDir, { recursive: true, force: true });
    },
  };
}

export const line = (i: number) => Buffer.from(`${JSON.stringify({ i, pad: 'x'.repeat(i % 7) })}\n`);
