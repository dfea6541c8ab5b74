import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type { ProviderClient } from '../grants/grant-context.js';
import { answerJson } from './json-answer.js';
import { accountOf, liveGrantOf } from './token-grant.js';

interface UserAccessToken {
  accountId: string;
  clientId: string;
  grantId: string;
  scope?: string;
  aud?: unknown;
  claims?: unknown;
  jkt?: string;
  'x5t#S256'?: string;
  scopes: Set<string>;
}

interface ClaimsMask {
  scope(value: string): void;
  rejected(value: string[]): void;
  result(): Promise<Record<string, unknown>>;
}

interface Models {
  AccessToken: { find(value: string): Promise<UserAccessToken | undefined> };
  Client: { find(id: string): Promise<ProviderClient | undefined> };
  Claims: new (available: Record<string, unknown>, options: { client: ProviderClient }) => ClaimsMask;
}

/** The value of `Authorization: Bearer <token>` (RFC 6750 §2.1), when that is all there is. */
function bearer(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const value = authorization.slice(7);
  return value !== '' && !value.includes(' ') ? value : undefined;
}

/**
 * UserInfo (OpenID Connect Core §5.3) for `GET` with an opaque Bearer token and nothing else,
 * answered as oidc-provider's endpoint would: the token (found, unexpired, with `openid`, no
 * audience), its client, account and grant, each checked as there, and the claims released by the
 * granted scopes through oidc-provider's own Claims mask. JWT access tokens, tokens carrying a
 * `claims` request, sender-constrained tokens, pairwise clients, signed or encrypted userinfo and
 * any failed check are left to oidc-provider (the function returns false having answered nothing),
 * which gives the precise error and its `WWW-Authenticate` challenge.
 */
export function createUserinfoFastPath(provider: Provider, findAccount: FindAccount) {
  const models = provider as unknown as Models;

  return async function userinfoFastPath(ctx: Context): Promise<boolean> {
    const value = bearer(ctx.req.headers.authorization);
    if (value === undefined || value.includes('.')) return false;
    const token = await models.AccessToken.find(value);
    if (!token || !token.scopes.has('openid') || token.aud !== undefined || token.claims !== undefined || token.jkt || token['x5t#S256']) return false;

    const client = await models.Client.find(token.clientId);
    if (!client || client.subjectType === 'pairwise' || client.userinfoSignedResponseAlg || client.userinfoEncryptedResponseAlg) return false;
    const account = await accountOf(findAccount, token);
    if (!account) return false;
    const grant = await liveGrantOf(provider, token.grantId, token);
    if (!grant) return false;

    const rejected = grant.getRejectedOIDCClaims();
    const scope = grant.getOIDCScopeFiltered(new Set((token.scope ?? '').split(' ')));
    const available = { ...(await account.claims('userinfo', scope, {}, rejected)), sub: account.accountId };
    const mask = new models.Claims(available, { client });
    mask.scope(scope);
    mask.rejected(rejected);
    answerJson(ctx, await mask.result());
    return true;
  };
}
