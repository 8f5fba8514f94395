import { describe, it, expect } from '@jest/globals';
import * as zlib from 'node:zlib';
import { crc32Fallback, decodeSegment, encodeFrame } from '../src/wal-format.js';

describe('write-ahead log frames', () => {
  it('round-trips frames and reports the first arrival time and record count', () => {
    const a = [Buffer.from('one\n'), Buffer.from('two\n')];
    const b = [Buffer.from('three\n')];
    const bytes = Buffer.concat([...encodeFrame(1000, a, 8), ...encodeFrame(2000, b, 6)]);
    const decoded = decodeSegment(bytes);
    expect(decoded).toMatchObject({ firstArrivalMs: 1000, records: 3, tornBytes: 0 });
    expect(Buffer.concat(decoded.payloads).toString()).toBe('one\ntwo\nthree\n');
  });

  it('writes adjacent views of one buffer as a single piece', () => {
    const call = Buffer.from('aaabbbccc');
    const pieces = encodeFrame(0, [call.subarray(0, 3), call.subarray(3, 6), call.subarray(6, 9)], 9);
    expect(pieces).toHaveLength(2); // header + one piece
    expect(pieces[1]!.toString()).toBe('aaabbbccc');
  });

  it('stops at a frame whose payload was corrupted, and only when verifying', () => {
    const bytes = Buffer.concat([...encodeFrame(1, [Buffer.from('good\n')], 5), ...encodeFrame(2, [Buffer.from('evil\n')], 5)]);
    bytes[bytes.length - 2] = 0x21;
    expect(Buffer.concat(decodeSegment(bytes).payloads).toString()).toBe('good\n');
    expect(decodeSegment(bytes).tornBytes).toBe(24 + 5);
    expect(decodeSegment(bytes, { verify: false }).payloads).toHaveLength(2);
  });

  it('the CRC-32 fallback for Node without zlib.crc32 agrees with zlib', () => {
    const data = Buffer.from('{"id":"evt_1","object":"event"}\n'.repeat(100));
    expect(crc32Fallback(data)).toBe(2126875760); // zlib.crc32 of the same bytes on Node 20.20
    const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
    if (native) expect(crc32Fallback(data)).toBe(native(data));
    expect(crc32Fallback(data.subarray(10), crc32Fallback(data.subarray(0, 10)))).toBe(crc32Fallback(data));
  });
});
