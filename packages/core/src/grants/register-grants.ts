import type { default as Provider } from 'oidc-provider';
import type { IdentityProviderOptions } from '../options/types.js';
import type { GrantContext } from './grant-context.js';
import * as clientCredentials from './client-credentials.js';
import * as jwtBearer from './jwt-bearer.js';
import * as password from './password.js';
import * as samlBearer from './saml-bearer.js';

/**
 * Registers the grants oidc-provider does not ship (password, RFC 7523, RFC 7522), and oidc-kit's
 * client_credentials handler, as the options
 * switch them on, and returns their grant type names. A client still needs the grant type in its
 * `grant_types` to use one.
 */
export function registerExtensionGrants(provider: Provider, grant: GrantContext, grants: IdentityProviderOptions['grants'] = {}): string[] {
  const registered: string[] = [];
  if (grants.clientCredentials !== false) {
    provider.registerGrantType(clientCredentials.grantType, clientCredentials.createHandler(grant), clientCredentials.parameters);
    registered.push(clientCredentials.grantType);
  }
  if (grants.password !== false) {
    provider.registerGrantType(password.grantType, password.createHandler(grant), password.parameters);
    registered.push(password.grantType);
  }
  if (grants.jwtBearer && grants.jwtBearer.issuers.length > 0) {
    const issuers = jwtBearer.trustedIssuers(grants.jwtBearer.issuers);
    provider.registerGrantType(jwtBearer.grantType, jwtBearer.createHandler(grant, issuers, grants.jwtBearer.clockSkewSeconds), jwtBearer.parameters);
    registered.push(jwtBearer.grantType);
  }
  if (grants.samlBearer && grants.samlBearer.idps.length > 0) {
    const idps = samlBearer.trustedIdps(grants.samlBearer.idps);
    provider.registerGrantType(samlBearer.grantType, samlBearer.createHandler(grant, idps, grants.samlBearer.clockSkewSeconds), samlBearer.parameters);
    registered.push(samlBearer.grantType);
  }
  return registered;
}
