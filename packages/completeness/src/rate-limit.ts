// Waiting out Stripe's 429s. stripe-node retries 5xx, 409 and connection errors (maxNetworkRetries) but
// not a plain 429 (stripe/stripe-node#1110: only when Stripe sends `Stripe-Should-Retry: true`), so the
// caller backs off itself: Retry-After when Stripe sends it, else exponential backoff with jitter.
import Stripe from 'stripe';

export interface RateLimitPolicy {
  /** Consecutive 429s (without progress in between) before giving up. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = {
  maxRetries: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function isRateLimited(err: unknown): err is Stripe.errors.StripeRateLimitError {
  return err instanceof Stripe.errors.StripeRateLimitError;
}

export function rateLimitDelayMs(err: Stripe.errors.StripeError, attempt: number, policy: RateLimitPolicy): number {
  const header = err.headers?.['retry-after'];
  if (header !== undefined && /^\d+(\.\d+)?$/.test(header)) return Math.min(Number(header) * 1000, policy.maxDelayMs);
  const exp = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return exp / 2 + (policy.random ?? Math.random)() * (exp / 2);
}

/** Runs `call`, waiting and trying again while it is rate limited, up to policy.maxRetries times. */
export async function retryOnRateLimit<T>(call: () => Promise<T>, policy: RateLimitPolicy, onWait?: () => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isRateLimited(err) || attempt > policy.maxRetries) throw err;
      onWait?.();
      await policy.sleep(rateLimitDelayMs(err, attempt, policy));
    }
  }
}
