/**
 * Whether an error is (or was caused by) a `StorageError`. Decided by its stable `code`, not by
 * `instanceof`: an adapter package may load another copy of `@oidc-kit/core` than the IdP does,
 * and its storage failures must still answer 503, not 500.
 */
export function isStorageError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if ((current as { code?: unknown }).code === 'ERR_STORAGE') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
