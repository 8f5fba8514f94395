// Test support: a local stand-in for Stripe's CLI-session backend, the part of Stripe that `stripe listen`
// talks to, so the real CLI binary can be driven end to end without a Stripe account or network.
// Derived from the CLI's own source (stripe/stripe-cli, branch v2, which 1.52.0 is built from):
// - pkg/stripeauth/client.go: `POST /v1/stripecli/sessions`, form-encoded (`device_name`,
//   `websocket_features[]`, `forward_to_url`, …), `Authorization: Bearer <key>`; a 200 returns a
//   StripeCLISession (messages.go) and a 4xx ends the CLI at once, anything else is retried 5 times, 1 s apart.
//   `--print-secret` (pkg/proxy/proxy.go GetSessionSecret) creates one session and prints its `secret`.
// - pkg/websocket/client.go: the CLI dials `websocket_url` (turned from wss:// into ws:// by `--no-wss`) with
//   `?websocket_feature=<websocket_authorized_feature>`, a `Websocket-Id` header and the subprotocol
//   `stripecli-devproxy-v1`; it answers pings and reconnects every `reconnect_delay` seconds.
// - pkg/websocket/webhook_messages.go, messages.go: the backend pushes `webhook_event` (`event_payload`,
//   `http_headers`, `endpoint.api_version` null for the account's default version, which the CLI forwards
//   unless --latest) and `v2_event` (`payload`, `http_headers`, `destination_id`); the CLI answers
//   `event_ack`, then `webhook_response` (`status`, `forward_url`, `notification_id` = the event id).
// - pkg/proxy: the CLI POSTs the payload bytes with `http_headers` as they are, so the stand-in signs each
//   payload with the session secret as Stripe does. Snapshot events with `account` go to the Connect route,
//   thin events with a `context` to the thin Connect route; both default to --forward-to.
// Assumption (Stripe's backend is not public): a socket receives only the messages of the feature its
// session asked for (`webhooks` → webhook_event, `v2_events` → v2_event), and one secret serves every
// session of an account, as `stripe listen --print-secret` documents.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { SAMPLE_API_VERSION } from '@event-lake/stripe-samples';
import { stripeSignatureHeader } from '@event-lake/ingress/stripe-signature';

const SUBPROTOCOL = 'stripecli-devproxy-v1';

export interface SessionRequest {
  deviceName: string | null;
  features: string[];
  forwardToUrl: string | null;
}

export interface ForwardResponse {
  eventId: string;
  status: number;
  forwardUrl: string;
}

export interface StripeCliBackend {
  /** `http://127.0.0.1:<port>`: the CLI's `--api-base`. */
  url: string;
  apiKey: string;
  /** The signing secret of every session (what `--print-secret` prints). */
  secret: string;
  sessions: SessionRequest[];
  /** Resolves once `count` sockets of `feature` (`webhooks` | `v2_events`) are open. */
  connected(feature: string, count?: number): Promise<void>;
  /** Pushes an event (its exact bytes) to every socket of its kind, signed with the session secret. */
  push(kind: 'snapshot' | 'thin', body: string): number;
  /** Resolves with the CLI's `webhook_response` for the event id. */
  response(eventId: string): Promise<ForwardResponse>;
  close(): Promise<void>;
}

interface Socket {
  ws: WebSocket;
  features: string[];
}

export interface BackendOptions {
  apiKey?: string;
  /** After this many sessions, answer every new one 500, as a failing Stripe would. */
  failSessionsAfter?: number;
}

export async function startStripeCliBackend(options: BackendOptions = {}): Promise<StripeCliBackend> {
  const apiKey = options.apiKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const secret = `whsec_${randomBytes(24).toString('hex')}`;
  const sessions: SessionRequest[] = [];
  const featuresById = new Map<string, string[]>();
  const sockets = new Set<Socket>();
  const responses = new Map<string, ForwardResponse>();
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  let pushed = 0;

  const server = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false) });
  server.on('upgrade', (req, socket, head) => {
    const id = req.headers['websocket-id'];
    const features = typeof id === 'string' ? featuresById.get(id) : undefined;
    const asked = new URL(req.url ?? '/', 'http://x').searchParams.get('websocket_feature');
    if (!features || asked !== features.join(',')) {
      // What the CLI reads as an expired session (pkg/websocket/client.go ErrUnknownID).
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{"error":{"message":"Unknown WebSocket ID."}}');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const entry = { ws, features };
      sockets.add(entry);
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString('utf8')) as { type?: string; notification_id?: string; status?: number; forward_url?: string };
        if (msg.type === 'webhook_response' && msg.notification_id) {
          responses.set(msg.notification_id, { eventId: msg.notification_id, status: msg.status ?? 0, forwardUrl: msg.forward_url ?? '' });
          notify();
        }
      });
      ws.on('close', () => {
        sockets.delete(entry);
        notify();
      });
      notify();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v1/stripecli/sessions') return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } });
    }
    if (options.failSessionsAfter !== undefined && sessions.length >= options.failSessionsAfter) {
      return send(500, { error: { type: 'api_error', message: 'An unknown error occurred (stand-in outage).' } });
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const features = form.getAll('websocket_features[]');
    sessions.push({ deviceName: form.get('device_name'), features, forwardToUrl: form.get('forward_to_url') });
    const websocketId = `cliws_${randomBytes(8).toString('hex')}`;
    featuresById.set(websocketId, features);
    const { port } = server.address() as AddressInfo;
    send(200, {
      websocket_id: websocketId,
      websocket_url: `wss://127.0.0.1:${port}/subscribe/acct_standin`,
      websocket_authorized_feature: features.join(','),
      secret,
      reconnect_delay: 600,
      display_connect_filter_warning: false,
      default_version: SAMPLE_API_VERSION,
      latest_version: SAMPLE_API_VERSION,
      device_token: `tok_${randomBytes(8).toString('hex')}`,
    });
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    secret,
    sessions,
    connected: (feature, count = 1) => until(() => [...sockets].filter((s) => s.features.includes(feature)).length >= count),
    push(kind, body) {
      pushed += 1;
      const headers = {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'Stripe-Signature': stripeSignatureHeader(body, secret),
      };
      const message =
        kind === 'snapshot'
          ? { type: 'webhook_event', webhook_id: `we_${pushed}`, webhook_conversation_id: `wc_${pushed}`, event_payload: body, http_headers: headers, endpoint: { api_version: null } }
          : { type: 'v2_event', payload: body, http_headers: headers, destination_id: 'ed_standin' };
      const feature = kind === 'snapshot' ? 'webhooks' : 'v2_events';
      const targets = [...sockets].filter((s) => s.features.includes(feature));
      for (const s of targets) s.ws.send(JSON.stringify(message));
      return targets.length;
    },
    async response(eventId) {
      await until(() => responses.has(eventId));
      return responses.get(eventId)!;
    },
    async close() {
      for (const s of sockets) s.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      notify();
    },
  };
}
