import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { tooManyAttempts } from '../helpers/protocol-errors.js';
import type { GrantContext } from './grant-context.js';
import { requestedScopes, userGrantDefaults } from './grant-context.js';
import { providerAccount } from '../provider/account-claims.js';
import { issueUserTokens } from './issue-user-tokens.js';
import { invalidGrant } from './invalid-grant.js';

export const grantType = 'password';
export const parameters = ['username', 'password', 'scope'];

/**
 * Resource Owner Password Credentials (RFC 6749 §4.3). Unknown users, wrong passwords and disabled
 * accounts get the same `invalid_grant` after the same work; repeated failures per username and
 * per client address are refused with 429 until the window passes.
 */
export function createHandler(grant: GrantContext) {
  return async function passwordGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const { username, password } = ctx.oidc.params as Record<string, unknown>;
    if (typeof username !== 'string' || username === '') throw new errors.InvalidRequest("missing required parameter 'username'");
    if (typeof password !== 'string' || password === '') throw new errors.InvalidRequest("missing required parameter 'password'");
    const scopes = requestedScopes(ctx, grant.scopes, userGrantDefaults);

    const result = await grant.authenticator.authenticate(username, password, ctx.ip);
    if (!result.ok) {
      if (result.reason === 'throttled') {
        ctx.set('Retry-After', String(result.retryAfterSeconds));
        throw tooManyAttempts('too many failed sign-in attempts; try again later', result.retryAfterSeconds);
      }
      throw invalidGrant('invalid username or password');
    }
    // The account was just read and checked by the sign-in: not read again for the tokens' claims.
    const account = providerAccount(result.account);
    await issueUserTokens(ctx, async () => account, { accountId: result.account.id, scopes, gty: grantType, amr: ['pwd'], resource: grant.resource });
  };
}
