// Benchmark payloads: archive lines of a fixed size whose body is a pretty-printed, Stripe-like event with
// random ids and amounts, escaped as a JSON string, so gzip sees data like the real lake's (not endlessly
// repeated bytes, not incompressible noise).
import { randomBytes, randomInt } from 'node:crypto';

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

function eventBody(bytes: number): string {
  const lines = ['{', `  "id": "${id('evt')}",`, '  "object": "event",', '  "api_version": "2024-06-20",', `  "created": ${1_700_000_000 + randomInt(1e8)},`, '  "data": {', '    "object": {'];
  let size = lines.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const field = [
      `      "id": "${id('pi')}",`,
      `      "amount": ${randomInt(1e6)},`,
      `      "currency": "${['usd', 'eur', 'gbp'][i % 3]}",`,
      `      "customer": "${id('cus')}",`,
      `      "description": "Order #${randomInt(1e9)} for account ${randomBytes(4).toString('hex')}",`,
      `      "metadata": { "order_id": "${randomInt(1e9)}", "sku": "SKU-${randomInt(1e5)}" },`,
    ][i % 6]!;
    lines.push(field);
    size += field.length + 1;
  }
  lines.push('    }', '  },', '  "livemode": false,', '  "type": "payment_intent.succeeded"', '}');
  return lines.join('\n');
}

export function makeRecord(bytes: number): Buffer {
  const head = JSON.stringify({ schema_version: 1, id: id('evt'), type: 'payment_intent.succeeded', received_at: new Date().toISOString() });
  const line = `${head.slice(0, -1)},"body":${JSON.stringify(eventBody(bytes))}`;
  return Buffer.from(`${line.slice(0, bytes - 3)}"}\n`);
}
