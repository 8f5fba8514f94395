// One benchmark client process: sends PutRecordBatch calls back to back through the real AWS SDK and reports
// how many records were acknowledged. Started by throughput.ts with fork().
import { FirehoseClient, PutRecordBatchCommand, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import { makeRecord } from './records.js';

interface Job {
  url: string;
  streamName: string;
  recordBytes: number;
  batchRecords: number;
  inFlight: number;
  durationMs: number;
}

// Protocol with the parent: receive the job, build the batches, say "ready", wait for "go", report.
process.once('message', (job: Job) => {
  void run(job).then((result) => process.send?.(result, () => process.exit(0)));
});

async function run(job: Job): Promise<{ acked: number; throttled: number; cpuMs: number; latencies: number[] }> {
  const client = new FirehoseClient({
    endpoint: job.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  // A few distinct batches, built before timing starts: the bench measures the server, not record building.
  const batches = Array.from({ length: 8 }, () => Array.from({ length: job.batchRecords }, () => ({ Data: makeRecord(job.recordBytes) })));
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.({ ready: true });
  });
  const cpu = process.cpuUsage();
  let acked = 0;
  let throttled = 0;
  const latencies: number[] = [];
  let n = 0;
  const deadline = Date.now() + job.durationMs;
  const lane = async () => {
    while (Date.now() < deadline) {
      const records = batches[n++ % batches.length]!;
      const started = performance.now();
      try {
        const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: job.streamName, Records: records }));
        acked += records.length - (out.FailedPutCount ?? 0);
        latencies.push(performance.now() - started);
      } catch (err) {
        if (!(err instanceof ServiceUnavailableException)) throw err;
        throttled++; // delivery fell behind and firehose-local pushed back: counted, not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: job.inFlight }, lane));
  const used = process.cpuUsage(cpu);
  client.destroy();
  return { acked, throttled, cpuMs: (used.user + used.system) / 1000, latencies };
}
