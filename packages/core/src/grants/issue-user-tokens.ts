import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';

export interface UserTokenRequest {
  accountId: string;
  /** Scopes already checked against the client and the provider. */
  scopes: string[];
  /** The grant type, recorded on the tokens (`gty`). */
  gty: string;
  /** Authentication methods (RFC 8176), e.g. `['pwd']`; go into the ID Token. */
  amr?: string[];
  /** The resource server (JWT access tokens) to which the access token is audience-restricted. */
  resource?: { indicator: string; info: Record<string, unknown> };
}

/**
 * Issues tokens for a user through oidc-provider's own models — a Grant, an AccessToken, a
 * RefreshToken (when `offline_access` is granted and the client may refresh) and an ID Token
 * (when `openid` is granted) — so that userinfo, introspection, revocation and refresh treat
 * them like the tokens of any other grant.
 */
export async function issueUserTokens(ctx: KoaContextWithOIDC, findAccount: FindAccount, request: UserTokenRequest): Promise<void> {
  const { provider, client } = ctx.oidc;
  if (!client) throw new errors.InvalidClient('client authentication is required');
  const scope = request.scopes.join(' ');
  const authTime = Math.floor(Date.now() / 1000);

  const account = await findAccount(ctx, request.accountId);
  if (!account) throw new errors.InvalidGrant('the account is not available');
  ctx.oidc.entity('Account', account);

  const grant = new provider.Grant({ accountId: request.accountId, clientId: client.clientId });
  if (scope) grant.addOIDCScope(scope);
  if (request.resource) grant.addResourceScope(request.resource.indicator, scope);
  const grantId = await grant.save();
  ctx.oidc.entity('Grant', grant);

  const accessToken = new provider.AccessToken({ accountId: request.accountId, client, grantId, gty: request.gty, scope: scope || undefined });
  if (request.resource) {
    accessToken.resourceServer = new provider.ResourceServer(request.resource.indicator, request.resource.info as never);
  }
  ctx.oidc.entity('AccessToken', accessToken);
  const accessTokenValue = await accessToken.save();

  let refreshTokenValue: string | undefined;
  if (request.scopes.includes('offline_access') && client.grantTypeAllowed('refresh_token')) {
    const refreshToken = new provider.RefreshToken({
      accountId: request.accountId,
      amr: request.amr,
      authTime,
      // Asks for auth_time and amr in the ID Tokens that refreshing issues, as the first one has them.
      claims: { id_token: { auth_time: { essential: true }, ...(request.amr ? { amr: null } : {}) } },
      client,
      grantId,
      gty: request.gty,
      rotations: 0,
      scope,
      ...(request.resource ? { resource: request.resource.indicator } : {}),
    });
    ctx.oidc.entity('RefreshToken', refreshToken);
    refreshTokenValue = await refreshToken.save();
  }

  let idTokenValue: string | undefined;
  if (request.scopes.includes('openid')) {
    const claims = await account.claims('id_token', scope, {}, []);
    const idToken = new provider.IdToken(claims, { ctx });
    // Set outside the claims mask: they describe the authentication, not the user.
    idToken.set('auth_time', authTime);
    if (request.amr) idToken.set('amr', request.amr);
    // Profile claims go in the ID Token only when the access token cannot fetch them at userinfo.
    (idToken as unknown as { scope: string }).scope = request.resource ? grant.getOIDCScopeFiltered(new Set(request.scopes)) : 'openid';
    idTokenValue = await idToken.issue({ use: 'idtoken' });
  }

  ctx.body = {
    access_token: accessTokenValue,
    expires_in: accessToken.expiration,
    token_type: 'Bearer',
    scope: accessToken.scope ?? scope,
    ...(refreshTokenValue ? { refresh_token: refreshTokenValue } : {}),
    ...(idTokenValue ? { id_token: idTokenValue } : {}),
  };
}
