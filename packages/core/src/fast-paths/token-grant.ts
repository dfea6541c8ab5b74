import type Provider from 'oidc-provider';

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
