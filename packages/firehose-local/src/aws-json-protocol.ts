// The AWS JSON 1.1 wire protocol as the SDKs speak it: POST with `X-Amz-Target: Firehose_20150804.<Op>`,
// a JSON body, JSON answers with `application/x-amz-json-1.1`, and errors as `{"__type", "message"}` plus
// the `x-amzn-ErrorType` header. SigV4 signatures are accepted without checking (any credentials work);
// only the region is read from the credential scope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { FirehoseError } from './errors.js';

export const TARGET_PREFIX = 'Firehose_20150804.';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** A full PutRecordBatch (4 MiB of data) is about 5.6 MB of base64 text; leave room for the JSON around it. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export function operationName(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new FirehoseError('UnknownOperationException', 'Missing or unknown X-Amz-Target header');
  }
  return target.slice(TARGET_PREFIX.length);
}

/** Region from `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/firehose/aws4_request, ...`. */
export function regionOf(req: IncomingMessage): string {
  const match = /Credential=[^/]*\/\d{8}\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? '');
  return match?.[1] ?? 'us-east-1';
}

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, size);
  // SDK bodies are ASCII (base64 data, ASCII names): latin1 decoding is then exact and much cheaper than UTF-8.
  const text = body.toString(isAscii(body) ? 'latin1' : 'utf8');
  let parsed: unknown;
  try {
    parsed = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new FirehoseError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FirehoseError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function tooLarge(): FirehoseError {
  return new FirehoseError('SerializationException', `Request body exceeds ${MAX_REQUEST_BYTES} bytes`);
}

export function sendJson(res: ServerResponse, status: number, body: object, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...extraHeaders,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: FirehoseError): void {
  sendJson(res, error.statusCode, error.toBody(), { 'x-amzn-errortype': error.type });
}
