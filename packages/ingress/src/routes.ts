// The route table and the one way a request finds its handler. Express is gone because its per-request setup
// cost a quarter of the ingress's CPU per event for four routes (docs/decisions/0006-ingress-on-node-http.md);
// paths still match as it matched them (case-insensitive, one trailing slash allowed, query string ignored), so
// /webhook/stripe/ and /WEBHOOK/stripe reach the webhook route with its log line and metrics; any other is a 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedError, NotFoundError } from './errors.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
export type Method = 'GET' | 'POST';

/** Path (lower case, no trailing slash) -> method -> handler. GET handlers serve HEAD too. */
export type RouteTable = ReadonlyMap<string, Partial<Record<Method, Handler>>>;

export interface Match {
  /** The route's path, or the URL's path when no route matched. */
  path: string;
  handler: Handler;
}

export function matchRoute(routes: RouteTable, method: string | undefined, url: string | undefined): Match {
  const path = routePath(url ?? '/');
  const methods = routes.get(path.toLowerCase());
  if (!methods) return { path, handler: notFound };
  const handler = methods[method === 'HEAD' ? 'GET' : method as Method];
  if (handler) return { path: path.toLowerCase(), handler };
  const allow = Object.keys(methods).join(', ');
  return { path: path.toLowerCase(), handler: () => { throw new MethodNotAllowedError(allow); } };
}

/** The URL's path without its query string and without one trailing slash. */
function routePath(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

const notFound: Handler = () => {
  throw new NotFoundError();
};
