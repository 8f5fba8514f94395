// createFirehoseLocal: a plain node:http server that speaks Firehose's API for one delivery stream and
// delivers into a lake directory laid out like the S3 bucket. Dispatch on X-Amz-Target, one file per
// operation, limits from @event-lake/lake-format.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUFFER_INTERVAL_SECONDS, BUFFER_SIZE_MIB, DEFAULT_DELIVERY_STREAM_NAME, deliveryStreamNameProblem } from '@event-lake/lake-format';
import { FirehoseError } from './errors.js';
import { operationName, readJsonBody, regionOf, sendError, sendJson } from './aws-json-protocol.js';
import { DeliveryStream } from './delivery-stream.js';
import { validateFaults, type FirehoseFaults } from './faults.js';
import { silentLogger, type Logger } from './logger.js';
import type { Operation, OperationContext } from './operation-context.js';
import { putRecord } from './operations/put-record.js';
import { putRecordBatch } from './operations/put-record-batch.js';
import { describeDeliveryStream } from './operations/describe-delivery-stream.js';
import { listDeliveryStreams } from './operations/list-delivery-streams.js';

const OPERATIONS: Readonly<Record<string, Operation>> = {
  PutRecord: putRecord,
  PutRecordBatch: putRecordBatch,
  DescribeDeliveryStream: describeDeliveryStream,
  ListDeliveryStreams: listDeliveryStreams,
};

export interface FirehoseLocalOptions {
  /** Bucket root: objects go under `<lakeDir>/events/dt=.../hour=.../`, state under `<lakeDir>/.firehose-local/`. */
  lakeDir: string;
  streamName?: string;
  bufferSizeMiB?: number;
  bufferIntervalSeconds?: number;
  faults?: FirehoseFaults;
  now?: () => Date;
  random?: () => number;
  logger?: Logger;
  /**
   * Sealed but undelivered data above which put calls get ServiceUnavailableException (Firehose's throttling
   * answer) until delivery catches up. Default: 4 buffers, at least 256 MiB.
   */
  maxBacklogMiB?: number;
  /**
   * zlib level for delivered objects. Default 1: on archive lines it is about twice as fast as zlib's default
   * 6 for objects about 10% larger, and a local stand-in should spend its CPU on acknowledging, not squeezing.
   */
  gzipLevel?: number;
}

export interface FirehoseLocal {
  readonly server: Server;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  setFaults(faults: FirehoseFaults): void;
  /** Delivers everything buffered now. */
  flush(): Promise<void>;
  /** Stops accepting calls, answers or drops the ones in flight, flushes every buffer and closes files. */
  close(): Promise<void>;
}

export class OptionError extends RangeError {}

function checkRange(name: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    throw new OptionError(`${name} must be between ${range.min} and ${range.max}, got ${value}`);
  }
  return value;
}

export async function createFirehoseLocal(options: FirehoseLocalOptions): Promise<FirehoseLocal> {
  const streamName = options.streamName ?? DEFAULT_DELIVERY_STREAM_NAME;
  const problem = deliveryStreamNameProblem(streamName);
  if (problem) throw new OptionError(`streamName ${problem}, got "${streamName}"`);
  const bufferSizeMiB = checkRange('bufferSizeMiB', options.bufferSizeMiB ?? BUFFER_SIZE_MIB.default, BUFFER_SIZE_MIB);
  const bufferIntervalSeconds = checkRange(
    'bufferIntervalSeconds',
    options.bufferIntervalSeconds ?? BUFFER_INTERVAL_SECONDS.default,
    BUFFER_INTERVAL_SECONDS,
  );
  const gzipLevel = checkRange('gzipLevel', options.gzipLevel ?? 1, { min: 1, max: 9 });
  const maxBacklogMiB = checkRange('maxBacklogMiB', options.maxBacklogMiB ?? Math.max(256, 4 * bufferSizeMiB), { min: 1, max: 1024 * 1024 });
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  let faults = validateFaults(options.faults ?? {});

  const stream = await DeliveryStream.open({
    lakeDir: resolve(options.lakeDir),
    streamName,
    bufferSizeMiB,
    bufferIntervalSeconds,
    gzipLevel,
    logger,
    maxBacklogBytes: maxBacklogMiB * 1024 * 1024,
  });

  // Record ids only need to be unique; a random per-process prefix and a counter avoid per-record randomness.
  const idPrefix = randomBytes(24).toString('hex');
  let idCounter = 0;
  const nextRecordId = () => idPrefix + (idCounter++).toString(16).padStart(12, '0');
  const createdAt = now();

  const inFlight = new Set<Promise<void>>();
  const hanging = new Set<ServerResponse>();
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') throw new FirehoseError('UnknownOperationException', `${req.method ?? ''} is not supported; POST an AWS JSON 1.1 request`);
      const name = operationName(req);
      const operation = OPERATIONS[name];
      if (!operation) throw new FirehoseError('UnknownOperationException', `Operation ${name} is not supported by firehose-local`);
      const input = await readJsonBody(req);
      const current = faults;
      if (current.latencyMs) await sleep(current.latencyMs);
      if (current.hang) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const ctx: OperationContext = {
        streamName, stream, faults: current, random, now, region: regionOf(req),
        bufferSizeMiB, bufferIntervalSeconds, createdAt, nextRecordId,
      };
      sendJson(res, 200, await operation(input, ctx));
    } catch (err) {
      if (req.destroyed && !req.complete) return; // the client went away mid-request: nobody to answer
      if (err instanceof FirehoseError) {
        sendError(res, err);
      } else {
        logger.error({ err }, 'request failed');
        sendError(res, new FirehoseError('InternalFailure', 'Internal failure'));
      }
    }
  }

  const server = createServer((req, res) => {
    if (closing) {
      res.setHeader('connection', 'close');
      sendError(res, new FirehoseError('ServiceUnavailableException', 'firehose-local is shutting down'));
      return;
    }
    const done = handle(req, res).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  server.keepAliveTimeout = 60_000; // the SDK keeps connections open between batches

  return {
    server,
    async listen(port = 0, host = '127.0.0.1') {
      server.listen(port, host);
      await once(server, 'listening'); // rejects on 'error', e.g. EADDRINUSE
      const bound = (server.address() as AddressInfo).port;
      return { port: bound, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
    },
    setFaults(next) {
      faults = validateFaults(next);
    },
    flush: () => stream.flush(),
    async close() {
      if (closing) return;
      closing = true;
      const closed = server.listening ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
      for (const res of hanging) res.destroy(); // never answered, so never acknowledged
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
      await stream.close();
      logger.info({ ...stream.stats }, 'firehose-local stopped; every buffer delivered');
    },
  };
}
