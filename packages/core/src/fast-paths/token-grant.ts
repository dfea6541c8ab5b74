import type Provider from 'oidc-provider';
import type { Account, FindAccount } from 'oidc-provider';

type ProviderGrant = InstanceType<Provider['Grant']>;

/**
 * The grant a user token was issued under, when it still holds as oidc-provider checks it: found
 * (also past its expiry, which is checked here), unexpired, for the token's client and account.
 * Undefined otherwise: the token must not be honoured.
 */
export async function liveGrantOf(provider: Provider, grantId: string, token: { clientId?: string; accountId?: string }): Promise<ProviderGrant | undefined> {
  const grant = await provider.Grant.find(grantId, { ignoreExpiration: true });
  if (!grant || grant.isExpired || grant.clientId !== token.clientId || grant.accountId !== token.accountId) return undefined;
  return grant;
}

/**
 * The account a user token was issued for, when `findAccount` yields one oidc-provider would
 * accept (helpers/configuration_result.js: a non-empty `accountId` and a `claims` function).
 * Undefined otherwise: the token must not be honoured.
 */
export async function accountOf(findAccount: FindAccount, token: { accountId: string }): Promise<Account | undefined> {
  // oidc-kit's findAccount does not read the request context.
  const account = (await findAccount(undefined as never, token.accountId, token as never)) as Account | undefined;
  return account && typeof account.accountId === 'string' && account.accountId !== '' && typeof account.claims === 'function' ? account : undefined;
}
