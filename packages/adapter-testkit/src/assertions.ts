import * as assert from 'node:assert/strict';

/**
 * Asserts that `promise` rejects with oidc-provider's `invalid_grant` (an `errors.InvalidGrant`
 * or any error whose `error` member is `'invalid_grant'`). Decided by the stable code, never by
 * message text.
 */
export async function assertInvalidGrant(promise: Promise<unknown>, what: string): Promise<void> {
  const outcome = await promise.then(
    () => ({ fulfilled: true as const }),
    (error: unknown) => ({ fulfilled: false as const, error }),
  );
  assert.equal(outcome.fulfilled, false, `${what}: expected a rejection with invalid_grant, got success`);
  if (!outcome.fulfilled) assert.equal(errorCode(outcome.error), 'invalid_grant', `${what}: wrong error`);
}

/** The OAuth `error` code of a rejection, if it has one. */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { error?: unknown }).error : undefined;
}

/**
 * Polls `check` until it returns true, at most `timeoutMs`. Used for expiry: the suite waits for
 * an outcome instead of asserting how long it took.
 */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) assert.fail(`${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
