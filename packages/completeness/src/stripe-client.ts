// The stripe-node client for the Events API. STRIPE_API_BASE (for example the fake server or stripe-mock
// on http://127.0.0.1:12111) becomes stripe-node's host/port/protocol settings, which is all it offers:
// it has no base-path option, so a base URL with a path is refused rather than silently ignored.
import Stripe from 'stripe';

export interface StripeClientOptions {
  readonly apiKey: string;
  readonly apiBase?: URL | undefined;
  /** stripe-node retries connection errors, 409s and 5xx this many times with exponential backoff. */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}

export interface StripeHostSettings {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

export const DEFAULT_MAX_NETWORK_RETRIES = 5;
export const DEFAULT_STRIPE_TIMEOUT_MS = 30_000;

export function createStripeClient(options: StripeClientOptions): Stripe {
  return new Stripe(options.apiKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'event-lake-completeness' },
    ...(options.apiBase ? stripeHostSettings(options.apiBase) : {}),
  });
}

/** Splits a base URL into stripe-node's settings; throws a message meant for the user otherwise. */
export function stripeHostSettings(base: URL): StripeHostSettings {
  const protocol = base.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') throw new Error(`must be an http:// or https:// URL, got protocol "${base.protocol}"`);
  if (base.pathname !== '/' && base.pathname !== '') throw new Error(`must not have a path (stripe-node has no base-path setting), got "${base.pathname}"`);
  if (base.username || base.password) throw new Error('must not carry credentials; the API key comes from STRIPE_API_KEY');
  if (base.search || base.hash) throw new Error('must not have a query or fragment');
  const port = base.port ? Number(base.port) : protocol === 'https' ? 443 : 80;
  // URL keeps IPv6 literals bracketed; Node's http wants the bare address.
  const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, protocol };
}
