// `pnpm start`: firehose-local and the ingress together, with defaults that work on a fresh clone. Prints
// the webhook URL, the signing secrets in use (never any part of one the user supplied) and the lake path
// once the ingress reports ready; then one readable line per log line on a terminal, pino's JSON otherwise
// (LOG_FORMAT). Ctrl-C (or SIGINT/SIGTERM) stops the ingress first, so its in-flight writes still reach
// firehose-local, then flushes every firehose-local buffer into the lake, and exits 0.
import { createServer, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createFirehoseLocal, ConfigError, StateLockedError } from '@event-lake/firehose-local';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { loadStackConfig, StackConfigError } from './stack-config.js';
import { startIngressProcess, waitForReady } from './ingress-process.js';
import { formatLogLine } from './log-line.js';
import { describeSecrets } from './secret-summary.js';
import { takeCtrlC } from './ctrl-c.js';

const READY_TIMEOUT_MS = 90_000;
const INGRESS_STOP_TIMEOUT_MS = 30_000;

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
  const config = loadStackConfig(process.env, process.cwd(), process.stdout.isTTY === true);
  const fh = config.firehose;
  const printLog = config.logFormat === 'pretty' ? (line: string) => console.log(formatLogLine(line)) : (line: string) => console.log(line);
  const logger = pino({ name: 'firehose-local', level: fh.logLevel }, { write: (line: string) => printLog(line.trimEnd()) });
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
    printLog,
  );

  let stopping: Promise<number> | undefined;
  let restoreTerminal: () => void = () => undefined;
  const stop = (reason: string, code: number) => {
    stopping ??= (async () => {
      restoreTerminal();
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
  restoreTerminal = takeCtrlC(process.stdin, () => void exitWith(stop('Ctrl-C', 0)));
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
      `  signing secret  ${describeSecrets(config.webhookSecret, config.usingDevelopmentSecret)}`,
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
