// The closed set of errors the ingress answers with. Each has an HTTP status and a stable machine-readable
// code; the error middleware turns them into `{ "error": { "code", "message" } }`. Messages never carry
// secrets, bodies or internals.

export { PERMANENT_REFUSAL_CODES } from '@event-lake/lake-format';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Seconds for a Retry-After header (503 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is not a verifiable Stripe event. Stripe will retry, which is right for a bad secret. */
export class BadRequestError extends HttpError {
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, 'payload_too_large', `body exceeds the limit of ${limit} bytes`);
  }
}

/** 408: the body did not arrive in time (cut to free memory others needed); Stripe retries. */
export class RequestTimeoutError extends HttpError {
  constructor(message: string) {
    super(408, 'body_timeout', message);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported_media_type', 'Content-Type must be application/json (UTF-8)');
  }
}

export class NotFoundError extends HttpError {
  constructor() {
    super(404, 'not_found', 'no such route');
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(readonly allow: string) {
    super(405, 'method_not_allowed', `use ${allow}`);
  }
}

export type UnavailableCode = 'storage_unavailable' | 'storage_timeout' | 'overloaded' | 'shutting_down';

/** 503: not stored (or not accepted); Stripe retries later. */
export class ServiceUnavailableError extends HttpError {
  constructor(code: UnavailableCode, message: string, retryAfterSeconds = 5) {
    super(503, code, message, retryAfterSeconds);
  }
}
