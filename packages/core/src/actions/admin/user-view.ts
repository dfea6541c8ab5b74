import type { AccountRecord } from '../../stores/account-store.js';

/** A user as the API shows it: never the password hash. `role` is the first of `roles`. */
export interface UserView {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  role: string | null;
  roles: string[];
  disabled: boolean;
  claims: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export function userView(account: AccountRecord): UserView {
  return {
    id: account.id,
    username: account.username,
    email: account.email ?? null,
    emailVerified: account.emailVerified ?? false,
    role: account.roles[0] ?? null,
    roles: [...account.roles],
    disabled: account.disabled ?? false,
    claims: { ...account.claims },
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}
