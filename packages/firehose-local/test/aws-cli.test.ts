// Conformance with the AWS CLI (botocore): SigV4-signed requests, base64 blobs and the partial-failure
// shape. CI installs Debian's awscli; where `aws` is missing the test is skipped with a message.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readDeliveredLines } from '../src/index.js';
import { startHarness, type Harness } from './helpers.js';

const run = promisify(execFile);

function awsVersion(): string | undefined {
  try {
    return execFileSync('aws', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

const version = awsVersion();
if (!version) console.warn('aws-cli.test.ts: SKIPPED, the `aws` command is not installed (apt-get install -y awscli)');
const describeIfAws = version ? describe : describe.skip;

describeIfAws(`AWS CLI (${version ?? 'not installed'})`, () => {
  let h: Harness;
  // AWS CLI v2 reads blob arguments as base64 unless told otherwise; v1 always takes raw text.
  const blobArgs = version?.startsWith('aws-cli/2') ? ['--cli-binary-format', 'raw-in-base64-out'] : [];

  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['firehose', ...args, '--endpoint-url', h.url, '--output', 'json', ...blobArgs], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCLI', AWS_SECRET_ACCESS_KEY: 'cli-secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1' },
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('put-record-batch stores the records and answers FailedPutCount 0', async () => {
    const out = await aws('put-record-batch', '--delivery-stream-name', 'event-lake-stripe-events', '--records', JSON.stringify([{ Data: '{"cli":1}\n' }, { Data: '{"cli":2}\n' }]));
    expect(out).toMatchObject({ FailedPutCount: 0, Encrypted: false });
    expect(out['RequestResponses']).toEqual([{ RecordId: expect.any(String) }, { RecordId: expect.any(String) }]);
    await h.firehose.flush();
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['{"cli":1}', '{"cli":2}']);
  }, 60_000);

  it('put-record-batch shows the partial-failure shape', async () => {
    h.firehose.setFaults({ failRecordRate: 1 });
    const out = await aws('put-record-batch', '--delivery-stream-name', 'event-lake-stripe-events', '--records', JSON.stringify([{ Data: 'x\n' }]));
    h.firehose.setFaults({});
    expect(out).toEqual({ FailedPutCount: 1, Encrypted: false, RequestResponses: [{ ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' }] });
  }, 60_000);

  it('describe-delivery-stream and list-delivery-streams', async () => {
    const described = await aws('describe-delivery-stream', '--delivery-stream-name', 'event-lake-stripe-events');
    expect(described).toMatchObject({ DeliveryStreamDescription: { DeliveryStreamStatus: 'ACTIVE', DeliveryStreamType: 'DirectPut' } });
    expect(await aws('list-delivery-streams')).toEqual({ DeliveryStreamNames: ['event-lake-stripe-events'], HasMoreDeliveryStreams: false });
  }, 60_000);

  it('reports ResourceNotFoundException for an unknown stream', async () => {
    await expect(aws('describe-delivery-stream', '--delivery-stream-name', 'missing')).rejects.toThrow(/ResourceNotFoundException/);
  }, 60_000);
});
