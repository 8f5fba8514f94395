// `pnpm start`: firehose-local and the ingress together, with defaults that work on a fresh clone. Prints
// the webhook URL, the signing secret in use and the lake path once the ingress reports ready. Ctrl-C (or
// SIGTERM) stops the ingress first, so its in-flight writes still reach firehose-local, then flushes every
// firehose-local buffer into the lake.
import { createServer, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createFirehoseLocal, ConfigError, StateLockedError } from '@event-lake/firehose-local';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { loadStackConfig, StackConfigError } from './stack-config.js';
import { startIngressProcess, waitForReady } from './ingress-process.js';

const READY_TIMEOUT_MS = 90_000;
const INGRESS_STOP_TIMEOUT_MS = 30_000;

function describeSecret(secret: string, development: boolean): string {
  if (development) return `${secret}  (development secret; set STRIPE_WEBHOOK_SECRET to use another, e.g. the one \`stripe listen\` prints)`;
  const items = secret.split(',').map((s) => `${s.trim().slice(0, 12)}…`);
  return `${items.join(', ')}  (from STRIPE_WEBHOOK_SECRET)`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function main(): Promise<number> {
  // A closed stdout (`pnpm start | head`, a test harness gone) must not stop the flush on the way out.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const config = loadStackConfig(process.env, process.cwd());
  const fh = config.firehose;
  const logger = pino({ name: 'firehose-local', level: fh.logLevel });
  console.log(`starting firehose-local (lake ${fh.lakeDir}) …`);
  const firehose = await createFirehoseLocal({ ...fh, logger });
  let firehoseUrl: string;
  try {
    ({ url: firehoseUrl } = await firehose.listen(fh.port, fh.host));
  } catch (err) {
    await firehose.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StackConfigError(`FIREHOSE_LOCAL_PORT ${fh.port} is already in use (another pnpm start or pnpm firehose-local?)`);
    }
    throw err;
  }

  // With PORT=0 pick a free port here, so the stack knows the ingress URL without parsing its logs.
  const ingressPort = config.ingressPort === 0 ? await freePort() : config.ingressPort;
  console.log(`starting the ingress on port ${ingressPort}, waiting for its /ready …`);
  const ingress = startIngressProcess(
    process.env,
    { port: ingressPort, webhookSecret: config.webhookSecret, streamName: fh.streamName, firehoseUrl, region: config.awsRegion },
    (line) => console.log(line),
  );

  let stopping: Promise<number> | undefined;
  const stop = (reason: string, code: number) => {
    stopping ??= (async () => {
      console.log(`\nstopping (${reason}): ingress first, then firehose-local flushes every buffer to ${fh.lakeDir}`);
      await ingress.stop(INGRESS_STOP_TIMEOUT_MS);
      await firehose.close();
      console.log('stopped; nothing buffered was lost');
      return code;
    })();
    return stopping;
  };
  const exitWith = (p: Promise<number>) => p.then((code) => process.exit(code), (err: unknown) => {
    console.error(`local stack: stopping failed: ${err instanceof Error ? err.message : String(err)}; undelivered records stay in the write-ahead log for the next start`);
    process.exit(1);
  });
  process.on('SIGINT', () => void exitWith(stop('SIGINT', 0)));
  process.on('SIGTERM', () => void exitWith(stop('SIGTERM', 0)));
  void ingress.exited.then((code) => {
    if (!stopping) {
      console.error(`the ingress exited unexpectedly (code ${code})`);
      void exitWith(stop('ingress exited', 1));
    }
  });

  const timeout = new Promise((r) => setTimeout(r, READY_TIMEOUT_MS).unref());
  const ingressUrl = `http://localhost:${ingressPort}`;
  try {
    await waitForReady(ingressUrl, Promise.race([ingress.exited, timeout]));
  } catch (err) {
    console.error(`local stack: ${err instanceof Error ? err.message : String(err)}`);
    return stopping ?? stop('ingress not ready', 1);
  }

  console.log(
    [
      '',
      'event-lake local stack ready',
      `  webhook URL     ${ingressUrl}${WEBHOOK_PATH}`,
      `  signing secret  ${describeSecret(config.webhookSecret, config.usingDevelopmentSecret)}`,
      `  lake            ${fh.lakeDir}  (an object every ${fh.bufferIntervalSeconds} s or ${fh.bufferSizeMiB} MiB under events/dt=YYYY-MM-DD/hour=HH/)`,
      `  firehose-local  ${firehoseUrl}  (stream ${fh.streamName})`,
      `  try             pnpm send-event   |   stripe listen --forward-to localhost:${new URL(ingressUrl).port}${WEBHOOK_PATH}`,
      '  Ctrl-C stops cleanly; buffered events are flushed to the lake first.',
      '',
    ].join('\n'),
  );
  return new Promise<number>(() => undefined); // runs until a signal
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof StackConfigError || err instanceof StateLockedError;
    console.error(`local stack: ${known ? '' : 'failed to start: '}${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
