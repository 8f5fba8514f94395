// Reads a request body into one Buffer with a hard limit. A Content-Length above the limit is refused
// before reading anything; a chunked body is cut off the moment it passes the limit. Every byte held is
// reserved from a shared ByteBudget and released when the caller is done with the body; a body that stalls
// or is still arriving after the budget's grace can be cut (408) when others need its bytes. A chunk that
// finds the budget full pauses the request while it waits (bounded) for room.
import type { IncomingMessage } from 'node:http';
import { HttpError, PayloadTooLargeError, ServiceUnavailableError, BadRequestError, RequestTimeoutError } from './errors.js';
import type { ByteBudget } from './byte-budget.js';

export interface BodyLease {
  bytes: Buffer;
  /** Returns the body's bytes to the budget; call once the request is answered. */
  release(): void;
}

/** Refuses a declared length above the limit without reading the body. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw new PayloadTooLargeError(limit);
}

export function readBody(req: IncomingMessage, limit: number, budget: ByteBudget): Promise<BodyLease> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  return new Promise<BodyLease>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let held = 0;
    let done = false;
    /** A chunk is waiting for room; 'end' may come meanwhile (the stream had nothing left to read). */
    let waiting = false;
    let ended = false;
    const hold = budget.hold(() => finish(new RequestTimeoutError('the body arrived too slowly while others needed its memory')));
    const finish = (error: HttpError | undefined) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off('close', onAborted);
      if (error) {
        hold.release();
        chunks.length = 0;
        // Stop reading: the connection is closed after the error answer (see the error middleware).
        req.pause();
        reject(error);
        return;
      }
      hold.arrived();
      const bytes = Buffer.concat(chunks, held);
      chunks.length = 0;
      resolve({ bytes, release: hold.release });
    };
    const overloaded = () => new ServiceUnavailableError('overloaded', 'too many request bytes in flight; retry later', 1);
    const onData = (chunk: Buffer) => {
      if (held + chunk.length > limit) return finish(new PayloadTooLargeError(limit));
      const reservation = hold.reserve(chunk.length, (admitted) => {
        waiting = false;
        if (!admitted) return finish(overloaded());
        held += chunk.length;
        chunks.push(chunk);
        if (ended) finish(undefined);
        else req.resume();
      }, held + chunk.length === declared);
      if (reservation === 'refused') return finish(overloaded());
      if (reservation === 'waiting') {
        waiting = true;
        req.pause();
        return;
      }
      held += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (waiting) ended = true;
      else finish(undefined);
    };
    const onError = () => finish(new BadRequestError('body_read_error', 'the request body could not be read'));
    const onAborted = () => finish(new BadRequestError('body_read_error', 'the client aborted the request'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on('close', onAborted); // a connection closed before 'end' (ignored once finished)
  });
}
