// Bad and hostile requests with the answer each must get. Shared by the route tests (fake storage) and
// the integration tests (the real ingress process and firehose-local); docs/reliability.md lists them.
import { jsonHeaders, type RawRequest } from './http-client.js';
import { SECRET_A, SECRET_OTHER, signatureHeader, snapshotEventBody, thinEventBody, v1Signature } from '@event-lake/test-kit';

export interface HostileCase {
  name: string;
  status: number;
  code: string;
  request: RawRequest;
}

/** `nowS`: the server's clock in unix seconds; `limit`: its body limit in bytes. */
export function hostileRequests(nowS: number, limit: number, secret = SECRET_A): HostileCase[] {
  const event = snapshotEventBody();
  const signed = (body: string | Buffer, t = nowS, key = secret) => jsonHeaders(signatureHeader(body, key, t));
  const bad = (name: string, status: number, code: string, request: RawRequest): HostileCase => ({ name, status, code, request });
  const signedBody = (name: string, code: string, body: string | Buffer) => bad(name, 400, code, { headers: signed(body), body });
  const sig = v1Signature(event, secret, nowS);
  const oversized = Buffer.alloc(limit + 1, 0x20);

  return [
    bad('no Stripe-Signature header', 400, 'missing_signature', { headers: jsonHeaders(), body: event }),
    bad('empty Stripe-Signature header', 400, 'missing_signature', { headers: jsonHeaders(''), body: event }),
    bad('header that is not key=value pairs', 400, 'malformed_signature', { headers: jsonHeaders('garbage'), body: event }),
    bad('non-numeric timestamp', 400, 'malformed_signature', { headers: jsonHeaders(`t=yesterday,v1=${sig}`), body: event }),
    bad('two timestamps', 400, 'malformed_signature', { headers: jsonHeaders(`t=${nowS},t=${nowS + 1},v1=${sig}`), body: event }),
    bad('header longer than 4096 characters', 400, 'malformed_signature', { headers: jsonHeaders(`t=${nowS},v1=${sig}`.padEnd(5000, ',')), body: event }),
    bad('timestamp but no v1', 400, 'no_v1_signature', { headers: jsonHeaders(`t=${nowS}`), body: event }),
    bad('only a v0 signature (test-mode legacy)', 400, 'no_v1_signature', { headers: jsonHeaders(`t=${nowS},v0=${sig}`), body: event }),
    bad('signed with an unknown secret', 400, 'signature_mismatch', { headers: signed(event, nowS, SECRET_OTHER), body: event }),
    bad('body changed after signing', 400, 'signature_mismatch', { headers: signed(event), body: event.replace('"amount": 2000', '"amount": 1') }),
    bad('whitespace added after signing', 400, 'signature_mismatch', { headers: signed(event), body: `${event}\n` }),
    bad('timestamp changed after signing', 400, 'signature_mismatch', { headers: jsonHeaders(`t=${nowS + 1},v1=${sig}`), body: event }),
    bad('v1 that is not hex', 400, 'signature_mismatch', { headers: jsonHeaders(`t=${nowS},v1=${'z'.repeat(64)}`), body: event }),
    bad('signature replayed with the secret name instead of an HMAC', 400, 'signature_mismatch', { headers: jsonHeaders(`t=${nowS},v1=${secret}`), body: event }),
    bad('validly signed, timestamp 330 s old (replay)', 400, 'timestamp_too_old', { headers: signed(event, nowS - 330), body: event }),
    bad('validly signed, timestamp 330 s in the future', 400, 'timestamp_in_future', { headers: signed(event, nowS + 330), body: event }),
    signedBody('validly signed empty body', 'empty_body', ''),
    signedBody('validly signed invalid UTF-8', 'invalid_utf8', Buffer.concat([Buffer.from(event.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(event.slice(20))])),
    signedBody('validly signed overlong UTF-8 encoding', 'invalid_utf8', Buffer.from([0x7b, 0xc0, 0xaf, 0x7d])),
    signedBody('validly signed lone surrogate (CESU-8)', 'invalid_utf8', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])),
    signedBody('validly signed text that is not JSON', 'invalid_json', '{"id": "evt_1", oops'),
    signedBody('validly signed JSON with a byte-order mark', 'invalid_json', `\ufeff${event}`),
    signedBody('validly signed JSON array', 'not_a_stripe_event', `[${event}]`),
    signedBody('validly signed JSON null', 'not_a_stripe_event', 'null'),
    signedBody('validly signed object that is not an event', 'not_a_stripe_event', snapshotEventBody({ object: 'charge' })),
    signedBody('validly signed event without id', 'not_a_stripe_event', snapshotEventBody({ id: undefined })),
    signedBody('validly signed event with hostile id', 'not_a_stripe_event', snapshotEventBody({ id: '../../etc/passwd' })),
    signedBody('validly signed event with livemode as string', 'not_a_stripe_event', snapshotEventBody({ livemode: 'false' })),
    signedBody('validly signed snapshot event without data', 'not_a_stripe_event', snapshotEventBody({ data: undefined })),
    signedBody('validly signed thin event with bad created', 'not_a_stripe_event', thinEventBody({ created: 'last tuesday' })),
    signedBody('validly signed event created 9e15 s after the epoch', 'not_a_stripe_event', snapshotEventBody({ created: 9e15 })),
    signedBody('validly signed deeply nested JSON (20,000 levels)', 'not_a_stripe_event', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
    bad('Content-Type text/plain', 415, 'unsupported_media_type', { headers: { ...signed(event), 'content-type': 'text/plain' }, body: event }),
    bad('no Content-Type', 415, 'unsupported_media_type', { headers: { 'stripe-signature': signatureHeader(event, secret, nowS) }, body: event }),
    bad('Content-Type with charset latin1', 415, 'unsupported_media_type', { headers: { ...signed(event), 'content-type': 'application/json; charset=iso-8859-1' }, body: event }),
    bad('form-encoded body', 415, 'unsupported_media_type', { headers: { ...signed(event), 'content-type': 'application/x-www-form-urlencoded' }, body: event }),
    bad('Content-Length above the body limit', 413, 'payload_too_large', { headers: signed(oversized), body: oversized }),
    bad('chunked body growing past the body limit', 413, 'payload_too_large', {
      headers: signed(oversized),
      chunks: Array.from({ length: Math.ceil(oversized.length / 16384) }, (_, i) => oversized.subarray(i * 16384, (i + 1) * 16384)),
    }),
    bad('GET on the webhook path', 405, 'method_not_allowed', { method: 'GET', headers: {} }),
    bad('PUT on the webhook path', 405, 'method_not_allowed', { method: 'PUT', headers: signed(event), body: event }),
    bad('POST to an unknown path', 404, 'not_found', { path: '/webhook/stripe-v2', headers: signed(event), body: event }),
  ];
}
