// Sends many signed events over keep-alive connections, `concurrency` at a time, and reports each answer.
import { Agent, request } from 'node:http';
import { SECRET_A, signatureHeader, snapshotEventBody } from './stripe-signer.js';

export interface Sent {
  id: string;
  body: string;
  status: number;
  code: string | undefined;
}

export async function postEvents(
  webhookUrl: string,
  count: number,
  concurrency: number,
  options: { secret?: string; size?: number; onAnswer?: (sent: Sent, index: number) => void } = {},
): Promise<Sent[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const results: Sent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const body = snapshotEventBody({}, options.size ?? 3000);
      const id = (JSON.parse(body) as { id: string }).id;
      const header = signatureHeader(body, options.secret ?? SECRET_A, Math.floor(Date.now() / 1000));
      const answer = await post(agent, webhookUrl, body, header);
      const sent = { id, body, ...answer };
      results.push(sent);
      options.onAnswer?.(sent, index);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return results;
}

function post(agent: Agent, url: string, body: string, signature: string): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let code: string | undefined;
        try { code = (JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code?: string } }).error?.code; } catch { code = undefined; }
        resolve({ status: res.statusCode ?? 0, code });
      });
      res.on('error', () => resolve({ status: 0, code: 'response_error' }));
    });
    // A connection that dies (the ingress was killed) is an answer too: not a 200, so not a promise to keep.
    req.on('error', () => resolve({ status: 0, code: 'connection_error' }));
    req.end(body);
  });
}
