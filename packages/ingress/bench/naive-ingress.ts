// The common pattern, for comparison only: express.raw + stripe.webhooks.constructEvent, then one
// PutRecord per request with the same archive line the real ingress writes.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Stripe from 'stripe';
import { PutRecordCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { summariseEvent, toArchiveLines, WEBHOOK_PATH } from '@event-lake/lake-format';

export async function startNaiveIngress(options: { client: FirehoseClient; streamName: string; secret: string }): Promise<{ url: string; server: Server }> {
  const app = express();
  app.post(WEBHOOK_PATH, express.raw({ type: 'application/json', limit: '4mb' }), async (req, res) => {
    const body = req.body as Buffer;
    const header = req.headers['stripe-signature'];
    try {
      Stripe.webhooks.constructEvent(body, header ?? '', options.secret);
    } catch {
      res.status(400).json({ error: 'bad signature' });
      return;
    }
    const text = body.toString('utf8');
    const lines = toArchiveLines({
      source: 'webhook', deliveryId: randomUUID(), receivedAt: new Date(), signature: String(header),
      body: text, event: summariseEvent(JSON.parse(text)),
    });
    try {
      for (const line of lines) {
        await options.client.send(new PutRecordCommand({ DeliveryStreamName: options.streamName, Record: { Data: Buffer.from(line) } }));
      }
      res.status(200).json({ received: true });
    } catch {
      res.status(503).json({ error: 'storage unavailable' });
    }
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`, server };
}
