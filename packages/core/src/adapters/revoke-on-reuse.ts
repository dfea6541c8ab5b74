import type { Adapter, AdapterFactory, AdapterPayload } from './adapter.js';

/**
 * The models whose records belong to a grant and go with it when the grant is revoked (the
 * same list oidc-provider's own revocation walks).
 */
export const GRANT_BOUND_MODELS = ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'DeviceCode', 'BackchannelAuthenticationRequest'] as const;

/** Single-use grant sources: a second use of one of these is a replay. */
const SINGLE_USE_MODELS: ReadonlySet<string> = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** A replay the wrapper answered by revoking a grant (never the token value). */
export interface Replay {
  model: string;
  grantId: string;
  clientId?: string;
}

export interface ReuseDetectionOptions {
  /** Seconds during which a just-rotated refresh token is still accepted. 0 (default): never. */
  refreshTokenReuseGraceSeconds?: number;
  /** Told of every grant revoked because a code or refresh token lost a consume race. */
  onReplay?: (replay: Replay) => void;
}

/** oidc-provider's protocol errors carry their OAuth code; decided by code, so any copy of the library matches. */
function isInvalidGrant(error: unknown): boolean {
  return (error as { error?: unknown } | null)?.error === 'invalid_grant';
}

/** Whether a consumed record is still inside the reuse grace window. `consumed` is epoch seconds. */
function withinGrace(payload: AdapterPayload, graceSeconds: number): boolean {
  if (graceSeconds <= 0 || typeof payload.consumed !== 'number') return false;
  return Date.now() / 1000 - payload.consumed <= graceSeconds;
}

/**
 * Revokes everything a grant issued: its tokens and codes of every grant-bound model, and the
 * Grant record itself. Destroying the Grant matters under concurrency: a token the winning
 * request saves after this revocation still points at a grant that is gone, and oidc-provider
 * refuses such tokens at introspection, userinfo and refresh.
 */
export async function revokeGrant(factory: AdapterFactory, grantId: string): Promise<void> {
  await Promise.all([
    ...GRANT_BOUND_MODELS.map((model) => factory(model).revokeByGrantId(grantId)),
    factory('Grant').destroy(grantId),
  ]);
}

/**
 * One model's adapter with replay handling. oidc-provider revokes a grant only when it reads a
 * code or refresh token that is already `consumed`; when two requests read it at the same time,
 * the adapter's atomic `consume()` refuses the second one, and this wrapper then revokes the
 * grant before passing the `invalid_grant` on (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
 */
class ReuseAwareAdapter implements Adapter {
  readonly #inner: Adapter;
  readonly #factory: AdapterFactory;
  readonly #graceSeconds: number;
  readonly #model: string;
  readonly #onReplay: ((replay: Replay) => void) | undefined;

  constructor(inner: Adapter, factory: AdapterFactory, model: string, graceSeconds: number, onReplay?: (replay: Replay) => void) {
    this.#inner = inner;
    this.#factory = factory;
    this.#model = model;
    this.#graceSeconds = graceSeconds;
    this.#onReplay = onReplay;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    return this.#inner.upsert(id, payload, expiresIn);
  }

  /**
   * Inside the grace window a rotated refresh token reads as not consumed, so oidc-provider
   * rotates it once more instead of treating the use as a replay.
   */
  find(id: string): Promise<AdapterPayload | undefined | void> {
    // Without a grace window (the default, and every model but RefreshToken) a read passes as is.
    return this.#graceSeconds > 0 ? this.#findWithinGrace(id) : this.#inner.find(id);
  }

  async #findWithinGrace(id: string): Promise<AdapterPayload | undefined | void> {
    const payload = await this.#inner.find(id);
    if (payload && withinGrace(payload, this.#graceSeconds)) {
      const { consumed: _consumed, ...unconsumed } = payload;
      return unconsumed;
    }
    return payload;
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined | void> {
    return this.#inner.findByUid(uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined | void> {
    return this.#inner.findByUserCode(userCode);
  }

  async consume(id: string): Promise<void> {
    try {
      await this.#inner.consume(id);
    } catch (error) {
      if (!isInvalidGrant(error)) throw error;
      const record = await this.#inner.find(id);
      if (record && withinGrace(record, this.#graceSeconds)) return;
      if (record && typeof record.grantId === 'string') {
        await revokeGrant(this.#factory, record.grantId);
        this.#onReplay?.({ model: this.#model, grantId: record.grantId, ...(typeof record.clientId === 'string' ? { clientId: record.clientId } : {}) });
      }
      throw error;
    }
  }

  destroy(id: string): Promise<void> {
    return this.#inner.destroy(id);
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return this.#inner.revokeByGrantId(grantId);
  }
}

/**
 * Wraps any adapter factory (memory, Redis, a plugin) so that a lost consume race revokes the
 * grant, and applies the refresh-token reuse grace window. Other models pass through unchanged.
 *
 * @example
 * ```ts
 * const adapter = revokeOnReuse(createMemoryAdapter(), { refreshTokenReuseGraceSeconds: 10 });
 * ```
 */
export function revokeOnReuse(factory: AdapterFactory, options: ReuseDetectionOptions = {}): AdapterFactory {
  const graceSeconds = options.refreshTokenReuseGraceSeconds ?? 0;
  const wrapped = new Map<string, Adapter>();
  return (model: string) => {
    if (!SINGLE_USE_MODELS.has(model)) return factory(model);
    let adapter = wrapped.get(model);
    if (adapter === undefined) {
      adapter = new ReuseAwareAdapter(factory(model), factory, model, model === 'RefreshToken' ? graceSeconds : 0, options.onReplay);
      wrapped.set(model, adapter);
    }
    return adapter;
  };
}
