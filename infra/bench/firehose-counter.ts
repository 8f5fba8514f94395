// A pass-through proxy in front of firehose-local that counts what a process it cannot instrument (the
// deployed bundle) sends to Firehose: calls, records, record bytes and the 5 KB units Firehose bills.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { billedUnits } from '@event-lake/lake-format';

export interface FirehoseCount {
  calls: number;
  records: number;
  bytes: number;
  units: number;
}

export interface FirehoseCounter {
  readonly url: string;
  readonly count: Readonly<FirehoseCount>;
  close(): Promise<void>;
}

export async function startFirehoseCounter(target: string): Promise<FirehoseCounter> {
  const count: FirehoseCount = { calls: 0, records: 0, bytes: 0, units: 0 };
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = String(req.headers['x-amz-target'] ?? '').split('.').pop();
      if (op === 'PutRecordBatch' || op === 'PutRecord') {
        const input = JSON.parse(body.toString('utf8')) as { Records?: Array<{ Data: string }>; Record?: { Data: string } };
        const records = input.Records ?? (input.Record ? [input.Record] : []);
        count.calls += 1;
        count.records += records.length;
        for (const r of records) {
          const bytes = Buffer.byteLength(r.Data, 'base64');
          count.bytes += bytes;
          count.units += billedUnits(bytes);
        }
      }
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
