// Stripe-shaped error answers of the fake (an HTTP status and the `{ error: { … } }` body Stripe sends),
// and the query parameters v1 and v2 lists share.

export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'authentication_error';
  message: string;
  code?: string;
  param?: string;
}

export class FakeHttpError extends Error {
  constructor(readonly status: number, readonly body: StripeErrorBody) {
    super(body.message);
  }
}

export function badRequest(message: string, param?: string): FakeHttpError {
  return new FakeHttpError(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}) });
}

export function notFound(id: string): FakeHttpError {
  return new FakeHttpError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such event: '${id}'` });
}

/** `limit`: an integer from 1 to `max`, or `fallback` when absent. */
export function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) throw badRequest(`Invalid integer: ${raw}; limit must be between 1 and ${max}.`, 'limit');
  return n;
}

/** The `created[op]` range filters and what each means. */
export const RANGE_OPS: readonly (readonly [string, (a: number, b: number) => boolean])[] = [
  ['gt', (a, b) => a > b], ['gte', (a, b) => a >= b], ['lt', (a, b) => a < b], ['lte', (a, b) => a <= b],
];

/** `types[0]=…&types[1]=…` (stripe-node's encoding) or repeated `types=…`; at most `max`. */
export function parseTypes(q: URLSearchParams, max: number): string[] {
  const types = [...q.entries()].filter(([k]) => /^types(\[\d*\])?$/.test(k)).map(([, v]) => v);
  if (types.length > max) throw badRequest(`types may contain at most ${max} event types.`, 'types');
  return types;
}
