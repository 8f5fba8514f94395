import { describe, it, expect } from '@jest/globals';
import Stripe from 'stripe';
import { rateLimitDelayMs, retryOnRateLimit, type RateLimitPolicy } from '../src/rate-limit.js';

const policy: RateLimitPolicy = { maxRetries: 2, baseDelayMs: 1000, maxDelayMs: 8000, sleep: async () => {}, random: () => 1 };

function rateLimitError(headers: Record<string, string> = {}) {
  return new Stripe.errors.StripeRateLimitError({ message: 'Too many requests', type: 'invalid_request_error', statusCode: 429, headers });
}

describe('rate limits', () => {
  it('waits as long as Retry-After asks, capped', () => {
    expect(rateLimitDelayMs(rateLimitError({ 'retry-after': '3' }), 1, policy)).toBe(3000);
    expect(rateLimitDelayMs(rateLimitError({ 'retry-after': '60' }), 1, policy)).toBe(8000);
  });

  it('otherwise backs off exponentially (jitter in the upper half), capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => rateLimitDelayMs(rateLimitError(), n, policy))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(rateLimitDelayMs(rateLimitError(), 1, { ...policy, random: () => 0 })).toBe(500);
  });

  it('retries only rate-limit errors, up to maxRetries', async () => {
    let calls = 0;
    await expect(retryOnRateLimit(async () => {
      calls += 1;
      if (calls < 3) throw rateLimitError();
      return 'ok';
    }, policy)).resolves.toBe('ok');
    calls = 0;
    await expect(retryOnRateLimit(async () => {
      calls += 1;
      throw rateLimitError();
    }, policy)).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(calls).toBe(3);
    await expect(retryOnRateLimit(async () => {
      throw new Error('other');
    }, policy)).rejects.toThrow('other');
  });
});
