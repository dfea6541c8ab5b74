import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import type { Context, Next } from 'koa';
import { looksLikeJwt, type JwtAccessTokens } from '../access-tokens/jwt-access-tokens.js';
import { giveBackBody, takeBody } from '../helpers/peek-body.js';
import { PROVIDER_BODY_LIMIT } from '../helpers/request-limits.js';
import { bodyIs } from '../helpers/body-type.js';

/** Where the token to look up travels, per route. */
export interface JwtLookupRoutes {
  userinfo: string;
  introspection: string;
  revocation: string;
}

const UNKNOWN = 'jwt_unknown';

/**
 * Lets introspection, revocation and userinfo accept this issuer's JWT access tokens by swapping
 * the JWT for the id of its shadow record before oidc-provider sees the request (see
 * `createJwtAccessTokens`). A JWT that does not verify becomes an unknown token: inactive at
 * introspection, ignored by revocation, `invalid_token` at userinfo.
 */
export function jwtAccessTokenLookup(jwt: JwtAccessTokens, routes: JwtLookupRoutes) {
  async function swap(value: string, ctx: Context): Promise<string> {
    const resolved = await jwt.resolve(value);
    if (resolved) ctx.state.jwtAccessToken = resolved.claims;
    return resolved?.shadowId ?? UNKNOWN;
  }

  // Not async: requests to other routes (the token endpoint above all) pass without a promise.
  return function lookupJwtAccessToken(ctx: Context, next: Next) {
    const path = ctx.path;
    if (path !== routes.userinfo && path !== routes.introspection && path !== routes.revocation) return next();
    return swapJwtAccessToken(ctx, next);
  };

  async function swapJwtAccessToken(ctx: Context, next: Next) {
    if (ctx.path === routes.userinfo) {
      const header = ctx.get('authorization');
      const bearer = /^bearer (.+)$/i.exec(header)?.[1]?.trim();
      if (bearer && looksLikeJwt(bearer)) ctx.req.headers.authorization = `Bearer ${await swap(bearer, ctx)}`;
      const query = ctx.query.access_token;
      if (typeof query === 'string' && looksLikeJwt(query)) ctx.querystring = stringifyQuery({ ...ctx.query, access_token: await swap(query, ctx) });
    } else if ((ctx.path === routes.introspection || ctx.path === routes.revocation) && ctx.method === 'POST' && bodyIs(ctx, 'form')) {
      const raw = await takeBody(ctx.req, PROVIDER_BODY_LIMIT);
      const body = parseQuery(raw.toString('utf8'));
      const swapped = typeof body.token === 'string' && looksLikeJwt(body.token);
      if (swapped) body.token = await swap(body.token as string, ctx);
      // oidc-provider parses the (rewritten) body from the stream itself.
      const giveBack = swapped ? Buffer.from(stringifyQuery(body)) : raw;
      if (!giveBackBody(ctx.req, giveBack)) (ctx.request as unknown as { body: unknown }).body = body;
    }
    return next();
  }
}
