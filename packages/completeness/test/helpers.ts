// Shared test set-up: the fake Events API on port 0 and a stripe-node client pointed at it.
import type Stripe from 'stripe';
import { createStripeClient } from '../src/stripe-client.js';
import { createStripeEventsApiFake, type FakeStoredEvent, type StripeEventsApiFake } from '@event-lake/stripe-events-api-fake';
import type { RateLimitPolicy } from '../src/rate-limit.js';

export const API_KEY = 'rk_test_completeness0000';

export interface RunningFake {
  fake: StripeEventsApiFake;
  url: string;
  stripe: Stripe;
}

/** A live-mode key, as the deployed daily audit requires (the fake accepts whichever key it is given). */
export const LIVE_API_KEY = 'rk_live_completeness0000';

export async function startFake(events: readonly FakeStoredEvent[] = [], apiKey = API_KEY): Promise<RunningFake> {
  const fake = createStripeEventsApiFake({ events, apiKey });
  const { url } = await fake.listen(0);
  return { fake, url, stripe: createStripeClient({ apiKey, apiBase: new URL(url), maxNetworkRetries: 2 }) };
}

/** Rate-limit waits that do not wait, recording what they were asked to wait. */
export function instantRateLimit(waits: number[] = []): RateLimitPolicy {
  return { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000, sleep: async (ms) => { waits.push(ms); } };
}

export const HOUR = 3600;
export const DAY = 86_400;
