// Composition root: the only file that reads process.env. Builds the logger, the Firehose client and
// writer, the app and the HTTP server, and shuts them down in order on SIGTERM/SIGINT.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from './app.js';
import { ConfigError } from '@event-lake/env-config';
import { loadConfig, type IngressConfig } from './config.js';
import {
  createFirehoseClient, createFirehoseWriter, LOCAL_CREDENTIALS, sdkFirehosePort, type FirehosePort, type FirehoseWriter,
} from '@event-lake/firehose-writer';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { createIngressMetrics } from './metrics.js';

export interface IngressDeps {
  logger?: Logger;
  registry?: Registry;
  /** Replaces the real Firehose client (tests, in-process stacks). */
  firehose?: FirehosePort;
  host?: string;
  /** false: the writer always waits out its linger, as before issue #19 (the bench's comparison side). */
  adaptiveBatching?: boolean;
}

export interface RunningIngress {
  server: Server;
  port: number;
  url: string;
  webhookUrl: string;
  writer: FirehoseWriter;
  /** Stops accepting, waits for in-flight writes (at most config.shutdownTimeoutMs), closes connections. */
  close(): Promise<void>;
}

export function createLogger(level: IngressConfig['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'ingress' },
    // Nothing logs headers or config today; these keep it that way if someone adds them.
    redact: {
      paths: ['req.headers["stripe-signature"]', 'headers["stripe-signature"]', 'signature', '*.signature', 'webhookSecrets', '*.webhookSecrets', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  });
}

export async function startIngress(config: IngressConfig, deps: IngressDeps = {}): Promise<RunningIngress> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const registry = deps.registry ?? new Registry();
  const metrics = createIngressMetrics(registry);
  const firehose = deps.firehose ?? sdkFirehosePort(createFirehoseClient({
    region: config.awsRegion,
    endpoint: config.firehoseEndpoint,
    requestTimeoutMs: config.firehoseRequestTimeoutMs,
    credentials: config.useLocalCredentials ? LOCAL_CREDENTIALS : undefined,
  }), config.deliveryStreamName);
  const writer = createFirehoseWriter(firehose, {
    deadlineMs: config.requestDeadlineMs,
    maxInFlightBytes: config.maxInFlightBytes,
    lingerMs: config.batchLingerMs,
    maxLingerMs: config.batchMaxLingerMs,
    maxConcurrentCalls: config.maxConcurrentCalls,
    observer: metrics.writerObserver,
    ...(deps.adaptiveBatching === undefined ? {} : { adaptive: deps.adaptiveBatching }),
  });
  let shuttingDown = false;
  const app = createApp({ config, writer, logger, registry, metrics, isShuttingDown: () => shuttingDown });

  const server = createServer({
    // Slow-loris bounds: headers within 10 s, the whole request (body included) within the deadline plus
    // reading time; checked every second rather than Node's default 30 s.
    headersTimeout: 10_000,
    requestTimeout: Math.max(15_000, config.requestDeadlineMs * 3),
    connectionsCheckingInterval: 1000,
    keepAliveTimeout: 5000,
  }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, deps.host ?? config.listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(deps.host ?? config.listenHost)}:${port}`;
  logger.info({
    url, webhookUrl: `${url}${WEBHOOK_PATH}`, stream: config.deliveryStreamName, region: config.awsRegion,
    endpoint: config.firehoseEndpoint ?? 'aws', secrets: config.webhookSecrets.length,
  }, 'ingress listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // One bound for the whole shutdown: Lambda Web Functions allow 1 s after SIGTERM, so the time left
      // after the flush, not a fixed extra wait, is what answers may use.
      const bound = Date.now() + config.shutdownTimeoutMs;
      const left = () => Math.max(0, bound - Date.now());
      shuttingDown = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // close() sends what is queued at once (no linger) and resolves once every write has settled.
      const result = await Promise.race([writer.close().then(() => 'flushed' as const), delay(left(), 'timeout' as const)]);
      if (result === 'timeout') logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight writes did not finish before the shutdown bound');
      // Give answers already decided a moment to be written, then drop what is left.
      await Promise.race([stopped, delay(Math.min(500, left()), 'timeout' as const)]);
      server.closeAllConnections();
      await stopped;
      logger.info('ingress stopped');
    })();
    return closing;
  };

  return { server, port, url, webhookUrl: `${url}${WEBHOOK_PATH}`, writer, close };
}

/** A URL host for the listen address (wildcards become localhost, IPv6 gets brackets). */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value).unref());

async function main(): Promise<void> {
  let config: IngressConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ingress: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.useLocalCredentials) logger.info('loopback Firehose endpoint and no AWS credentials in the environment: using dummy credentials');
  const ingress = await startIngress(config, { logger });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      ingress.close().then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
}

/**
 * Runs the ingress as this process: configuration from the environment, SIGTERM/SIGINT shut it down,
 * any start failure exits 1 with one line on stderr. `pnpm ingress` and the deployed bundle both use it.
 */
export function runIngressProcess(): void {
  main().catch((error: unknown) => {
    process.stderr.write(`ingress: failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runIngressProcess();
