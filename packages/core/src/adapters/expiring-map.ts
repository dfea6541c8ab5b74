/** Milliseconds since the epoch; `Infinity` for "never". */
export type ExpiresAt = number;

interface Entry<V> {
  value: V;
  expiresAt: ExpiresAt;
}

/**
 * A `Map` whose entries expire. Expired entries are invisible at once (checked on read) and
 * freed by `sweep()`, which the owner calls from time to time. There is deliberately no timer
 * per entry: thousands of pending timers would keep the process alive and cost memory.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>();

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** The entry's expiry, or `undefined` when absent or expired. */
  expiresAt(key: string, now = Date.now()): ExpiresAt | undefined {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expiresAt > now ? entry.expiresAt : undefined;
  }

  set(key: string, value: V, expiresAt: ExpiresAt = Infinity): void {
    this.#entries.set(key, { value, expiresAt });
  }

  delete(key: string): boolean {
    return this.#entries.delete(key);
  }

  /** Frees expired entries; `onExpired` sees each one (e.g. to drop secondary indexes). */
  sweep(now = Date.now(), onExpired?: (key: string, value: V) => void): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        onExpired?.(key, entry.value);
      }
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }
}

/** `expiresIn` seconds from `now` as an absolute time; no TTL means never. */
export function expiryFrom(expiresIn: number | undefined, now = Date.now()): ExpiresAt {
  return typeof expiresIn === 'number' && Number.isFinite(expiresIn) ? now + expiresIn * 1000 : Infinity;
}
