// On-disk framing of the write-ahead log. One frame per accepted call (or per part of a call when a call
// straddles two objects): a fixed header, then the call's record bytes concatenated exactly as Firehose
// concatenates them into the object. The CRC lets recovery tell a complete frame from a torn tail.
import * as zlib from 'node:zlib';

// zlib.crc32 is native from Node 20.15 / 22.2; the root package allows Node 20.11, so keep a table fallback.
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
export function crc32Fallback(data: Uint8Array, value = 0): number {
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
const crc32 = (zlib as { crc32?: typeof crc32Fallback }).crc32 ?? crc32Fallback;

const MAGIC = 0x46484c31; // "FHL1"
export const FRAME_HEADER_BYTES = 24; // magic u32, record count u32, arrival ms f64, payload bytes u32, crc32 u32

/**
 * The buffers to write for one frame: a header followed by the records themselves (no copy). Records that
 * are adjacent views of one buffer (a decoded call) are written, and checksummed, as one piece.
 */
export function encodeFrame(arrivalMs: number, records: readonly Buffer[], payloadBytes: number): Buffer[] {
  const pieces = coalesce(records);
  let crc = 0;
  for (const piece of pieces) crc = crc32(piece, crc);
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(MAGIC, 0);
  header.writeUInt32BE(records.length, 4);
  header.writeDoubleBE(arrivalMs, 8);
  header.writeUInt32BE(payloadBytes, 16);
  header.writeUInt32BE(crc, 20);
  return [header, ...pieces];
}

function coalesce(records: readonly Buffer[]): Buffer[] {
  const pieces: Buffer[] = [];
  let first = records[0];
  let end = first ? first.byteOffset + first.length : 0;
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (r.buffer === first!.buffer && r.byteOffset === end) {
      end += r.length;
      continue;
    }
    pieces.push(Buffer.from(first!.buffer, first!.byteOffset, end - first!.byteOffset));
    first = r;
    end = r.byteOffset + r.length;
  }
  if (first) pieces.push(Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset));
  return pieces;
}

export interface DecodedSegment {
  /** Arrival time of the oldest record (the first frame), or undefined for a segment with no complete frame. */
  firstArrivalMs: number | undefined;
  records: number;
  payloads: Buffer[];
  /** Bytes after the last complete frame: a write that was cut short and therefore never acknowledged. */
  tornBytes: number;
}

/**
 * Reads every complete frame; stops at the first incomplete or corrupt one (nothing after it was acknowledged).
 * `verify: false` skips the CRCs, for segments this process has just written and fsynced itself.
 */
export function decodeSegment(bytes: Buffer, { verify = true }: { verify?: boolean } = {}): DecodedSegment {
  const payloads: Buffer[] = [];
  let firstArrivalMs: number | undefined;
  let records = 0;
  let offset = 0;
  while (bytes.length - offset >= FRAME_HEADER_BYTES) {
    if (bytes.readUInt32BE(offset) !== MAGIC) break;
    const count = bytes.readUInt32BE(offset + 4);
    const arrivalMs = bytes.readDoubleBE(offset + 8);
    const length = bytes.readUInt32BE(offset + 16);
    const crc = bytes.readUInt32BE(offset + 20);
    const start = offset + FRAME_HEADER_BYTES;
    if (bytes.length - start < length) break;
    const payload = bytes.subarray(start, start + length);
    if (verify && crc32(payload) !== crc) break;
    firstArrivalMs ??= arrivalMs;
    records += count;
    payloads.push(payload);
    offset = start + length;
  }
  return { firstArrivalMs, records, payloads, tornBytes: bytes.length - offset };
}
