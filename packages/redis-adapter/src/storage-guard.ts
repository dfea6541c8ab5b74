import { StorageError } from '@oidc-kit/core';

/**
 * Runs Redis calls so that a failure is always a `StorageError` (the core answers 503) and never
 * a hang: each call is bounded by `timeoutMs`, also on a Cluster whose offline queue would
 * otherwise hold it until the cluster is back. The underlying command may still run later.
 */
export class StorageGuard {
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StorageError(`Redis ${operation} timed out after ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(`Redis ${operation} failed`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
