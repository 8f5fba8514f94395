import { describe, it, expect } from '@jest/globals';
import { formatLogLine } from '../src/index.js';

const at = new Date(2026, 0, 2, 3, 4, 5).getTime(); // local time, as the terminal shows it

describe('formatLogLine', () => {
  it('turns a stored event into status, type, id and duration', () => {
    const line = JSON.stringify({ level: 30, time: at, service: 'ingress', reqId: 'r1', method: 'POST', path: '/webhook/stripe', status: 200, eventId: 'evt_1', eventType: 'charge.succeeded', secretIndex: 0, durationMs: 4, msg: 'event stored' });
    expect(formatLogLine(line)).toBe('03:04:05  200  charge.succeeded  evt_1  4 ms');
  });

  it('shows a refusal by its status and code', () => {
    const line = JSON.stringify({ level: 40, time: at, service: 'ingress', reqId: 'r2', method: 'POST', path: '/webhook/stripe', status: 400, code: 'signature_mismatch', durationMs: 1, msg: 'request refused' });
    expect(formatLogLine(line)).toBe('03:04:05  400  signature_mismatch  POST /webhook/stripe  1 ms');
  });

  it('shows other lines with their source, a label for warnings and errors, and their fields', () => {
    expect(formatLogLine(JSON.stringify({ level: 30, time: at, pid: 1, hostname: 'h', name: 'firehose-local', records: 3, msg: 'delivered object' })))
      .toBe('03:04:05  firehose-local  delivered object  records=3');
    expect(formatLogLine(JSON.stringify({ level: 50, time: at, service: 'ingress', reqId: 'r3', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' }, msg: 'unexpected error' })))
      .toBe('03:04:05  ingress  ERROR  unexpected error  err=boom');
  });

  it('passes anything that is not a pino line through unchanged', () => {
    for (const line of ['plain text', '{"not":"pino"}', '[1,2]', '{broken']) expect(formatLogLine(line)).toBe(line);
  });
});
