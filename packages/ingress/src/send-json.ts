// JSON answers written with node:http directly (both the Express routes' errors and the webhook's fast
// path use them): what res.json sends, without re-encoding the body into a Buffer, so Node writes the
// header and a string body in one piece.
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
