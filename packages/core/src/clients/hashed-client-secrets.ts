import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { default as Provider } from 'oidc-provider';
import { ConfigurationError } from '../errors.js';
import type { ListQuery, Page } from '../stores/account-store.js';
import type { ClientMetadata, ClientStore } from '../stores/client-store.js';

/**
 * One stored client secret: a salted SHA-256 of it, and (for a secret replaced by a rotation with
 * a grace period) when it stops being accepted.
 */
export interface ClientSecretHash {
  salt: string;
  hash: string;
  /** Epoch seconds after which this secret is refused. Absent: the current secret. */
  expires_at?: number;
}

/** The store member that holds the hashes of a hashed-secret client, newest first. */
export const SECRET_HASHES = 'client_secret_hashes';

const HASHED_METHODS = new Set(['client_secret_basic', 'client_secret_post']);
/** JWA algorithms that key on the client secret itself (HMAC, AES key wrap, direct encryption). */
const SYMMETRIC_ALG = /^(HS\d+|A\d+(GCM)?KW|dir|PBES2.*)$/;
const PLACEHOLDER_PREFIX = 'oidc-kit-hashed.';

/** A new client secret: 256 random bits, base64url. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

// SHA-256 of salt, NUL, secret (UTF-8). The one-shot `hash` costs a third of a `createHash` chain,
// and this runs on every client authentication.
function digest(salt: string, secret: string): Buffer {
  return hash('sha256', `${salt}\0${secret}`, 'buffer') as unknown as Buffer;
}

/** Hashes a secret for storage. A random salt keeps equal secrets (e.g. from config files) apart. */
export function hashClientSecret(secret: string, expiresAt?: number): ClientSecretHash {
  const salt = randomBytes(16).toString('base64url');
  return { salt, hash: digest(salt, secret).toString('base64url'), ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}) };
}

/** Whether `candidate` matches one of the unexpired hashes; each comparison is constant-time. */
export function matchesSecretHashes(hashes: readonly ClientSecretHash[], candidate: unknown, now = Math.floor(Date.now() / 1000)): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return false;
  let matched = false;
  for (const entry of hashes) {
    if (entry.expires_at !== undefined && entry.expires_at <= now) continue;
    const expected = Buffer.from(entry.hash, 'base64url');
    const actual = digest(entry.salt, candidate);
    // No early exit: every live hash is compared.
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) matched = true;
  }
  return matched;
}

/**
 * Whether the client secret is only ever compared (so it can be kept as a hash): the client
 * authenticates with client_secret_basic or client_secret_post and uses no symmetric algorithm,
 * which would need the secret itself as a key (client_secret_jwt, HS256 ID Tokens, …).
 */
export function secretCanBeHashed(metadata: Record<string, unknown>): boolean {
  if (!HASHED_METHODS.has(String(metadata.token_endpoint_auth_method ?? 'client_secret_basic'))) return false;
  return !Object.entries(metadata).some(([key, value]) => /_(alg|enc)$/.test(key) && typeof value === 'string' && SYMMETRIC_ALG.test(value));
}

/** The secret hashes a stored client holds (empty when it keeps a plain secret or none). */
export function storedSecretHashes(metadata: ClientMetadata | undefined): ClientSecretHash[] {
  const value = metadata?.[SECRET_HASHES];
  return Array.isArray(value) ? (value as ClientSecretHash[]) : [];
}

/** What {@link createHashedClientSecrets} returns. */
export interface HashedClientSecrets {
  /** The client store that hashes secrets on save; reads return the stored form (no secret). */
  readonly store: ClientStore;
  /**
   * The view oidc-provider's Client model reads through (see `bridgeClientModel`): a hashed client
   * carries an opaque placeholder as `client_secret`, which only this IdP can decode.
   */
  readonly providerStore: ClientStore;
  /** Makes `provider.Client` compare presented secrets with the hashes (plain secrets as before). */
  install(provider: Provider): void;
  /** Whether a `client_secret` value is this IdP's placeholder (never shown to anyone). */
  isPlaceholder(value: unknown): boolean;
}

/**
 * Client secrets stored hashed. Secrets of client_secret_basic/client_secret_post clients are saved
 * as {@link SECRET_HASHES}, never in plain text, whoever saves them (admin API, RFC 7591
 * registration, static clients from the options). oidc-provider still needs a `client_secret`
 * string for such clients, so the provider's view of the store fills in a placeholder that
 * encodes the hashes behind a per-instance random tag; the overridden `compareClientSecret`
 * checks presented secrets against those hashes. Clients that need the secret as a key
 * (client_secret_jwt) keep it in plain text.
 */
export function createHashedClientSecrets(inner: ClientStore): HashedClientSecrets {
  // Unguessable per instance: a placeholder cannot be forged from outside, nor used as an HMAC key.
  const tag = randomBytes(24).toString('base64url');
  const tagPrefix = `${PLACEHOLDER_PREFIX}${tag}.`;

  function encodeJson(json: string): string {
    return `${tagPrefix}${Buffer.from(json).toString('base64url')}`;
  }

  // Every client lookup needs the placeholder, which only changes with the hashes: it is kept
  // per hash set (bounded; emptied when full) instead of re-encoded per request.
  const placeholders = new Map<string, string>();
  function placeholderFor(hashes: ClientSecretHash[]): string {
    const key = JSON.stringify(hashes);
    let placeholder = placeholders.get(key);
    if (placeholder === undefined) {
      placeholder = encodeJson(key);
      if (placeholders.size >= 1000) placeholders.clear();
      placeholders.set(key, placeholder);
    }
    return placeholder;
  }

  function decode(value: unknown): ClientSecretHash[] | undefined {
    if (typeof value !== 'string' || !value.startsWith(PLACEHOLDER_PREFIX)) return undefined;
    const given = Buffer.from(value.slice(0, tagPrefix.length));
    if (given.length !== tagPrefix.length || !timingSafeEqual(given, Buffer.from(tagPrefix))) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(value.slice(tagPrefix.length), 'base64url').toString('utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as ClientSecretHash[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The form a client is stored in: hashes instead of a plain secret where that is possible. */
  function toStored(metadata: ClientMetadata): ClientMetadata {
    const { client_secret: secret, [SECRET_HASHES]: hashes, ...rest } = metadata;
    const decoded = decode(secret);
    if (decoded) return { ...rest, [SECRET_HASHES]: decoded };
    if (typeof secret === 'string' && secret !== '' && secretCanBeHashed(metadata)) return { ...rest, [SECRET_HASHES]: [hashClientSecret(secret)] };
    if (secret !== undefined) return { ...rest, client_secret: secret };
    return Array.isArray(hashes) ? { ...rest, [SECRET_HASHES]: hashes } : rest;
  }

  function toProvider(metadata: ClientMetadata | undefined): ClientMetadata | undefined {
    if (!metadata) return metadata;
    const { [SECRET_HASHES]: hashes, ...rest } = metadata;
    if (!Array.isArray(hashes) || typeof rest.client_secret === 'string') return rest;
    return { ...rest, client_secret: placeholderFor(hashes as ClientSecretHash[]) };
  }

  const store: ClientStore = {
    find: (clientId) => inner.find(clientId),
    save: (metadata) => inner.save(toStored(metadata)),
    ...(inner.create ? { create: (metadata: ClientMetadata) => inner.create!(toStored(metadata)) } : {}),
    delete: (clientId) => inner.delete(clientId),
    list: (query?: ListQuery): Promise<Page<ClientMetadata>> => inner.list(query),
  };

  const providerStore: ClientStore = {
    find: async (clientId) => toProvider(await inner.find(clientId)),
    save: store.save,
    delete: store.delete,
    list: store.list,
  };

  return {
    store,
    providerStore,
    install(provider) {
      type Compare = (this: { clientSecret?: string }, actual: string) => boolean | Promise<boolean>;
      const prototype = provider.Client.prototype as unknown as { compareClientSecret: Compare };
      const comparePlain = prototype.compareClientSecret;
      // The documented hook; if an upgrade moves it, hashed clients could never authenticate.
      if (typeof comparePlain !== 'function') throw new ConfigurationError('clients', 'cannot store secrets hashed: oidc-provider Client#compareClientSecret is missing');
      // oidc-provider keeps one Client instance per distinct metadata, so its placeholder is
      // decoded once per instance, not on every client authentication.
      const decoded = new WeakMap<object, ClientSecretHash[] | null>();
      prototype.compareClientSecret = function compareClientSecret(actual) {
        let hashes = decoded.get(this);
        if (hashes === undefined) {
          hashes = decode(this.clientSecret) ?? null;
          decoded.set(this, hashes);
        }
        return hashes ? matchesSecretHashes(hashes, actual) : comparePlain.call(this, actual);
      };
    },
    isPlaceholder: (value) => decode(value) !== undefined,
  };
}
