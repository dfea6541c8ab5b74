import type { Account, FindAccount } from 'oidc-provider';
import type { AccountRecord, AccountStore } from '../stores/account-store.js';

/** Scope → claims released by it (OpenID Connect Core §5.4), plus `role` for accounts with roles. */
export const STANDARD_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: [
    'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
    'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'role',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  roles: ['role'],
};

/** Every claim an account can yield; oidc-provider filters them by the granted scopes. */
export function accountClaims(account: AccountRecord): Record<string, unknown> {
  return {
    ...account.claims,
    sub: account.id,
    name: account.claims.name ?? account.username,
    preferred_username: account.username,
    ...(account.email !== undefined ? { email: account.email, email_verified: account.emailVerified ?? false } : {}),
    ...(account.roles.length > 0 ? { role: [...account.roles] } : {}),
    updated_at: Math.floor(Date.parse(account.updatedAt) / 1000),
  };
}

/** oidc-provider's view of an account record (one this request has already read and checked). */
export function providerAccount(account: AccountRecord): Account {
  return {
    accountId: account.id,
    claims: () => accountClaims(account) as Awaited<ReturnType<Account['claims']>>,
  };
}

/** oidc-provider's `findAccount`: disabled and deleted accounts are not found, so their tokens stop working. */
export function createFindAccount(accounts: AccountStore): FindAccount {
  return async (_ctx, id) => {
    const account = await accounts.findById(id);
    if (!account || account.disabled) return undefined;
    return providerAccount(account);
  };
}
