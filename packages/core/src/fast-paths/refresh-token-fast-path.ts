import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type { ProviderClient } from '../grants/grant-context.js';
import { authenticateFormClient } from './basic-client-auth.js';
import { isWellFormedScope } from './form-body.js';
import { answerJson } from './json-answer.js';
import { accountOf, liveGrantOf } from './token-grant.js';

const PARAMETERS = new Set(['grant_type', 'refresh_token', 'scope', 'client_id']);
const GTY = 'refresh_token';
// oidc-provider keeps these in an ID Token whatever the grant says (consts/non_rejectable_claims.js).
const NON_REJECTABLE_CLAIMS = new Set(['sub', 'sid', 'auth_time', 'acr', 'amr', 'iss']);

type ClaimsRequest = { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> };

interface StoredRefreshToken {
  accountId: string;
  clientId: string;
  grantId: string;
  acr?: string;
  amr?: string[];
  authTime?: number;
  claims?: ClaimsRequest;
  expiresWithSession?: boolean;
  gty?: string;
  iiat?: number;
  nonce?: string;
  resource?: unknown;
  rotations?: number;
  scope?: string;
  sessionUid?: string;
  sid?: string;
  rar?: unknown;
  jkt?: string;
  attestationJkt?: string;
  'x5t#S256'?: string;
  consumed?: unknown;
  isExpired: boolean;
  scopes: Set<string>;
  consume(): Promise<void>;
  save(): Promise<string>;
}

interface IssuedAccessToken {
  gty?: string;
  claims?: ClaimsRequest;
  scope?: string;
  expiration: number;
  tokenType: string;
  save(): Promise<string>;
}

interface IdTokenInstance {
  scope: string;
  mask: Record<string, unknown>;
  rejected: string[];
  set(name: string, value: unknown): void;
  issue(options: { use: 'idtoken' }): Promise<string>;
}

interface Models {
  RefreshToken: {
    find(value: string, options: { ignoreExpiration: boolean }): Promise<StoredRefreshToken | undefined>;
    new (payload: Record<string, unknown>): StoredRefreshToken;
  };
  AccessToken: new (payload: Record<string, unknown>) => IssuedAccessToken;
  IdToken: new (claims: Record<string, unknown>, options: { client: ProviderClient }) => IdTokenInstance;
}

type ProviderGrant = NonNullable<Awaited<ReturnType<typeof liveGrantOf>>>;

/** The rest of an answer, once the refresh token is consumed: from there on its errors are the request's. */
export type Rotation = () => Promise<void>;

/** The ID Token claims a refresh token's `claims` request still asks for, as oidc-provider filters them (helpers/filter_claims.js). */
function idTokenClaimsRequest(claims: ClaimsRequest | undefined, grant: ProviderGrant): Record<string, unknown> {
  const requested = { ...claims?.id_token };
  const granted = new Set(grant.getOIDCClaimsFiltered(new Set(Object.keys(requested))));
  for (const name of Object.keys(requested)) {
    if (!NON_REJECTABLE_CLAIMS.has(name) && !granted.has(name)) delete requested[name];
  }
  return requested;
}

/**
 * A refresh_token request (RFC 6749 §6) — HTTP Basic, `grant_type`, `refresh_token`, an optional
 * narrower `scope` and `client_id`, nothing else — answered as oidc-provider's refresh_token
 * handler (actions/grants/refresh_token.js) answers it with oidc-kit's configuration: rotation,
 * the new refresh token, access token and ID Token built by oidc-provider's own models from the
 * same members, stored and signed by them. Each check is made there too, before anything is
 * written; a request with anything else (sender-constrained, RAR or resource-bound tokens,
 * pairwise or encrypting clients) or that fails a check is left to oidc-provider, which answers
 * it and gives the precise error, having seen nothing change. A lost consume race also goes there:
 * oidc-provider then reads the token as used and answers `invalid_grant`.
 *
 * Resolves to false (declined) or to the {@link Rotation} that issues the tokens and answers.
 */
export function createRefreshTokenFastPath(provider: Provider, findAccount: FindAccount, knownScopes: ReadonlySet<string>) {
  const models = provider as unknown as Models;

  return async function refreshTokenFastPath(ctx: Context, parameters: Record<string, string> | undefined): Promise<false | Rotation> {
    if (parameters?.grant_type !== GTY || parameters.refresh_token === undefined || !isWellFormedScope(parameters.scope)) return false;
    const requestedScope = parameters.scope;
    const client = await authenticateFormClient(provider, ctx, parameters, PARAMETERS);
    if (!client?.grantTypeAllowed(GTY) || client.tlsClientCertificateBoundAccessTokens || client.subjectType === 'pairwise' || client.idTokenEncryptedResponseAlg) return false;

    const refreshToken = await models.RefreshToken.find(parameters.refresh_token, { ignoreExpiration: true });
    if (!refreshToken || refreshToken.clientId !== client.clientId || refreshToken.isExpired || refreshToken.consumed) return false;
    if (refreshToken['x5t#S256'] || refreshToken.jkt || refreshToken.attestationJkt || refreshToken.rar !== undefined || refreshToken.resource !== undefined) return false;
    // Checks the grant's expiry, client and account as oidc-provider's validateGrant and checkAccountMismatch do.
    const grant = await liveGrantOf(provider, refreshToken.grantId, refreshToken);
    if (!grant) return false;
    const scope = requestedScope !== undefined ? new Set(requestedScope.split(' ')) : refreshToken.scopes;
    for (const name of scope) if (!refreshToken.scopes.has(name)) return false;
    // oidc-kit's `scope` check (provider/requested-scopes.ts): one scope at least must be known.
    if (requestedScope !== undefined && ![...scope].some((name) => knownScopes.has(name))) return false;
    const account = await accountOf(findAccount, refreshToken);
    if (!account) return false;

    // Single use: the adapter refuses a second consume (the loser of a race declines here).
    await refreshToken.consume();

    return async () => {
      const gty = refreshToken.gty && !refreshToken.gty.endsWith(GTY) ? `${refreshToken.gty} ${GTY}` : refreshToken.gty;
      const rotated = new models.RefreshToken({
        accountId: refreshToken.accountId,
        acr: refreshToken.acr,
        amr: refreshToken.amr,
        authTime: refreshToken.authTime,
        claims: refreshToken.claims,
        client,
        expiresWithSession: refreshToken.expiresWithSession,
        iiat: refreshToken.iiat,
        grantId: refreshToken.grantId,
        gty,
        nonce: refreshToken.nonce,
        rotations: typeof refreshToken.rotations === 'number' ? refreshToken.rotations + 1 : 1,
        scope: refreshToken.scope,
        sessionUid: refreshToken.sessionUid,
        sid: refreshToken.sid,
      });
      const refreshTokenValue = await rotated.save();

      const accessToken = new models.AccessToken({
        accountId: account.accountId,
        client,
        expiresWithSession: refreshToken.expiresWithSession,
        grantId: refreshToken.grantId,
        gty,
        sessionUid: refreshToken.sessionUid,
        sid: refreshToken.sid,
      });
      accessToken.claims = refreshToken.claims;
      accessToken.scope = grant.getOIDCScopeFiltered(scope);
      const accessTokenValue = await accessToken.save();

      let idToken: string | undefined;
      if (scope.has('openid')) {
        const claims = idTokenClaimsRequest(refreshToken.claims, grant);
        const rejected = grant.getRejectedOIDCClaims();
        const token = new models.IdToken({
          ...(await account.claims('id_token', [...scope].join(' '), claims as never, rejected)),
          sub: account.accountId,
          acr: refreshToken.acr,
          amr: refreshToken.amr,
          auth_time: refreshToken.authTime,
        }, { client });
        // conformIdTokenClaims with userinfo on and an access token without audience: the
        // profile claims are for userinfo, the ID Token's own scope is `openid`.
        token.scope = 'openid';
        token.mask = claims;
        token.rejected = rejected;
        token.set('nonce', refreshToken.nonce);
        token.set('sid', refreshToken.sid);
        idToken = await token.issue({ use: 'idtoken' });
      }

      const response: Record<string, unknown> = {
        access_token: accessTokenValue,
        expires_in: accessToken.expiration,
        id_token: idToken,
        refresh_token: refreshTokenValue,
        scope: rotated.scope ? accessToken.scope : (accessToken.scope || undefined),
        token_type: accessToken.tokenType,
      };
      for (const name in response) if (response[name] === undefined) delete response[name];
      answerJson(ctx, response);
    };
  };
}
