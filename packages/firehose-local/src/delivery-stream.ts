// One delivery stream: durable intake through the write-ahead log, buffering by size and interval with
// Firehose's meaning (an object is delivered when its buffer reaches the size hint or when the interval
// has passed since its first record, whichever comes first), and sequential delivery of sealed segments.
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { WriteAheadLog, listSegments, type Segment } from './write-ahead-log.js';
import { deliverSegment } from './object-delivery.js';
import type { Logger } from './logger.js';
import { lockStateDir, type StateLock } from './state-lock.js';

/** Objects delivered at the same time. */
const DELIVERY_CONCURRENCY = 2;

export interface DeliveryStreamOptions {
  lakeDir: string;
  streamName: string;
  bufferSizeMiB: number;
  bufferIntervalSeconds: number;
  gzipLevel: number;
  logger: Logger;
  /** Wait before retrying a delivery that failed (disk full, permissions). */
  retryDelayMs?: number;
  /** Sealed but undelivered bytes above which calls are throttled (see `overloaded`). */
  maxBacklogBytes: number;
}

export class DeliveryStream {
  private readonly pending: Segment[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly durableDirs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private wal!: WriteAheadLog;
  private closed = false;
  private backlogBytes = 0;
  /** Running totals since start, for logs and tests. */
  readonly stats = { objects: 0, records: 0, bytes: 0 };

  private constructor(
    private readonly options: DeliveryStreamOptions,
    private readonly tmpDir: string,
    private readonly lock: StateLock,
  ) {}

  /** Opens the stream's state under `<lakeDir>/.firehose-local/<stream>/` and delivers what a previous run left. */
  static async open(options: DeliveryStreamOptions): Promise<DeliveryStream> {
    const stateDir = join(options.lakeDir, '.firehose-local', options.streamName);
    const walDir = join(stateDir, 'wal');
    const tmpDir = join(stateDir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const lock = await lockStateDir(stateDir);
    try {
      for (const name of await readdir(tmpDir)) await unlink(join(tmpDir, name)); // objects never renamed into place
      const stream = new DeliveryStream(options, tmpDir, lock);
      const leftovers = await listSegments(walDir);
      stream.wal = WriteAheadLog.create(
        {
          dir: walDir,
          maxSegmentBytes: options.bufferSizeMiB * 1024 * 1024,
          onFirstRecord: () => stream.startInterval(),
          onSealed: (segment) => stream.enqueue(segment),
        },
        leftovers,
      );
      if (leftovers.length > 0) {
        options.logger.info({ segments: leftovers.length }, 'delivering records left in the write-ahead log by a previous run');
        for (const segment of leftovers) stream.enqueue(segment);
        await stream.idle();
      }
      return stream;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /**
   * True while delivery lags too far behind (a full or failing disk): like Firehose under throttling, calls
   * are then refused with ServiceUnavailableException instead of letting the write-ahead log grow unbounded.
   */
  get overloaded(): boolean {
    return this.backlogBytes >= this.options.maxBacklogBytes;
  }

  /** Resolves when the records are durable (the acknowledgement point). */
  put(arrival: Date, records: readonly Buffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('delivery stream is closed'));
    return this.wal.append(arrival.getTime(), records);
  }

  /** Delivers everything buffered so far. */
  async flush(): Promise<void> {
    this.clearInterval();
    await this.wal.seal();
    await this.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearInterval();
    await this.wal.close();
    await this.idle();
    await this.lock.release();
  }

  private startInterval(): void {
    this.clearInterval();
    const ms = this.options.bufferIntervalSeconds * 1000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wal.seal().catch((err: unknown) => this.options.logger.error({ err }, 'sealing the buffer failed'));
    }, ms);
  }

  private clearInterval(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private enqueue(segment: Segment): void {
    this.clearInterval();
    this.pending.push(segment);
    this.backlogBytes += segment.bytes;
    this.pump();
  }

  /** Starts deliveries up to DELIVERY_CONCURRENCY: one gzips while another waits for its fsyncs. */
  private pump(): void {
    while (this.running.size < DELIVERY_CONCURRENCY && this.pending.length > 0) {
      const segment = this.pending.shift()!;
      const run: Promise<void> = this.deliver(segment).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      run.catch(() => undefined); // the error reaches whoever awaits idle() (close); never an unhandled rejection
      this.running.add(run);
    }
  }

  /** Resolves when no sealed segment waits for delivery; rejects if one failed while closing. */
  private async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async deliver(segment: Segment): Promise<void> {
    for (;;) {
      try {
        const object = await deliverSegment(segment, { ...this.options, tmpDir: this.tmpDir, durableDirs: this.durableDirs });
        this.backlogBytes -= segment.bytes;
        if (object) {
          this.stats.objects += 1;
          this.stats.records += object.records;
          this.stats.bytes += object.bytes;
          this.options.logger.info({ key: object.key, records: object.records, bytes: object.bytes }, 'delivered object');
        }
        return;
      } catch (err) {
        // The segment stays on disk: retried now, or delivered by the next start if this one is stopping.
        this.options.logger.error({ err, segment: segment.path }, 'delivery failed; retrying');
        if (this.closed) throw err;
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 1000));
      }
    }
  }
}
