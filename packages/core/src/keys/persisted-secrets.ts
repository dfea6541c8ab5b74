import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../helpers/logger.js';
import { generateSigningKeys, normalizeSigningKeys, type SigningKeySet } from './signing-keys.js';

/**
 * Where generated secrets are kept when `keys` or `cookieKeys` are not configured, so that every
 * instance and every restart uses the same ones. `@oidc-kit/redis-adapter`'s `keyValue` is one.
 */
export interface SecretsStore {
  get<T>(key: string): Promise<T | undefined>;
  /**
   * Stores `value` unless the key already holds one, atomically, and returns what is stored:
   * instances that start together each generate secrets and all end up with the first saved.
   */
  setIfAbsent<T>(key: string, value: T): Promise<T>;
}

/** The keys under which generated secrets are stored. */
export const SECRET_KEYS = { signingKeys: 'signing-keys', cookieKeys: 'cookie-keys' } as const;

export interface SecretsInput {
  keys?: SigningKeySet | undefined;
  cookieKeys?: string[] | undefined;
  secretsStore?: SecretsStore | undefined;
  logger: Logger;
}

export interface ResolvedSecrets {
  keys: SigningKeySet;
  cookieKeys: string[];
}

/** Reads a stored secret, or saves `generate()`'s value if there is none (first writer wins). */
async function loadOrCreate<T>(store: SecretsStore, key: string, generate: () => Promise<T> | T): Promise<{ value: T; created: boolean }> {
  const existing = await store.get<T>(key);
  if (existing !== undefined && existing !== null) return { value: existing, created: false };
  const candidate = await generate();
  const value = await store.setIfAbsent(key, candidate);
  return { value, created: value === candidate || JSON.stringify(value) === JSON.stringify(candidate) };
}

function checkStoredCookieKeys(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((key) => typeof key !== 'string' || key.length < 32)) {
    throw new ConfigurationError(`secretsStore "${SECRET_KEYS.cookieKeys}"`, 'holds something other than a list of cookie secrets (32+ characters each)');
  }
  return value as string[];
}

/**
 * Resolves the signing JWKS and the cookie keys: the configured ones; else, with a
 * `secretsStore`, the stored ones (generated and stored on first start); else generated in
 * memory for this process only. Anything not configured prints one warning line.
 */
export async function resolveSecrets(input: SecretsInput): Promise<ResolvedSecrets> {
  const { logger, secretsStore } = input;
  let keys: SigningKeySet;
  if (input.keys) {
    keys = await normalizeSigningKeys(input.keys);
  } else if (secretsStore) {
    const stored = await loadOrCreate(secretsStore, SECRET_KEYS.signingKeys, generateSigningKeys);
    keys = await normalizeSigningKeys(stored.value, `secretsStore "${SECRET_KEYS.signingKeys}"`);
    logger.warn({ option: 'keys' }, `signing keys were ${stored.created ? 'generated and saved to' : 'loaded from'} secretsStore, shared by every instance that uses it; configure keys to control them and their rotation`);
  } else {
    keys = await generateSigningKeys();
    logger.warn({ option: 'keys' }, 'signing keys were generated in memory: tokens will not verify after a restart; configure keys for production');
  }

  let cookieKeys: string[];
  if (input.cookieKeys) {
    cookieKeys = input.cookieKeys;
  } else if (secretsStore) {
    const stored = await loadOrCreate(secretsStore, SECRET_KEYS.cookieKeys, () => [randomBytes(32).toString('base64url')]);
    cookieKeys = checkStoredCookieKeys(stored.value);
    logger.warn({ option: 'cookieKeys' }, `cookie keys were ${stored.created ? 'generated and saved to' : 'loaded from'} secretsStore, shared by every instance that uses it; configure cookieKeys to control them and their rotation`);
  } else {
    cookieKeys = [randomBytes(32).toString('base64url')];
    logger.warn({ option: 'cookieKeys' }, 'cookie keys were generated in memory: sessions end at restart; configure cookieKeys for production');
  }
  return { keys, cookieKeys };
}
