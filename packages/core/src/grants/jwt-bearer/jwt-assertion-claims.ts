import type { JWTPayload } from 'jose';

import { invalidGrant } from '../invalid-grant.js';

/** What the claim checks need besides the payload. All times in epoch seconds. */
export interface JwtClaimRules {
  issuer: string;
  audiences: readonly string[];
  now: number;
  clockToleranceSeconds: number;
  maxLifetimeSeconds: number;
}

/** The claims the grant relies on, once checked. */
export interface CheckedJwtClaims {
  subject: string;
  jti: string;
  exp: number;
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * RFC 7523 §3 claim checks on an already signature-verified payload, in a fixed order; the
 * first failure throws `invalid_grant` naming it.
 */
export function checkJwtAssertionClaims(payload: JWTPayload, rules: JwtClaimRules): CheckedJwtClaims {
  const { now, clockToleranceSeconds: skew, maxLifetimeSeconds: maxLifetime } = rules;
  if (payload.iss !== rules.issuer) throw invalidGrant('assertion issuer is not trusted');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw invalidGrant('assertion sub is missing');

  const aud = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!Array.isArray(aud) || !aud.some((value) => rules.audiences.includes(value))) {
    throw invalidGrant('assertion audience is invalid');
  }

  const { exp, iat, nbf } = payload;
  if (exp === undefined) throw invalidGrant('assertion exp is missing');
  if (!isTime(exp)) throw invalidGrant('assertion exp is invalid');
  if (exp <= now - skew) throw invalidGrant('assertion has expired');
  if (exp - now > maxLifetime + skew) throw invalidGrant('assertion exp is too far in the future');

  if (nbf !== undefined) {
    if (!isTime(nbf)) throw invalidGrant('assertion nbf is invalid');
    if (nbf > now + skew) throw invalidGrant('assertion is not yet valid (nbf)');
  }
  if (iat !== undefined) {
    if (!isTime(iat)) throw invalidGrant('assertion iat is invalid');
    if (iat > now + skew) throw invalidGrant('assertion iat is in the future');
    if (exp - iat > maxLifetime) throw invalidGrant('assertion lifetime exceeds the maximum');
  }

  if (typeof payload.jti !== 'string' || payload.jti === '') throw invalidGrant('assertion jti is missing');
  return { subject: payload.sub, jti: payload.jti, exp };
}
