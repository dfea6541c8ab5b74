import type { Context, Next } from 'koa';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';

/** The scope an authorization request without one (or with an empty one) is taken to ask for. */
export const DEFAULT_AUTHORIZATION_SCOPE = 'openid';

/**
 * oidc-provider drops scopes it does not know; a request that asks only for such scopes went on to
 * a sign-in and an empty consent, and ended in `access_denied`. RFC 6749 §3.3: it is
 * `invalid_scope`, answered before any user interaction. Runs as oidc-provider's `extraParams`
 * validator of `scope`, after the client and the redirect URI are checked, so the error goes
 * back to the client.
 */
export function rejectUnknownScopes(known: ReadonlySet<string>) {
  return (_ctx: KoaContextWithOIDC, value: string | undefined) => {
    if (value === undefined) return;
    if (!value.split(' ').some((scope) => known.has(scope))) throw new errors.InvalidScope('none of the requested scopes is supported', undefined as unknown as string);
  };
}

/**
 * RFC 6749 §3.3: an authorization request that leaves `scope` out (or sends it empty) is
 * processed with a default, `openid`, instead of failing after the user has signed in. (Some
 * services oidc-kit replaces documented `scope` as "currently empty".) Requests carrying a request
 * object or a pushed request are left to oidc-provider.
 */
export function defaultAuthorizationScope(authorizationPath: string) {
  // Not async: every other request passes without a promise of its own.
  return function assignDefaultScope(ctx: Context, next: Next) {
    if (ctx.path !== authorizationPath || ctx.method !== 'GET') return next();
    const { scope, request, request_uri: requestUri } = ctx.query;
    if (request === undefined && requestUri === undefined && (scope === undefined || (typeof scope === 'string' && scope.trim() === ''))) {
      const params = new URLSearchParams(ctx.querystring);
      params.set('scope', DEFAULT_AUTHORIZATION_SCOPE);
      ctx.querystring = params.toString();
    }
    return next();
  };
}
