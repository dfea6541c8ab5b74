import type { KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { STANDARD_SCOPES } from '../provider/build-configuration.js';
import { requestedScopes, type GrantContext, type ProviderClient } from './grant-context.js';

export const grantType = 'client_credentials';
export const parameters = ['scope'];

/** Scopes about an end-user (the standard ones); without one they are granted only when asked for by name. */
const USER_SCOPES = new Set(STANDARD_SCOPES);

/** Default scopes of a client_credentials request: the client's registered scopes that are not about a user. */
export function serviceScopes(registered: string[]): string[] {
  return registered.filter((scope) => !USER_SCOPES.has(scope));
}

/** The token response of a client_credentials request (RFC 6749 §4.4.3). */
export interface ClientCredentialsResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope?: string;
}

/**
 * Issues and stores the access token of an authenticated client_credentials request, as
 * oidc-provider's own ClientCredentials model (introspection, revocation and the JWT format treat
 * it as usual). `onToken` sees the token before it is saved.
 */
export async function issueClientCredentials(provider: Provider, grant: GrantContext, client: ProviderClient, scopes: string[], onToken?: (token: InstanceType<Provider['ClientCredentials']>) => void): Promise<ClientCredentialsResponse> {
  const token = new provider.ClientCredentials({ client, scope: scopes.join(' ') || undefined });
  if (grant.resource) token.resourceServer = new provider.ResourceServer(grant.resource.indicator, grant.resource.info as never);
  onToken?.(token);
  const value = await token.save();
  return clientCredentialsResponse(value, token.expiration, token.scope);
}

/** The response for an issued token; `scope` only when there is one. */
export function clientCredentialsResponse(accessToken: string, expiresIn: number, scope: string | undefined): ClientCredentialsResponse {
  return { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer', ...(scope ? { scope } : {}) };
}

/**
 * Client Credentials (RFC 6749 §4.4), replacing oidc-provider's handler so that an unknown or
 * unregistered scope is `invalid_scope` (§5.2) instead of being dropped silently, and so that an
 * omitted scope means the client's registered service scopes (§3.3).
 */
export function createHandler(grant: GrantContext) {
  return async function clientCredentialsGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const { provider, client } = ctx.oidc;
    const scopes = requestedScopes(ctx, grant.scopes, serviceScopes);
    ctx.body = await issueClientCredentials(provider, grant, client!, scopes, (token) => ctx.oidc.entity('ClientCredentials', token));
  };
}
