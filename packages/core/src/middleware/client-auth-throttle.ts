import { createHash } from 'node:crypto';
import type { Context, Next } from 'koa';
import { requestBasicCredentials } from '../helpers/basic-credentials.js';
import { claimedClientId } from '../helpers/claimed-client-id.js';
import { tooManyAttempts } from '../helpers/protocol-errors.js';
import type { CounterStore } from '../stores/counter-store.js';
import { createAttemptLimiter, type AttemptCheck } from '../throttle/attempt-limiter.js';
import { loadFormParameters } from './form-parameters.js';

/** Limits on failed client authentications (option `clientAuthThrottle`). */
export interface ClientAuthThrottleLimits {
  /** Failures per (client_id, client address) pair within the window before 429. Default 20. */
  maxFailuresPerClient: number;
  /** Failures per client address, whatever the client_id, within the window before 429. Default 100. */
  maxFailuresPerAddress: number;
  /** Length of the fixed window in seconds, from a key's first failure. Default 300. */
  windowSeconds: number;
}

export const DEFAULT_CLIENT_AUTH_THROTTLE: Readonly<ClientAuthThrottleLimits> = Object.freeze({
  maxFailuresPerClient: 20,
  maxFailuresPerAddress: 100,
  windowSeconds: 300,
});

/** Options of {@link clientAuthThrottle}. */
export interface ClientAuthThrottleOptions extends ClientAuthThrottleLimits {
  /** Shared counters, so that all instances count together. */
  counters: CounterStore;
  /** Paths (inside the issuer) of the endpoints that authenticate clients. */
  paths: readonly string[];
}

// Client ids are caller-chosen and may be long: keys hold a fixed-size digest instead.
const hashId = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
// The same few client ids come back on every request: their digests are kept (a bounded map, as
// the ids are caller-chosen; emptied when full) instead of hashing each time.
const DIGEST_CACHE_SIZE = 1000;
const digests = new Map<string, string>();
function digest(value: string): string {
  let hashed = digests.get(value);
  if (hashed === undefined) {
    hashed = hashId(value);
    if (digests.size >= DIGEST_CACHE_SIZE) digests.clear();
    if (value.length <= 256) digests.set(value, hashed);
  }
  return hashed;
}

/** The check that makes the client wait longer. */
function longest(a: AttemptCheck, b: AttemptCheck): AttemptCheck {
  if (!a.limited) return b;
  if (!b.limited) return a;
  return a.retryAfterSeconds >= b.retryAfterSeconds ? a : b;
}

/**
 * Throttles client-secret guessing at the endpoints that authenticate clients. A failed client
 * authentication (401 `invalid_client`) counts against the client address and against the
 * (claimed client_id, address) pair; once either is at its limit, requests are answered 429 with
 * `Retry-After` before any credential is checked. The pair, not the client alone, is limited so
 * that an attacker elsewhere cannot lock a client out: the real client, from its own address,
 * keeps getting tokens. The address is `ctx.ip`, as `requestOrigin` derived it from trusted proxies.
 */
export function clientAuthThrottle(options: ClientAuthThrottleOptions) {
  const { counters, windowSeconds } = options;
  const perPair = createAttemptLimiter({ counters, maxFailures: options.maxFailuresPerClient, windowSeconds });
  const perAddress = createAttemptLimiter({ counters, maxFailures: options.maxFailuresPerAddress, windowSeconds });
  const paths = new Set(options.paths);

  return async function throttleClientAuthentication(ctx: Context, next: Next) {
    if (ctx.method !== 'POST' || !paths.has(ctx.path)) return next();
    const address = ctx.ip;
    // HTTP Basic names the client without the body: the form is read only when it must be.
    const clientId = requestBasicCredentials(ctx.req)?.clientId ?? claimedClientId(await loadFormParameters(ctx));
    const addressKeys = [`client-auth:ip:${address}`];
    const pairKeys = clientId === undefined ? [] : [`client-auth:pair:${digest(clientId)}:${address}`];

    // Both at once: with shared counters (Redis) that is one round-trip of waiting, not two.
    const [byAddress, byPair] = await Promise.all([perAddress.check(addressKeys), perPair.check(pairKeys)]);
    const verdict = longest(byAddress, byPair);
    if (verdict.limited) throw tooManyAttempts('too many failed client authentications; try again later', verdict.retryAfterSeconds);

    await next();
    const body = ctx.body as { error?: unknown } | undefined;
    if (ctx.status === 401 && body?.error === 'invalid_client') {
      await Promise.all([perAddress.recordFailure(addressKeys), perPair.recordFailure(pairKeys)]);
    }
  };
}
