/**
 * Fixed-window counters for throttling (failed passwords, failed client authentications).
 * Backed by the storage layer so that several instances share them.
 */
export interface CounterStore {
  /**
   * Adds one to `key`'s counter. The window starts with the first hit and lasts
   * `windowSeconds`; returns the count within it and the seconds until it resets.
   */
  increment(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }>;
  /** The current count (0 when none) and seconds until reset. */
  get(key: string): Promise<{ count: number; resetInSeconds: number }>;
  reset(key: string): Promise<void>;
}
