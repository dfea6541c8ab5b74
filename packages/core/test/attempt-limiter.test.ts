import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { ConfigurationError } from '../src/errors.js';
import type { CounterStore } from '../src/stores/counter-store.js';
import { createAttemptLimiter } from '../src/throttle/attempt-limiter.js';

/** A small but real fixed-window CounterStore (a Map with expiry), not a mock of the limiter. */
function createTestCounterStore(): CounterStore {
  const entries = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.resetAt <= Date.now()) entries.delete(key);
    return entries.get(key);
  };
  const state = (entry?: { count: number; resetAt: number }) =>
    entry ? { count: entry.count, resetInSeconds: (entry.resetAt - Date.now()) / 1000 } : { count: 0, resetInSeconds: 0 };
  return {
    async increment(key, windowSeconds) {
      const entry = live(key) ?? { count: 0, resetAt: Date.now() + windowSeconds * 1000 };
      entry.count += 1;
      entries.set(key, entry);
      return state(entry);
    },
    async get(key) {
      return state(live(key));
    },
    async reset(key) {
      entries.delete(key);
    },
  };
}

describe('createAttemptLimiter', () => {
  it('limits a key after maxFailures of 20 attempts, with a positive Retry-After', async () => {
    const limiter = createAttemptLimiter({ counters: createTestCounterStore(), maxFailures: 5, windowSeconds: 900 });
    const outcomes: boolean[] = [];
    let retryAfter = 0;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const check = await limiter.check(['user:alice']);
      outcomes.push(check.limited);
      if (check.limited) retryAfter = check.retryAfterSeconds;
      else await limiter.recordFailure(['user:alice']);
    }
    expect(outcomes.indexOf(true)).toBe(5);
    expect(outcomes.slice(5).every(Boolean)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('reports the limit from the failure that reaches it', async () => {
    const limiter = createAttemptLimiter({ counters: createTestCounterStore(), maxFailures: 2, windowSeconds: 60 });
    expect((await limiter.recordFailure(['k'])).limited).toBe(false);
    expect(await limiter.recordFailure(['k'])).toMatchObject({ limited: true });
  });

  it('leaves other keys alone, and limits a request when any of its keys is limited', async () => {
    const limiter = createAttemptLimiter({ counters: createTestCounterStore(), maxFailures: 3, windowSeconds: 60 });
    for (let i = 0; i < 3; i += 1) await limiter.recordFailure(['user:alice', 'ip:10.0.0.1']);
    expect(await limiter.check(['user:bob', 'ip:10.0.0.2'])).toEqual({ limited: false });
    expect((await limiter.check(['user:alice', 'ip:10.0.0.2'])).limited).toBe(true);
    expect((await limiter.check(['user:bob', 'ip:10.0.0.1'])).limited).toBe(true);
  });

  it('forgets failures on reset', async () => {
    const limiter = createAttemptLimiter({ counters: createTestCounterStore(), maxFailures: 2, windowSeconds: 60 });
    await limiter.recordFailure(['user:alice']);
    await limiter.recordFailure(['user:alice']);
    await limiter.reset(['user:alice']);
    expect(await limiter.check(['user:alice'])).toEqual({ limited: false });
  });

  it('lets attempts through again once the window has passed', async () => {
    const limiter = createAttemptLimiter({ counters: createTestCounterStore(), maxFailures: 2, windowSeconds: 1 });
    await limiter.recordFailure(['user:alice']);
    const limited = await limiter.recordFailure(['user:alice']);
    expect(limited).toEqual({ limited: true, retryAfterSeconds: 1 });
    let check = await limiter.check(['user:alice']);
    for (let i = 0; i < 30 && check.limited; i += 1) {
      await sleep(100);
      check = await limiter.check(['user:alice']);
    }
    expect(check).toEqual({ limited: false });
  });

  it('refuses bad options, naming them', () => {
    const counters = createTestCounterStore();
    expect(() => createAttemptLimiter({ counters, maxFailures: 0, windowSeconds: 60 })).toThrow(ConfigurationError);
    expect(() => createAttemptLimiter({ counters, maxFailures: 5, windowSeconds: 0.5 })).toThrow(/windowSeconds/);
  });
});
