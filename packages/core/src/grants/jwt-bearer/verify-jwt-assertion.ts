import { compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors } from 'jose';
import type { CompactVerifyResult, JWTPayload } from 'jose';

import type { AssertionReplayCheck } from '../assertion-replay.js';
import { invalidGrant } from '../invalid-grant.js';
import { checkJwtAssertionClaims } from './jwt-assertion-claims.js';
import { ASYMMETRIC_JWS_ALGORITHMS, issuerKeySet } from './trusted-jwt-issuer.js';
import type { TrustedJwtIssuer } from './trusted-jwt-issuer.js';

/** Options of {@link verifyJwtAssertion}. */
export interface JwtAssertionOptions {
  issuers: readonly TrustedJwtIssuer[];
  /** Accepted `aud` values: the issuer identifier and the token endpoint URL. */
  audiences: readonly string[];
  now?: Date;
  clockToleranceSeconds?: number;
  /** Records the `jti`; `false` when it was used before. */
  replay: AssertionReplayCheck;
}

/** A verified JWT assertion. */
export interface VerifiedJwtAssertion {
  issuer: string;
  subject: string;
  claims: JWTPayload;
}

/**
 * Verifies the `assertion` of a JWT bearer grant (RFC 7523 §3): a compact JWS signed with an
 * asymmetric algorithm the issuer is configured for, by a key of that issuer, with valid `aud`,
 * `exp`, `nbf`, `iat`, `sub` and a `jti` not seen before. Every failure is `invalid_grant` naming
 * the check. The `jti` is recorded only after all other checks pass.
 *
 * @example
 * const { subject } = await verifyJwtAssertion(params.assertion, {
 *   issuers, audiences: [issuer, tokenEndpoint],
 *   replay: (jti, exp, iss) => provider.ReplayDetection.unique(iss, jti, exp),
 * });
 */
export async function verifyJwtAssertion(assertion: unknown, options: JwtAssertionOptions): Promise<VerifiedJwtAssertion> {
  const skew = options.clockToleranceSeconds ?? 30;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const { alg, unverifiedIss } = readHeaderAndIssuer(assertion);

  if (alg === 'none') throw invalidGrant('assertion alg none is not allowed');
  if (alg.startsWith('HS')) throw invalidGrant('assertion HMAC algorithms are not allowed');
  const trusted = options.issuers.find((entry) => entry.issuer === unverifiedIss);
  if (!trusted) throw invalidGrant('assertion issuer is not trusted');
  const algorithms = trusted.algorithms.filter((value) => ASYMMETRIC_JWS_ALGORITHMS.has(value));
  if (!algorithms.includes(alg)) throw invalidGrant('assertion algorithm is not allowed');

  const { payload } = await verifySignature(assertion as string, trusted, algorithms);
  const claims = parsePayload(payload);
  const checked = checkJwtAssertionClaims(claims, {
    issuer: trusted.issuer,
    audiences: options.audiences,
    now,
    clockToleranceSeconds: skew,
    maxLifetimeSeconds: trusted.maxLifetimeSeconds ?? 300,
  });

  if (!(await options.replay(checked.jti, checked.exp + skew, trusted.issuer))) {
    throw invalidGrant('assertion jti has already been used');
  }
  return { issuer: trusted.issuer, subject: checked.subject, claims };
}

/** The unverified `alg` and `iss`, only to pick the issuer's keys; nothing else is trusted yet. */
function readHeaderAndIssuer(assertion: unknown): { alg: string; unverifiedIss: unknown } {
  if (typeof assertion !== 'string' || assertion.split('.').length !== 3) {
    throw invalidGrant('assertion is not a compact JWT');
  }
  let decoded: { alg: unknown; unverifiedIss: unknown };
  try {
    decoded = { alg: decodeProtectedHeader(assertion).alg, unverifiedIss: decodeJwt(assertion).iss };
  } catch (error) {
    // jose throws its JOSEErrors, and a TypeError for bad base64 or JSON.
    throw invalidGrant('assertion is not a compact JWT', { cause: error });
  }
  if (typeof decoded.alg !== 'string') throw invalidGrant('assertion alg is missing');
  return { alg: decoded.alg, unverifiedIss: decoded.unverifiedIss };
}

async function verifySignature(assertion: string, trusted: TrustedJwtIssuer, algorithms: string[]): Promise<CompactVerifyResult> {
  try {
    return await compactVerify(assertion, issuerKeySet(trusted), { algorithms });
  } catch (error) {
    // Several keys fit (no `kid`): jose hands them out one by one; any one that verifies will do.
    if (error instanceof joseErrors.JWKSMultipleMatchingKeys) {
      for await (const key of error) {
        try {
          return await compactVerify(assertion, key, { algorithms });
        } catch {
          // try the next candidate
        }
      }
      throw invalidGrant('assertion signature is invalid', { cause: error });
    }
    throw invalidGrant(describeKeyFailure(error), { cause: error });
  }
}

function describeKeyFailure(error: unknown): string {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'assertion signature is invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'assertion signing key is unknown';
  if (error instanceof joseErrors.JWKSTimeout) return 'assertion signing keys could not be retrieved';
  if (error instanceof joseErrors.JOSEError) return 'assertion could not be verified';
  return 'assertion signing keys could not be retrieved';
}

function parsePayload(payload: Uint8Array): JWTPayload {
  try {
    const claims: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    if (claims !== null && typeof claims === 'object' && !Array.isArray(claims)) return claims as JWTPayload;
  } catch {
    // falls through to the same error
  }
  throw invalidGrant('assertion payload is not a JSON object');
}
