// Builds the real app around a FakeFirehose, listening on port 0, with logs captured in memory.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from '../src/app.js';
import { createFirehoseWriter, type FirehosePort, type FirehoseWriter, type FirehoseWriterOptions } from '@event-lake/firehose-writer';
import { createIngressMetrics } from '../src/metrics.js';
import { FakeFirehose } from '@event-lake/test-kit';
import { NOW_MS, SECRET_A, SECRET_B } from '@event-lake/test-kit';

export interface Harness {
  url: string;
  fake: FakeFirehose;
  writer: FirehoseWriter;
  registry: Registry;
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  bodyLimitBytes?: number;
  maxInFlightBytes?: number;
  bodyGraceMs?: number;
  requestDeadlineMs?: number;
  writer?: FirehoseWriterOptions;
  /** Wraps the real writer, e.g. to make it fail in ways the fake Firehose cannot. */
  wrapWriter?: (writer: FirehoseWriter) => FirehoseWriter;
  now?: () => number;
  /** INGRESS_OPS_ENDPOINTS as loadConfig reads it (default on). */
  opsEndpoints?: boolean;
  /** Replaces the fake Firehose behind the writer (the fake keeps a copy of every record it is sent). */
  port?: FirehosePort;
  readyCacheMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeFirehose();
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({
    write(chunk: Buffer, _enc, cb) { logs.push(chunk.toString('utf8')); cb(); },
  }));
  const registry = new Registry();
  const metrics = createIngressMetrics(registry);
  const writer = createFirehoseWriter(options.port ?? fake, {
    lingerMs: 2, maxInFlightBytes: options.maxInFlightBytes ?? 16 * 1024 * 1024, ...options.writer, observer: metrics.writerObserver,
  });
  const app = createApp({
    config: {
      webhookSecrets: [SECRET_A, SECRET_B],
      bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
      requestDeadlineMs: options.requestDeadlineMs ?? 3000,
      signatureToleranceSeconds: 300,
      maxInFlightBytes: options.maxInFlightBytes ?? 16 * 1024 * 1024,
      ...(options.bodyGraceMs === undefined ? {} : { bodyGraceMs: options.bodyGraceMs }),
      ...(options.opsEndpoints === undefined ? {} : { opsEndpoints: options.opsEndpoints }),
    },
    ...(options.readyCacheMs === undefined ? {} : { readyCacheMs: options.readyCacheMs }),
    writer: options.wrapWriter ? options.wrapWriter(writer) : writer, logger, registry, metrics,
    now: options.now ?? (() => NOW_MS),
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fake, writer, registry, logs,
    async close() {
      await writer.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
