import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { JWK, JWTVerifyGetKey } from 'jose';

import { ConfigurationError } from '../../errors.js';

/** An issuer whose JWT assertions the JWT bearer grant accepts (RFC 7523 §3). */
export interface TrustedJwtIssuer {
  /** The exact `iss` value of its assertions. */
  issuer: string;
  /** Its public signing keys. Exactly one of `jwks` and `jwksUri`. */
  jwks?: { keys: JWK[] };
  /** Where its public signing keys are published (fetched and cached). */
  jwksUri?: string;
  /** Asymmetric JWS algorithms accepted, e.g. `['RS256', 'ES256']`. */
  algorithms: string[];
  /** Longest accepted assertion lifetime (`exp` − now, and `exp` − `iat`). Default 300. */
  maxLifetimeSeconds?: number;
}

/**
 * Signature algorithms an assertion may use. HMAC (`HS*`) is left out on purpose: a shared secret
 * would have to be configured per issuer, and a verifier that accepts HS256 with a key meant to be
 * public can be fooled by anyone who signs with that public key. `none` is never acceptable.
 */
export const ASYMMETRIC_JWS_ALGORITHMS: ReadonlySet<string> = new Set([
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
]);

/**
 * Throws `ConfigurationError` naming the bad field (`${path}.algorithms`) for an unusable issuer entry.
 * Call at start-up so that a bad config stops the process at once.
 */
export function assertTrustedJwtIssuer(entry: TrustedJwtIssuer, path: string): void {
  if (typeof entry.issuer !== 'string' || entry.issuer === '') {
    throw new ConfigurationError(`${path}.issuer`, 'must be a non-empty string');
  }
  if ((entry.jwks === undefined) === (entry.jwksUri === undefined)) {
    throw new ConfigurationError(path, 'must have exactly one of jwks and jwksUri');
  }
  if (entry.jwks !== undefined) {
    const keys: unknown = entry.jwks.keys;
    // A private or symmetric key here would be a leaked secret, and is never needed to verify.
    if (!Array.isArray(keys) || keys.some((key: JWK) => key?.kty === 'oct' || key?.d !== undefined)) {
      throw new ConfigurationError(`${path}.jwks.keys`, 'must be an array of public asymmetric JWKs');
    }
  }
  if (entry.jwksUri !== undefined && !URL.canParse(entry.jwksUri)) {
    throw new ConfigurationError(`${path}.jwksUri`, 'must be an absolute URL');
  }
  if (!Array.isArray(entry.algorithms) || entry.algorithms.length === 0) {
    throw new ConfigurationError(`${path}.algorithms`, 'must list at least one algorithm');
  }
  for (const alg of entry.algorithms) {
    if (!ASYMMETRIC_JWS_ALGORITHMS.has(alg)) {
      throw new ConfigurationError(`${path}.algorithms`, `must hold only asymmetric JWS algorithms (got "${alg}")`);
    }
  }
  const max = entry.maxLifetimeSeconds;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new ConfigurationError(`${path}.maxLifetimeSeconds`, 'must be a positive integer');
  }
  try {
    issuerKeySet(entry);
  } catch (cause) {
    throw new ConfigurationError(`${path}.jwks`, 'is not a valid JWK Set', { cause });
  }
}

/**
 * Key resolvers, one per issuer entry object, built on first use and then reused: a remote JWKS keeps
 * its fetched keys and cooldown across requests. Keyed weakly by the entry, so a dropped config frees them.
 */
const keySets = new WeakMap<TrustedJwtIssuer, JWTVerifyGetKey>();

/** The issuer's (cached) key resolver for `jose`'s verify functions. */
export function issuerKeySet(entry: TrustedJwtIssuer): JWTVerifyGetKey {
  let keySet = keySets.get(entry);
  if (!keySet) {
    keySet = entry.jwks ? createLocalJWKSet(entry.jwks) : createRemoteJWKSet(new URL(entry.jwksUri as string));
    keySets.set(entry, keySet);
  }
  return keySet;
}
