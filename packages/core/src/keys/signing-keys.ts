import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigurationError } from '../errors.js';

/** A private signing JWKS, as oidc-provider's `jwks` option takes it. */
export interface SigningKeySet {
  keys: JWK[];
}

/** The algorithms oidc-kit signs with; RS256 first (the OpenID Connect default). */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;

/** Generates one RS256 and one ES256 key, each with `kid` (its RFC 7638 thumbprint), `alg` and `use`. */
export async function generateSigningKeys(): Promise<SigningKeySet> {
  const keys: JWK[] = [];
  for (const alg of SIGNING_ALGORITHMS) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const jwk = await exportJWK(privateKey);
    keys.push({ ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' });
  }
  return { keys };
}

const PRIVATE_MEMBERS: Record<string, string> = { RSA: 'd', EC: 'd', OKP: 'd' };

/**
 * Checks a configured JWKS at start-up: private keys of a supported type, unique `kid`s
 * (a missing `kid` is filled with the thumbprint), and at least one RS256 key, which
 * OpenID Connect requires as the ID Token default.
 */
export async function normalizeSigningKeys(value: unknown, path = 'keys'): Promise<SigningKeySet> {
  const keys = (value as SigningKeySet | undefined)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigurationError(path, 'must be a JWKS object with a non-empty "keys" array');
  const seen = new Set<string>();
  const result: JWK[] = [];
  for (const [index, key] of keys.entries()) {
    const at = `${path}.keys[${index}]`;
    if (typeof key !== 'object' || key === null || typeof key.kty !== 'string') throw new ConfigurationError(at, 'must be a JWK with "kty"');
    const privateMember = PRIVATE_MEMBERS[key.kty];
    if (!privateMember || !(privateMember in key)) throw new ConfigurationError(at, 'must be a private RSA, EC or OKP key');
    const alg = key.alg ?? (key.kty === 'RSA' ? 'RS256' : key.kty === 'EC' ? 'ES256' : 'EdDSA');
    try {
      await importJWK({ ...key, alg }, alg);
    } catch (cause) {
      throw new ConfigurationError(at, `is not a usable ${alg} key`, { cause });
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = key;
    const kid = key.kid ?? (await calculateJwkThumbprint(publicPart));
    if (seen.has(kid)) throw new ConfigurationError(`${at}.kid`, `"${kid}" is used by another key`);
    seen.add(kid);
    result.push({ ...key, kid, alg, use: key.use ?? 'sig' });
  }
  if (!result.some((key) => key.alg === 'RS256')) throw new ConfigurationError(path, 'must contain an RS256 key (the OpenID Connect default ID Token algorithm)');
  return { keys: result };
}
