import type { Context, Next } from 'koa';
import { CREDENTIAL_PARAMETERS } from '../helpers/claimed-client-id.js';
import { loadFormParameters } from './form-parameters.js';

/** The headers that carry client credentials. */
const CREDENTIAL_HEADERS = ['authorization', 'oauth-client-attestation'] as const;

/**
 * RFC 7662 §2.1: introspection requires client authentication. oidc-provider lets a public client
 * (authentication method `none`) through and refuses it only once the token has been found, so a
 * bare `client_id` told a live token from an unknown one. A request without any credentials is
 * answered 401 `invalid_client` here, before any token is looked up.
 */
export function requireIntrospectionCredentials(path: string, issuer: string) {
  // Not async: requests to other routes pass without a promise.
  return function checkIntrospectionCredentials(ctx: Context, next: Next) {
    if (ctx.method !== 'POST' || ctx.path !== path) return next();
    return refuseWithoutCredentials(ctx, next, issuer);
  };
}

async function refuseWithoutCredentials(ctx: Context, next: Next, issuer: string): Promise<void> {
  const headers = ctx.req.headers;
  if (CREDENTIAL_HEADERS.some((name) => headers[name] !== undefined)) return next();
  const parameters = await loadFormParameters(ctx);
  if (CREDENTIAL_PARAMETERS.some((name) => parameters?.[name] !== undefined)) return next();
  ctx.status = 401;
  ctx.set('WWW-Authenticate', `Basic realm="${issuer}"`);
  ctx.body = { error: 'invalid_client', error_description: 'client authentication is required: introspection is for authenticated (confidential) clients' };
}
