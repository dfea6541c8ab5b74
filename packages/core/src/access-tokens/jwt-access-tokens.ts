import { createHmac } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { errors } from 'oidc-provider';
import type { Adapter, AdapterPayload } from '../adapters/adapter.js';

/**
 * RFC 9068 JWT access tokens that stay introspectable, revocable and usable at userinfo.
 *
 * oidc-provider issues JWT access tokens only for a resource server (RFC 8707) and never stores
 * them, so introspection and revocation refuse them. oidc-kit makes the configured audience the
 * default resource of every request, and, while signing, stores a shadow record of the token
 * (an ordinary opaque-format record) under an HMAC of its `jti`. Introspection, revocation and
 * userinfo verify the JWT and look the shadow up instead: revoking deletes the shadow, and grant
 * revocation (code replay) deletes it with the grant's other tokens.
 */
export interface JwtAccessTokenOptions {
  issuer: string;
  audience: string;
  signingAlg: string;
  ttl: number;
  scopes: string[];
  /** A secret shared by all instances (the first cookie key), so any instance finds a shadow. */
  secret: string;
  publicKeys: { keys: JWK[] };
}

export interface JwtAccessTokens {
  audience: string;
  /** What `getResourceServerInfo` answers for the audience. */
  resourceServerInfo: Record<string, unknown>;
  resourceIndicators: Record<string, unknown>;
  customizer: (ctx: unknown, token: TokenLike, jwt: { header?: Record<string, unknown>; payload: JWTPayload }) => Promise<void>;
  /** Verifies a JWT access token of this issuer; returns the shadow id and the JWT's claims. */
  resolve(value: string): Promise<ResolvedJwtAccessToken | undefined>;
}

export interface ResolvedJwtAccessToken {
  shadowId: string;
  claims: JWTPayload;
}

interface TokenLike {
  kind: string;
  adapter: Adapter;
  constructor: { IN_PAYLOAD: string[] };
  [key: string]: unknown;
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** True when the value has the compact JWS shape (three base64url parts). */
export function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && value.length < 16_384 && JWT_SHAPE.test(value);
}

export function createJwtAccessTokens(options: JwtAccessTokenOptions): JwtAccessTokens {
  const { audience, scopes } = options;
  const jwks = createLocalJWKSet(options.publicKeys);
  const shadowIdFor = (jti: string) => `jwt_${createHmac('sha256', options.secret).update(`oidc-kit:jwt-at:${jti}`).digest('base64url')}`;

  const resourceServerInfo = {
    scope: scopes.join(' '),
    audience,
    accessTokenTTL: options.ttl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: options.signingAlg } },
  };

  return {
    audience,
    resourceServerInfo,
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx: unknown, _client: unknown, oneOf?: string[]) => {
        if (oneOf) return oneOf.includes(audience) ? audience : oneOf[0];
        return audience;
      },
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx: unknown, indicator: string) => {
        if (indicator !== audience) throw new errors.InvalidTarget(`resource indicator must be ${audience}`);
        return resourceServerInfo;
      },
    },

    async customizer(_ctx, token, jwt) {
      const { jti, iat, exp } = jwt.payload;
      if (typeof jti !== 'string' || typeof exp !== 'number') return;
      const shadowId = shadowIdFor(jti);
      const record: AdapterPayload = {};
      for (const key of token.constructor.IN_PAYLOAD) {
        if (token[key] !== undefined) record[key] = token[key];
      }
      // The shadow is an opaque-format record; without `aud` it is also accepted at userinfo.
      delete record.aud;
      delete record.format;
      Object.assign(record, { jti: shadowId, kind: token.kind, iat, exp });
      await token.adapter.upsert(shadowId, record, Math.max(1, exp - Math.floor(Date.now() / 1000)));
    },

    async resolve(value) {
      try {
        const { payload } = await jwtVerify(value, jwks, { issuer: options.issuer, typ: 'at+jwt' });
        if (typeof payload.jti !== 'string') return undefined;
        return { shadowId: shadowIdFor(payload.jti), claims: payload };
      } catch {
        return undefined;
      }
    },
  };
}
