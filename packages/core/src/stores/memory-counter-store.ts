import { ExpiringMap } from '../adapters/expiring-map.js';
import type { CounterStore } from './counter-store.js';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * `CounterStore` in one process's memory: fixed windows that start with the first hit.
 * Expired windows are freed by a sweep that runs on writes (no timers). Not shared between
 * instances: use the Redis adapter's `counterStore` when several instances run.
 */
export class MemoryCounterStore implements CounterStore {
  /** key → count; the entry expires when its window ends. */
  readonly #counters = new ExpiringMap<number>();
  #lastSweep = Date.now();

  async increment(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }> {
    if (!(typeof windowSeconds === 'number' && windowSeconds > 0)) {
      throw new TypeError('windowSeconds must be a positive number');
    }
    const now = Date.now();
    if (now - this.#lastSweep >= SWEEP_INTERVAL_MS) {
      this.#lastSweep = now;
      this.#counters.sweep(now);
    }
    const count = (this.#counters.get(key, now) ?? 0) + 1;
    const expiresAt = this.#counters.expiresAt(key, now) ?? now + windowSeconds * 1000;
    this.#counters.set(key, count, expiresAt);
    return { count, resetInSeconds: secondsUntil(expiresAt, now) };
  }

  async get(key: string): Promise<{ count: number; resetInSeconds: number }> {
    const now = Date.now();
    const count = this.#counters.get(key, now);
    if (count === undefined) return { count: 0, resetInSeconds: 0 };
    return { count, resetInSeconds: secondsUntil(this.#counters.expiresAt(key, now) ?? now, now) };
  }

  async reset(key: string): Promise<void> {
    this.#counters.delete(key);
  }
}

/** Whole seconds, rounded up so that a live window never reports 0. */
function secondsUntil(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
