// A raw HTTP client for tests: sends exactly the bytes, headers and chunking a case asks for
// (supertest would fix up Content-Length and Content-Type for us).
import { request } from 'node:http';

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body as chunked transfer encoding in these pieces instead of with a Content-Length. */
  chunks?: Buffer[];
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { error?: { code: string; message: string }; [key: string]: unknown } | undefined;
}

export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path ?? '/webhook/stripe', baseUrl);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = { ...req.headers };
  if (body && !req.chunks && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const r = request(url, { method: req.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawResponse['json'];
        try { json = JSON.parse(text) as RawResponse['json']; } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent (413, 415): that is not a failure.
    r.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (req.chunks) {
      for (const c of req.chunks) r.write(c);
      r.end();
    } else {
      r.end(body);
    }
  });
}

export const jsonHeaders = (signature?: string): Record<string, string> => ({
  'content-type': 'application/json; charset=utf-8',
  ...(signature === undefined ? {} : { 'stripe-signature': signature }),
});
