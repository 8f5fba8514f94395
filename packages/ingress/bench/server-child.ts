// One benchmarked server in its own process, so its CPU is measured alone (/proc) and no other server's
// garbage is collected on its time. BENCH_SERVER=ingress|naive|bare|ingress-no-sdk|ingress-linger, FIREHOSE_URL,
// BENCH_SECRET in env.
// Protocol: the child answers { url } once listening; on 'counts' it answers the Firehose calls, records
// billed 5 KB units and record bytes its SDK client has sent so far (retries included).
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFirehoseClient, LOCAL_CREDENTIALS, sdkFirehosePort, type FirehosePort } from '@event-lake/firehose-writer';
import { billedUnits, DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '../src/config.js';
import { startIngress } from '../src/main.js';
import { startBareServer } from './bare-server.js';
import { startNaiveIngress } from './naive-ingress.js';

export interface FirehoseCounts { calls: number; records: number; units: number; bytes: number }

/** Counts every PutRecord/PutRecordBatch the client sends and the 5 KB units its records are billed. */
function counting(client: FirehoseClient): FirehoseCounts {
  const c: FirehoseCounts = { calls: 0, records: 0, units: 0, bytes: 0 };
  client.middlewareStack.add((next, context) => async (args) => {
    const input = args.input as { Records?: Array<{ Data?: Uint8Array }>; Record?: { Data?: Uint8Array } };
    if (context.commandName === 'PutRecordBatchCommand' || context.commandName === 'PutRecordCommand') {
      const records = input.Records ?? (input.Record ? [input.Record] : []);
      c.calls += 1;
      c.records += records.length;
      for (const r of records) {
        c.units += billedUnits(r.Data?.length ?? 0);
        c.bytes += r.Data?.length ?? 0;
      }
    }
    return next(args);
  }, { step: 'initialize', name: 'benchCounter' });
  return c;
}

const kind = process.env['BENCH_SERVER'];
const firehoseUrl = process.env['FIREHOSE_URL'] ?? '';
const secret = process.env['BENCH_SECRET'] ?? '';
const stream = DEFAULT_DELIVERY_STREAM_NAME;
let counts: FirehoseCounts = { calls: 0, records: 0, units: 0, bytes: 0 };
let url: string;
if (kind === 'ingress' || kind === 'ingress-linger') {
  // ingress-linger: the same ingress whose writer always waits out its linger (the writer before issue #19).
  const config = loadConfig({ PORT: '0', STRIPE_WEBHOOK_SECRET: secret, AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl, FIREHOSE_DELIVERY_STREAM_NAME: stream });
  const client = createFirehoseClient({ region: config.awsRegion, endpoint: firehoseUrl, requestTimeoutMs: config.firehoseRequestTimeoutMs, credentials: LOCAL_CREDENTIALS });
  counts = counting(client);
  const ingress = await startIngress(config, {
    firehose: sdkFirehosePort(client, stream), logger: pino({ level: 'silent' }), registry: new Registry(), host: '127.0.0.1', adaptiveBatching: kind === 'ingress',
  });
  url = ingress.webhookUrl;
} else if (kind === 'ingress-no-sdk') {
  // Diagnostic: the same ingress with a Firehose port that acknowledges every record 5 ms later, with no
  // SDK and no HTTP: the difference to 'ingress' is what the SDK's PutRecordBatch costs per event.
  const config = loadConfig({ PORT: '0', STRIPE_WEBHOOK_SECRET: secret, AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl, FIREHOSE_DELIVERY_STREAM_NAME: stream });
  const acknowledging: FirehosePort = {
    async putRecordBatch(records) {
      counts.calls += 1;
      counts.records += records.length;
      for (const r of records) {
        counts.units += billedUnits(r.length);
        counts.bytes += r.length;
      }
      await sleep(5);
      return { failed: [] };
    },
    describeStatus: async () => 'ACTIVE',
  };
  const ingress = await startIngress(config, { firehose: acknowledging, logger: pino({ level: 'silent' }), registry: new Registry(), host: '127.0.0.1' });
  url = ingress.webhookUrl;
} else if (kind === 'naive') {
  const client = new FirehoseClient({ region: 'us-east-1', endpoint: firehoseUrl, credentials: { ...LOCAL_CREDENTIALS } });
  counts = counting(client);
  url = (await startNaiveIngress({ client, streamName: stream, secret })).url;
} else if (kind === 'bare') {
  url = (await startBareServer(secret)).url;
} else {
  throw new Error(`BENCH_SERVER must be ingress, naive, bare, ingress-no-sdk or ingress-linger, got "${kind}"`);
}
process.on('message', (m) => {
  if (m === 'counts') process.send?.({ ...counts });
});
process.once('SIGINT', () => process.exit(0));
process.send?.({ url });
