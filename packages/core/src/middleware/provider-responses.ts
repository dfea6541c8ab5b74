import type { Context, Next } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AccountStore } from '../stores/account-store.js';

/**
 * Completes oidc-provider's responses where the standards or the products oidc-kit replaces ask
 * for more:
 * - token, introspection, revocation: a request without any client authentication is 401
 *   `invalid_client` with a `WWW-Authenticate` challenge (RFC 6749 §5.2);
 * - token: a grant type the client is not registered for is `unauthorized_client` (RFC 6749
 *   §5.2), not `invalid_request`;
 * - introspection: `username`, `nbf` and, for JWT access tokens, the JWT's own `jti` and `aud`
 *   (RFC 7662 §2.2);
 * - discovery: the auth methods of the introspection and revocation endpoints (RFC 8414 §2);
 * - a store that is down is 503, not 500.
 */
/** oidc-provider's one description for every invalid_grant; the detail stays hidden on purpose. */
const GENERIC_INVALID_GRANT = 'grant request is invalid';
const INVALID_GRANT_DESCRIPTIONS: Record<string, string> = {
  authorization_code: 'the authorization code is invalid, expired, already used, or was issued to another client or redirect_uri',
  refresh_token: 'the refresh token is invalid, expired, revoked, or was issued to another client',
};

const CLIENT_AUTH_ROUTES = new Set(['token', 'introspection', 'revocation']);

function sentClientCredentials(ctx: Context): boolean {
  if (ctx.get('authorization')) return true;
  const params = (ctx as unknown as KoaContextWithOIDC).oidc.params ?? {};
  return ['client_id', 'client_assertion', 'client_secret'].some((name) => params[name] !== undefined);
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

    if (CLIENT_AUTH_ROUTES.has(oidc.route) && ctx.status === 400 && body.error === 'invalid_request' && !oidc.client && !sentClientCredentials(ctx)) {
      // RFC 6749 §5.2: no client authentication at all is invalid_client, 401 with a challenge.
      ctx.status = 401;
      ctx.set('WWW-Authenticate', `Basic realm="${oidc.issuer}"`);
      ctx.body = { error: 'invalid_client', error_description: 'client authentication is required' };
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
          body[`${endpoint}_endpoint_auth_methods_supported`] ??= body.token_endpoint_auth_methods_supported;
          body[`${endpoint}_endpoint_auth_signing_alg_values_supported`] ??= body.token_endpoint_auth_signing_alg_values_supported;
        }
      }
      return;
    }

    if (oidc.route === 'introspection' && body.active === true) {
      const jwt = ctx.state.jwtAccessToken as Record<string, unknown> | undefined;
      if (jwt) Object.assign(body, { jti: jwt.jti, aud: jwt.aud });
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
