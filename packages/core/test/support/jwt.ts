import { createHmac, randomUUID } from 'node:crypto';

import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';

import type { TrustedJwtIssuer } from '../../src/grants/jwt-bearer/trusted-jwt-issuer.js';

/** A test STS that signs JWT bearer assertions (RFC 7523) with a fresh key pair. */
export interface TestJwtIssuer {
  issuer: string;
  alg: 'RS256' | 'ES256';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The public key as SPKI PEM: what an attacker would use as an HMAC secret. */
  publicKeyPem: string;
  /** A `TrustedJwtIssuer` entry for this issuer, with its JWKS inline. */
  trusted(overrides?: Partial<TrustedJwtIssuer>): TrustedJwtIssuer;
  /**
   * Signs an assertion: `iss`, `sub: 'alice'`, `aud`, `iat`, `exp` (+120 s) and a random `jti`
   * by default; a claim set to `undefined` in `claims` is left out. `header.kid: undefined` omits `kid`.
   */
  sign(claims?: JWTPayload, header?: { kid?: string | undefined }): Promise<string>;
}

/** The default claims for `audience` at `now` (epoch seconds). */
export function assertionClaims(issuer: string, audience: string, now = Math.floor(Date.now() / 1000)): JWTPayload {
  return { iss: issuer, sub: 'alice', aud: audience, iat: now, exp: now + 120, jti: randomUUID() };
}

/** Creates an issuer with a new RS256 or ES256 key pair. */
export async function createTestJwtIssuer(options: { issuer?: string; audience: string; alg?: 'RS256' | 'ES256' }): Promise<TestJwtIssuer> {
  const issuer = options.issuer ?? 'https://sts.test';
  const alg = options.alg ?? 'RS256';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const publicKeyPem = await exportSPKI(publicKey);
  return {
    issuer,
    alg,
    kid,
    privateKey,
    publicJwk,
    publicKeyPem,
    trusted: (overrides) => ({ issuer, jwks: { keys: [publicJwk] }, algorithms: [alg], ...overrides }),
    async sign(claims = {}, header = {}) {
      const payload = { ...assertionClaims(issuer, options.audience), ...claims };
      const chosenKid = 'kid' in header ? header.kid : kid;
      const protectedHeader = chosenKid === undefined ? { alg } : { alg, kid: chosenKid };
      return new SignJWT(JSON.parse(JSON.stringify(payload)) as JWTPayload).setProtectedHeader(protectedHeader).sign(privateKey);
    },
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWT (`alg: none`, empty signature). */
export function unsecuredJwt(claims: JWTPayload): string {
  return `${b64url({ alg: 'none' })}.${b64url(claims)}.`;
}

/** A JWT "signed" with HMAC-SHA256 using `secret`, e.g. the issuer's public key PEM (key confusion). */
export function hmacJwt(claims: JWTPayload, secret: string, kid?: string): string {
  const input = `${b64url({ alg: 'HS256', ...(kid ? { kid } : {}) })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
