// `pnpm start [--listen [--listen-thin=off]]`: firehose-local and the ingress together, with defaults that
// work on a fresh clone, and with --listen the real Stripe CLI forwarding to them (stripe-listeners.ts).
// Prints the webhook URL, the signing secrets in use (never any part of one the user supplied or of the
// CLI's) and the lake path once the ingress reports ready; then one readable line per log line on a
// terminal, pino's JSON otherwise (LOG_FORMAT). Ctrl-C (or SIGINT/SIGTERM) stops the listeners first, then
// the ingress, so its in-flight writes still reach firehose-local, then flushes every firehose-local buffer
// into the lake, and exits 0. The package scripts `exec` down to this process, so a SIGTERM to `pnpm start`
// reaches it.
import { createServer, type AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { ConfigError } from '@event-lake/env-config';
import { formatSeconds, toolError, untilReady } from '@event-lake/cli-kit';
import { createFirehoseLocal, StateLockedError } from '@event-lake/firehose-local';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { loadStackConfig } from './stack-config.js';
import { loadListenConfig, type ListenerKind } from './listen-config.js';
import { startIngressProcess, waitForReady } from './ingress-process.js';
import { formatLogLine } from './log-line.js';
import { describeSecrets } from './secret-summary.js';
import { takeCtrlC } from './ctrl-c.js';
import { nodeVersionNotice } from './node-version-notice.js';
import { fetchSessionSecret } from './session-secret.js';
import { startListeners, type StripeListeners } from './stripe-listeners.js';
import { manualListenCommands } from './listen-commands.js';
import { OUTSIDE_SERVICE_EXIT } from './stripe-cli-failure.js';
import type { CliLine } from './stripe-cli-output.js';

const READY_TIMEOUT_MS = 90_000;
/** The CLI retries a websocket that does not connect every 10 s, forever; give up after a few tries. */
const LISTEN_READY_TIMEOUT_MS = 45_000;
const INGRESS_STOP_TIMEOUT_MS = 30_000;
const LISTENER_STOP_TIMEOUT_MS = 10_000;

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
  const listen = loadListenConfig(process.argv.slice(2), process.env);
  const config = loadStackConfig(process.env, process.cwd(), process.stdout.isTTY === true);
  const fh = config.firehose;
  const printLog = config.logFormat === 'pretty' ? (line: string) => console.log(formatLogLine(line)) : (line: string) => console.log(line);
  const logger = (name: string) => pino({ name, level: fh.logLevel }, { write: (line: string) => printLog(line.trimEnd()) });
  const notice = nodeVersionNotice(process.version);
  if (notice) console.log(notice);

  const cliLoggers = new Map<string, Logger>();
  const showCli = (source: string) => (line: CliLine) => {
    const log = cliLoggers.get(source) ?? cliLoggers.set(source, logger(source)).get(source)!;
    log[line.level](line.text);
  };
  let cliSecret: string | undefined;
  if (listen) {
    console.log('asking the Stripe CLI for its session signing secret (stripe listen --print-secret) …');
    cliSecret = await fetchSessionSecret(listen.cli, listen.flags, process.env, showCli('stripe listen'));
  }

  console.log(`starting firehose-local (lake ${fh.lakeDir}) …`);
  const firehose = await createFirehoseLocal({ ...fh, logger: logger('firehose-local') });
  let firehoseUrl: string;
  try {
    ({ url: firehoseUrl } = await firehose.listen(fh.port, fh.host));
  } catch (err) {
    await firehose.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError('FIREHOSE_LOCAL_PORT', `${fh.port} is already in use (another pnpm start or pnpm firehose-local?)`);
    }
    throw err;
  }

  // With PORT=0 pick a free port here, so the stack knows the ingress URL without parsing its logs.
  const ingressPort = config.ingressPort === 0 ? await freePort() : config.ingressPort;
  console.log(`starting the ingress on port ${ingressPort}, waiting for its /ready …`);
  const webhookSecret = cliSecret ? `${config.webhookSecret},${cliSecret}` : config.webhookSecret;
  const ingress = startIngressProcess(
    // The stack prints its own one-line Node notice instead of the SDK's paragraph.
    { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    { port: ingressPort, webhookSecret, streamName: fh.streamName, firehoseUrl, region: config.awsRegion },
    printLog,
  );

  let listeners: StripeListeners | undefined;
  let stopping: Promise<number> | undefined;
  let restoreTerminal: () => void = () => undefined;
  const stop = (reason: string, code: number) => {
    stopping ??= (async () => {
      restoreTerminal();
      const first = listeners ? 'stripe listen first, then the ingress' : 'ingress first';
      console.log(`\nstopping (${reason}): ${first}, then firehose-local flushes every buffer to ${fh.lakeDir}`);
      await listeners?.stop(LISTENER_STOP_TIMEOUT_MS);
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
  if (stopping) return stopping;

  if (listen) {
    const kinds = listen.listeners.map((l) => l.kind).join(' and ');
    console.log(`starting stripe listen (${kinds}), forwarding to ${ingressUrl}${WEBHOOK_PATH} …`);
    const started = startListeners(listen, ingressPort, process.env, (kind: ListenerKind, line) => showCli(`stripe listen (${kind})`)(line));
    listeners = started;
    void started.ended.then((why) => {
      if (stopping) return;
      console.error(`local stack: ${why.message}`);
      void exitWith(stop('stripe listen ended', why.exitCode));
    });
    const outcome = await untilReady(started.ready, started.ended, LISTEN_READY_TIMEOUT_MS);
    if (stopping) return stopping;
    if (outcome === 'ended') return new Promise<number>(() => undefined); // the handler above is stopping the stack
    if (outcome === 'timeout') {
      console.error(`local stack: stripe listen did not connect to Stripe within ${formatSeconds(LISTEN_READY_TIMEOUT_MS)}`);
      return stop('stripe listen not ready', OUTSIDE_SERVICE_EXIT);
    }
  }

  const port = new URL(ingressUrl).port;
  const manual = manualListenCommands(Number(port));
  console.log(
    [
      '',
      'event-lake local stack ready',
      `  webhook URL     ${ingressUrl}${WEBHOOK_PATH}`,
      `  signing secret  ${describeSecrets(config.webhookSecret, config.usingDevelopmentSecret, cliSecret !== undefined)}`,
      `  lake            ${fh.lakeDir}  (an object every ${fh.bufferIntervalSeconds} s or ${fh.bufferSizeMiB} MiB under events/dt=YYYY-MM-DD/hour=HH/)`,
      `  firehose-local  ${firehoseUrl}  (stream ${fh.streamName})`,
      ...(listen
        ? [`  stripe listen   ${listen.listeners.map((l) => l.kind).join(' and ')} events forwarded here (try: pnpm exec stripe trigger payment_intent.succeeded)`]
        : [
            '  try             pnpm send-event, or pnpm start --listen for the Stripe CLI; or by hand:',
            `                  ${manual.secret}`,
            `                  ${manual.snapshot}`,
            `                  ${manual.thin}`,
          ]),
      '  Ctrl-C stops cleanly; buffered events are flushed to the lake first.',
      '',
    ].join('\n'),
  );
  return new Promise<number>(() => undefined); // runs until a signal
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = toolError(err);
    if (known) {
      console.error(`local stack: ${known.message}`);
      process.exit(known.exitCode);
    }
    const locked = err instanceof StateLockedError;
    console.error(`local stack: ${locked ? '' : 'failed to start: '}${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
