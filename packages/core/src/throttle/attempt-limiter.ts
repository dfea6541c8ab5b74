import { ConfigurationError } from '../errors.js';
import type { CounterStore } from '../stores/counter-store.js';

/** Whether further attempts are refused, and for how long. */
export type AttemptCheck = { limited: false } | { limited: true; retryAfterSeconds: number };

const NOT_LIMITED: AttemptCheck = Object.freeze({ limited: false });

/** Options of {@link createAttemptLimiter}. */
export interface AttemptLimiterOptions {
  /** Where the counts live; a shared store makes several instances count together. */
  counters: CounterStore;
  /** Failures within one window after which attempts are refused. */
  maxFailures: number;
  /** Length of the fixed window, starting at a key's first failure. */
  windowSeconds: number;
}

/** Counts failed attempts per key (a username, a client IP, …) in fixed windows. */
export interface AttemptLimiter {
  /** Limited when any key has reached `maxFailures`; `retryAfterSeconds` is the longest wait among them. */
  check(keys: readonly string[]): Promise<AttemptCheck>;
  /** Counts one failure for every key; returns whether that now limits them. */
  recordFailure(keys: readonly string[]): Promise<AttemptCheck>;
  /** Forgets the keys' failures (e.g. the username's after a successful login). */
  reset(keys: readonly string[]): Promise<void>;
}

/**
 * Brute-force throttle for the password grant and similar endpoints: call `check` before
 * verifying, `recordFailure` after a failure, `reset` after a success; answer a limited check
 * with 429 and `Retry-After: retryAfterSeconds`.
 *
 * @example
 * const limiter = createAttemptLimiter({ counters, maxFailures: 5, windowSeconds: 900 });
 * const keys = [`user:${username.toLowerCase()}`, `ip:${ctx.ip}`];
 * if ((await limiter.check(keys)).limited) { ... }
 */
export function createAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const { counters, maxFailures, windowSeconds } = options;
  if (!Number.isInteger(maxFailures) || maxFailures < 1) {
    throw new ConfigurationError('maxFailures', 'must be a positive integer');
  }
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new ConfigurationError('windowSeconds', 'must be a positive integer');
  }

  function verdict(states: ReadonlyArray<{ count: number; resetInSeconds: number }>): AttemptCheck {
    let retryAfterSeconds = 0;
    for (const { count, resetInSeconds } of states) {
      // A reached count with no time left has just expired; Retry-After is at least 1 otherwise.
      if (count >= maxFailures && resetInSeconds > 0) {
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil(resetInSeconds));
      }
    }
    return retryAfterSeconds > 0 ? { limited: true, retryAfterSeconds } : NOT_LIMITED;
  }

  return {
    // Checked on every token, introspection and revocation request (twice): no async frame and no
    // Promise.all for the usual zero or one key, as each promise costs with async hooks on.
    check(keys) {
      if (keys.length === 0) return Promise.resolve(NOT_LIMITED);
      if (keys.length === 1) return counters.get(keys[0]!).then((state) => verdict([state]));
      return Promise.all(keys.map((key) => counters.get(key))).then(verdict);
    },
    async recordFailure(keys) {
      return verdict(await Promise.all(keys.map((key) => counters.increment(key, windowSeconds))));
    },
    async reset(keys) {
      await Promise.all(keys.map((key) => counters.reset(key)));
    },
  };
}
