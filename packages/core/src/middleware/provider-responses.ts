import type { Context, Next } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { CREDENTIAL_PARAMETERS } from '../helpers/claimed-client-id.js';
import type { AccountStore } from '../stores/account-store.js';

/**
 * Completes oidc-provider's responses where the standards or the products oidc-kit replaces ask
 * for more:
 * - token, introspection, revocation: a request without any client authentication, or whose
 *   HTTP Basic credentials cannot be read, is 401 `invalid_client` with a `WWW-Authenticate`
 *   challenge (RFC 6749 §5.2);
 * - introspection of a token oidc-provider cannot look up (a JWT, when access tokens are opaque) is
 *   `{"active": false}` (RFC 7662 §2.2), its revocation a 200 (RFC 7009 §2.2);
 * - `invalid_scope` without the requested scope echoed back (not a member of RFC 6749 §5.2);
 * - token: a grant type the client is not registered for is `unauthorized_client` (RFC 6749
 *   §5.2), not `invalid_request`;
 * - introspection: `username`, `nbf` and, for JWT access tokens, the JWT's own `jti` and `aud`
 *   (RFC 7662 §2.2);
 * - discovery: the auth methods of the introspection (without `none`) and revocation endpoints
 *   (RFC 8414 §2);
 * - a store that is down is 503, not 500.
 */
/** oidc-provider's one description for every invalid_grant; the detail stays hidden on purpose. */
const GENERIC_INVALID_GRANT = 'grant request is invalid';
const INVALID_GRANT_DESCRIPTIONS: Record<string, string> = {
  authorization_code: 'the authorization code is invalid, expired, already used, or was issued to another client or redirect_uri',
  refresh_token: 'the refresh token is invalid, expired, revoked, or was issued to another client',
};

const CLIENT_AUTH_ROUTES = new Set(['token', 'introspection', 'revocation']);
/** oidc-provider's descriptions of an `Authorization: Basic` header it could not read. */
const UNREADABLE_BASIC = new Set([
  'invalid authorization header value format',
  'client_id and client_secret in the authorization header are not properly encoded',
  'client_secret must be provided in the Authorization header',
]);

function sentClientCredentials(ctx: Context): boolean {
  if (ctx.get('authorization')) return true;
  const params = (ctx as unknown as KoaContextWithOIDC).oidc.params ?? {};
  return ['client_id', ...CREDENTIAL_PARAMETERS].some((name) => params[name] !== undefined);
}

export function completeProviderResponses(accounts: AccountStore, enabledGrantTypes: ReadonlySet<string>) {
  return async function completeResponse(ctx: Context, next: Next) {
    await next();
    const { oidc } = ctx as unknown as KoaContextWithOIDC;
    if (ctx.state.storageUnavailable) {
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      if (ctx.body && typeof ctx.body === 'object') ctx.body = { error: 'server_error', error_description: 'storage is temporarily unavailable, try again shortly' };
      return;
    }
    if (!oidc || !ctx.body || typeof ctx.body !== 'object') return;
    const body = ctx.body as Record<string, unknown>;

    if (CLIENT_AUTH_ROUTES.has(oidc.route) && ctx.status === 400 && body.error === 'invalid_request' && !oidc.client) {
      // RFC 6749 §5.2: no client authentication at all, or an attempt through the Authorization
      // header that failed, is invalid_client, 401 with a challenge.
      const unreadableBasic = UNREADABLE_BASIC.has(String(body.error_description));
      if (unreadableBasic || !sentClientCredentials(ctx)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', `Basic realm="${oidc.issuer}"`);
        ctx.body = { error: 'invalid_client', error_description: unreadableBasic ? `client authentication failed: ${String(body.error_description)}` : 'client authentication is required' };
        return;
      }
    }

    if (body.error === 'unsupported_token_type' && (oidc.route === 'introspection' || oidc.route === 'revocation')) {
      // oidc-provider refuses any JWT-shaped token it cannot look up; to the client it is a token
      // that is not active here (RFC 7662 §2.2) or nothing to revoke (RFC 7009 §2.2).
      ctx.status = 200;
      ctx.body = oidc.route === 'introspection' ? { active: false } : '';
      return;
    }

    if (body.error === 'invalid_scope') {
      delete body.scope;
      return;
    }

    if (oidc.route === 'token' && ctx.status === 400 && body.error === 'invalid_request') {
      const grantType = oidc.params?.grant_type;
      if (typeof grantType === 'string' && enabledGrantTypes.has(grantType) && oidc.client && !oidc.client.grantTypeAllowed(grantType)) {
        ctx.body = { error: 'unauthorized_client', error_description: `the client is not allowed to use the ${grantType} grant type` };
      }
      return;
    }

    if (oidc.route === 'token' && body.error === 'invalid_grant' && body.error_description === GENERIC_INVALID_GRANT) {
      const specific = INVALID_GRANT_DESCRIPTIONS[String(oidc.params?.grant_type)];
      if (specific) body.error_description = specific;
      return;
    }

    if (oidc.route === 'discovery' && Array.isArray(body.token_endpoint_auth_methods_supported)) {
      // RFC 8414 §2: without these members a client would assume client_secret_basic only.
      for (const endpoint of ['introspection', 'revocation']) {
        if (body[`${endpoint}_endpoint`]) {
          const methods = body.token_endpoint_auth_methods_supported as string[];
          // RFC 7662 §2.1: introspection requires client authentication.
          body[`${endpoint}_endpoint_auth_methods_supported`] ??= endpoint === 'introspection' ? methods.filter((method) => method !== 'none') : methods;
          body[`${endpoint}_endpoint_auth_signing_alg_values_supported`] ??= body.token_endpoint_auth_signing_alg_values_supported;
        }
      }
      return;
    }

    if (oidc.route === 'introspection' && body.active === true) {
      const jwt = ctx.state.jwtAccessToken as Record<string, unknown> | undefined;
      if (jwt) Object.assign(body, { jti: jwt.jti, aud: jwt.aud, sub: body.sub ?? jwt.sub });
      ctx.body = await completeIntrospection(body, accounts);
    }
  };
}

/**
 * An active introspection answer as oidc-kit gives it: with the RFC 7662 §2.2 members
 * oidc-provider leaves out — `nbf` (the token is valid from its issue) and the `username` of the
 * user it was issued for — and inactive when that user has been disabled or deleted since, as
 * the token no longer works at UserInfo or for a refresh either (a resource server must not
 * accept it). A store that fails is an error (503), never an inactive answer.
 */
export async function completeIntrospection(body: Record<string, unknown>, accounts: AccountStore): Promise<Record<string, unknown>> {
  if (body.nbf === undefined && typeof body.iat === 'number') body.nbf = body.iat;
  if (typeof body.sub === 'string' && body.sub !== body.client_id) {
    const account = await accounts.findById(body.sub);
    if (!account || account.disabled) return { active: false };
    body.username = account.username;
  }
  return body;
}
