// Durable acknowledgement. Accepted records are appended to a segment file and fsynced before the call is
// answered; concurrent calls share one write and one fsync (group commit). A segment holds exactly the
// records of one future object: when the buffer is full or its interval is over the segment is sealed and
// handed to delivery, which deletes it only after the object is in the lake. The segment's uuid becomes the
// object's uuid, so after a crash an already delivered segment is recognised instead of delivered twice.
import { open, readdir, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { encodeFrame } from './wal-format.js';
import { fsyncDirectory } from './fs-durable.js';

export interface Segment {
  path: string;
  uuid: string;
  /** Record bytes it holds (0 when unknown: leftovers of a previous run). */
  bytes: number;
}

interface PendingAppend {
  kind: 'append';
  arrivalMs: number;
  records: readonly Buffer[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface PendingSeal {
  kind: 'seal';
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface WriteAheadLogOptions {
  dir: string;
  /** Largest object payload: a segment is sealed before a record would take it past this. */
  maxSegmentBytes: number;
  /** Called once per segment, when its first record has been written (starts the buffer interval). */
  onFirstRecord: () => void;
  /** Called with every sealed segment, in order. */
  onSealed: (segment: Segment) => void;
}

const SEGMENT_FILE = /^(\d{12})-([0-9a-f-]{36})\.wal$/;

/** Sealed segments left by a previous run, oldest first. */
export async function listSegments(dir: string): Promise<Segment[]> {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(dir)).filter((n) => SEGMENT_FILE.test(n)).sort();
  return names.map((name) => ({ path: join(dir, name), uuid: SEGMENT_FILE.exec(name)![2]!, bytes: 0 }));
}

export class WriteAheadLog {
  private readonly queue: Array<PendingAppend | PendingSeal> = [];
  private draining = false;
  private file: FileHandle | undefined;
  private segment: Segment | undefined;
  private segmentBytes = 0;
  private nextSeq: number;
  private closed = false;

  private constructor(
    private readonly options: WriteAheadLogOptions,
    firstSeq: number,
  ) {
    this.nextSeq = firstSeq;
  }

  /** Opens the log after `existing` (the leftovers of a previous run, which the caller delivers). */
  static create(options: WriteAheadLogOptions, existing: readonly Segment[]): WriteAheadLog {
    const last = existing.at(-1);
    const lastSeq = last ? Number(SEGMENT_FILE.exec(last.path.slice(options.dir.length + 1))![1]) : 0;
    return new WriteAheadLog(options, lastSeq + 1);
  }

  /** Resolves once the records are on disk. Zero-length records carry nothing and are not written. */
  append(arrivalMs: number, records: readonly Buffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    const nonEmpty = records.filter((r) => r.length > 0);
    if (nonEmpty.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'append', arrivalMs, records: nonEmpty, resolve, reject });
      void this.drain();
    });
  }

  /** Seals the open segment (if it has records) after everything appended before this call. */
  seal(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'seal', resolve, reject });
      void this.drain();
    });
  }

  /** Seals the open segment and refuses further appends. */
  async close(): Promise<void> {
    const sealed = this.seal();
    this.closed = true;
    await sealed;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const ops = this.queue.splice(0);
        let group: PendingAppend[] = [];
        for (const op of ops) {
          if (op.kind === 'append') {
            group.push(op);
            continue;
          }
          await this.writeGroup(group);
          group = [];
          try {
            await this.rotate();
            op.resolve();
          } catch (err) {
            op.reject(err);
          }
        }
        await this.writeGroup(group);
      }
    } finally {
      this.draining = false;
    }
  }

  /** One write + one fsync for every call in the group (two if the group fills a segment). */
  private async writeGroup(items: readonly PendingAppend[]): Promise<void> {
    if (items.length === 0) return;
    try {
      let buffers: Buffer[] = [];
      for (const item of items) {
        let chunk: Buffer[] = [];
        let chunkBytes = 0;
        for (const record of item.records) {
          const used = this.segmentBytes + chunkBytes;
          if (used > 0 && used + record.length > this.options.maxSegmentBytes) {
            if (chunk.length > 0) buffers.push(...this.frame(item.arrivalMs, chunk, chunkBytes));
            await this.writeAndSync(buffers);
            await this.rotate();
            buffers = [];
            chunk = [];
            chunkBytes = 0;
          }
          chunk.push(record);
          chunkBytes += record.length;
        }
        if (chunk.length > 0) buffers.push(...this.frame(item.arrivalMs, chunk, chunkBytes));
      }
      await this.writeAndSync(buffers);
      for (const item of items) item.resolve();
    } catch (err) {
      for (const item of items) item.reject(err);
      // A frame may be half written: start a new segment so no acknowledged frame ever follows a torn one.
      await this.rotate().catch(() => undefined);
    }
  }

  private frame(arrivalMs: number, records: Buffer[], bytes: number): Buffer[] {
    if (this.segmentBytes === 0) queueMicrotask(this.options.onFirstRecord);
    this.segmentBytes += bytes;
    return encodeFrame(arrivalMs, records, bytes);
  }

  private async writeAndSync(buffers: Buffer[]): Promise<void> {
    if (buffers.length === 0) return;
    const file = await this.openSegment();
    // writev takes at most IOV_MAX (1024) buffers per system call; Node loops over partial writes itself.
    for (let i = 0; i < buffers.length; i += 1024) await file.writev(buffers.slice(i, i + 1024));
    await file.datasync();
  }

  private async openSegment(): Promise<FileHandle> {
    if (this.file) return this.file;
    const uuid = randomUUID();
    const name = `${String(this.nextSeq++).padStart(12, '0')}-${uuid}.wal`;
    const path = join(this.options.dir, name);
    this.file = await open(path, 'wx');
    this.segment = { path, uuid, bytes: 0 };
    await fsyncDirectory(this.options.dir); // the new file's name must survive a crash too
    return this.file;
  }

  private async rotate(): Promise<void> {
    const { file, segment, segmentBytes } = this;
    this.file = undefined;
    this.segment = undefined;
    this.segmentBytes = 0;
    if (!file || !segment) return;
    await file.close();
    this.options.onSealed({ ...segment, bytes: segmentBytes });
  }
}
