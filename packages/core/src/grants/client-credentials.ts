import type { KoaContextWithOIDC } from 'oidc-provider';
import { requestedScopes, type GrantContext } from './grant-context.js';

export const grantType = 'client_credentials';
export const parameters = ['scope'];

/** Scopes about an end-user; without one they are granted only when asked for by name. */
const USER_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'phone', 'address']);

/**
 * Client Credentials (RFC 6749 §4.4), replacing oidc-provider's handler so that an unknown or
 * unregistered scope is `invalid_scope` (§5.2) instead of being dropped silently, and so that an
 * omitted scope means the client's registered service scopes (§3.3). The token is oidc-provider's
 * own ClientCredentials model: introspection, revocation and JWT formatting treat it as usual.
 */
export function createHandler(grant: GrantContext) {
  return async function clientCredentialsGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const { provider, client } = ctx.oidc;
    const scopes = requestedScopes(ctx, grant.scopes, (registered) => registered.filter((scope) => !USER_SCOPES.has(scope)));
    const token = new provider.ClientCredentials({ client: client!, scope: scopes.join(' ') || undefined });
    if (grant.resource) token.resourceServer = new provider.ResourceServer(grant.resource.indicator, grant.resource.info as never);
    ctx.oidc.entity('ClientCredentials', token);
    const value = await token.save();
    ctx.body = {
      access_token: value,
      expires_in: token.expiration,
      token_type: 'Bearer',
      ...(token.scope ? { scope: token.scope } : {}),
    };
  };
}
