import { errors } from 'oidc-provider';

/**
 * oidc-kit's rules for client metadata registered through the admin API or RFC 7591, on top of
 * oidc-provider's own schema (which runs too). Static clients from the options are not held to
 * them, so existing deployments keep starting.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** Metadata holding a single URI that a browser or the IdP will fetch or show as a link. */
const WEB_URI_MEMBERS = ['client_uri', 'logo_uri', 'policy_uri', 'tos_uri', 'jwks_uri', 'sector_identifier_uri', 'initiate_login_uri', 'backchannel_logout_uri'];
const REDIRECT_MEMBERS = ['redirect_uris', 'post_logout_redirect_uris'];

function invalid(description: string): Error {
  // oidc-provider answers `invalid_redirect_uri` when the description starts with "redirect_uris".
  return new errors.InvalidClientMetadata(description);
}

/** Whether a URL is `http:` on a loopback host (RFC 8252 §7.3 and local development). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** An absolute URI without a fragment, https unless it is http on a loopback host. */
function checkWebUri(member: string, value: unknown): void {
  if (typeof value !== 'string') return; // oidc-provider's schema reports the wrong type.
  const url = URL.parse(value);
  if (!url) throw invalid(`${member} must be absolute URIs`);
  if (value.includes('#')) throw invalid(`${member} must not contain fragments`);
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) throw invalid(`${member} must use https (http only on 127.0.0.1, [::1] or localhost)`);
}

function checkRedirectUri(member: string, value: unknown, native: boolean): void {
  if (typeof value !== 'string') return;
  const url = URL.parse(value);
  if (!url) throw invalid(`${member} must be absolute URIs`);
  if (value.includes('#')) throw invalid(`${member} must not contain fragments`);
  // Native apps may use private-use schemes (RFC 8252 §7.1); oidc-provider checks those.
  if (native && url.protocol !== 'http:' && url.protocol !== 'https:') return;
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) throw invalid(`${member} must use https (http only on 127.0.0.1, [::1] or localhost)`);
}

function responseTypeParts(responseTypes: unknown): Set<string> {
  if (!Array.isArray(responseTypes)) return new Set();
  return new Set(responseTypes.filter((t): t is string => typeof t === 'string').flatMap((t) => t.split(' ')));
}

/**
 * The response types a client needs for its grant types, when it did not say: `code` for
 * authorization_code, none otherwise (hybrid and implicit clients must list theirs).
 */
export function deriveResponseTypes(grantTypes: unknown): string[] {
  return Array.isArray(grantTypes) && grantTypes.includes('authorization_code') ? ['code'] : [];
}

/**
 * Grant types and response types that agree (OpenID Connect Dynamic Client Registration §2):
 * `code` goes with authorization_code, `token`/`id_token` with implicit, and the other way round.
 * oidc-provider silently adds or drops grant types instead; a registrant is better told.
 */
export function checkGrantResponseConsistency(grantTypes: unknown, responseTypes: unknown): void {
  if (!Array.isArray(grantTypes) || !Array.isArray(responseTypes)) return;
  const parts = responseTypeParts(responseTypes);
  const hasCode = grantTypes.includes('authorization_code');
  const hasImplicit = grantTypes.includes('implicit');
  if (parts.has('code') && !hasCode) throw invalid('response_types with "code" need grant_types to include "authorization_code"');
  if ((parts.has('token') || parts.has('id_token')) && !hasImplicit) throw invalid('response_types with "token" or "id_token" need grant_types to include "implicit"');
  if (hasCode && !parts.has('code')) throw invalid('grant_types "authorization_code" needs a response_types entry with "code"');
  if (hasImplicit && !parts.has('token') && !parts.has('id_token')) throw invalid('grant_types "implicit" needs a response_types entry with "token" or "id_token"');
}

/**
 * Checks the URIs of client metadata: absolute, no fragments, https except on loopback hosts.
 * Throws oidc-provider's `InvalidClientMetadata` (`invalid_redirect_uri` for redirect URIs).
 */
export function checkClientUris(metadata: Record<string, unknown>): void {
  const native = metadata.application_type === 'native';
  for (const member of REDIRECT_MEMBERS) {
    const value = metadata[member];
    if (Array.isArray(value)) for (const uri of value) checkRedirectUri(member, uri, native);
  }
  for (const member of WEB_URI_MEMBERS) checkWebUri(member, metadata[member]);
}

/** Every oidc-kit rule: URIs, and grant/response type consistency. */
export function checkClientRules(metadata: Record<string, unknown>): void {
  checkClientUris(metadata);
  checkGrantResponseConsistency(metadata.grant_types, metadata.response_types);
}
