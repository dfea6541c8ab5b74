import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { completeIntrospection } from '../middleware/provider-responses.js';
import type { AccountStore } from '../stores/account-store.js';
import { authenticateFormClient } from './basic-client-auth.js';
import { answerJson } from './json-answer.js';
import { liveGrantOf } from './token-grant.js';

const PARAMETERS = new Set(['token', 'token_type_hint', 'client_id']);

interface IntrospectedToken {
  kind: string;
  jti: string;
  clientId?: string;
  accountId?: string;
  grantId?: string;
  isValid: boolean;
  exp?: number;
  iat?: number;
  sid?: string;
  aud?: unknown;
  scope?: string;
  extra?: Record<string, unknown>;
  rar?: unknown;
  tokenType?: string;
  isSenderConstrained(): boolean;
}

type TokenModel = { find(value: string): Promise<IntrospectedToken | undefined> };

export interface IntrospectionFastPathInputs {
  provider: Provider;
  accounts: AccountStore;
  /** Whether client_credentials tokens exist (oidc-provider looks them up only then). */
  clientCredentials: boolean;
}

/**
 * Introspection (RFC 7662) of an opaque token by a client authenticating with HTTP Basic — `token`,
 * an optional `token_type_hint` and `client_id`, nothing else — answered as oidc-provider's
 * introspection endpoint and oidc-kit's completion of it would: the same lookups (the token under
 * each kind, its grant), the same checks and the same members. Structured (JWT-shaped) tokens,
 * pairwise clients, sender-constrained or RAR tokens and every failed check are left to
 * oidc-provider (the function returns false having answered nothing).
 */
export function createIntrospectionFastPath({ provider, accounts, clientCredentials }: IntrospectionFastPathInputs) {
  const models = provider as unknown as { AccessToken: TokenModel; ClientCredentials: TokenModel; RefreshToken: TokenModel };
  const accessTokenKinds = (value: string) => Promise.all([models.AccessToken.find(value), clientCredentials ? models.ClientCredentials.find(value) : undefined]);

  // oidc-provider's order of precedence (helpers/token_find.js): the hinted kind first, else an
  // access token, a client_credentials token, a refresh token. Without a hint oidc-provider reads
  // all three at once; the refresh token is read here only when the others are not found (same
  // answer, one storage read less for the usual access token).
  async function findToken(value: string, hint: string | undefined): Promise<IntrospectedToken | undefined> {
    if (hint === 'refresh_token' || hint === 'urn:ietf:params:oauth:token-type:refresh_token') {
      return (await models.RefreshToken.find(value)) ?? (await accessTokenKinds(value)).find(Boolean);
    }
    return (await accessTokenKinds(value)).find(Boolean) ?? (await models.RefreshToken.find(value));
  }

  async function activeToken(value: string, hint: string | undefined): Promise<IntrospectedToken | undefined> {
    const token = await findToken(value, hint);
    if (!token?.isValid) return undefined;
    if (token.grantId && !(await liveGrantOf(provider, token.grantId, token))) return undefined;
    return token;
  }

  return async function introspectionFastPath(ctx: Context, parameters: Record<string, string> | undefined): Promise<boolean> {
    const value = parameters?.token;
    // JWT-shaped values take oidc-provider's and oidc-kit's structured-token handling.
    if (parameters === undefined || value === undefined || value.includes('.')) return false;
    const client = await authenticateFormClient(provider, ctx, parameters, PARAMETERS);
    // Only confidential clients introspect (features.introspection.allowedPolicy); Basic implies one.
    if (!client || client.subjectType === 'pairwise') return false;
    const token = await activeToken(value, parameters.token_type_hint);
    if (!token) {
      answerJson(ctx, { active: false });
      return true;
    }
    if (token.rar !== undefined || token.isSenderConstrained()) return false;
    if (token.clientId !== client.clientId) {
      // As features.introspection.allowedPolicy: a token of a client that is gone is inactive.
      const owner = token.clientId === undefined ? undefined : await provider.Client.find(token.clientId);
      if (!owner) {
        answerJson(ctx, { active: false });
        return true;
      }
      if (token.accountId && owner.subjectType === 'pairwise') return false;
    }

    const body: Record<string, unknown> = { active: false };
    if (token.accountId) body.sub = token.accountId;
    Object.assign(body, {
      ...token.extra,
      active: true,
      client_id: token.clientId,
      exp: token.exp,
      iat: token.iat,
      sid: token.sid,
      iss: provider.issuer,
      jti: token.jti !== value ? token.jti : undefined,
      aud: token.aud,
      scope: token.scope || undefined,
      token_type: token.kind !== 'RefreshToken' ? token.tokenType : undefined,
    });
    answerJson(ctx, await completeIntrospection(body, accounts));
    return true;
  };
}
