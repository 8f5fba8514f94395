// firehose-local in its own process for the benchmark (durable: it acknowledges only what is on disk).
// Protocol: parent forks with LAKE_DIR in env (FIREHOSE_LOCAL_HANG=true: accept calls, never answer);
// child answers { url }; SIGTERM flushes and exits.
import { createFirehoseLocal } from '@event-lake/firehose-local';

const lakeDir = process.env['LAKE_DIR'];
if (!lakeDir) throw new Error('LAKE_DIR is required');
const faults = process.env['FIREHOSE_LOCAL_HANG'] === 'true' ? { hang: true } : {};
const firehose = await createFirehoseLocal({ lakeDir, bufferSizeMiB: 64, bufferIntervalSeconds: 60, faults });
const { url } = await firehose.listen(0, '127.0.0.1');
process.send?.({ url });
process.once('SIGTERM', () => {
  void firehose.close().then(() => process.exit(0));
});
