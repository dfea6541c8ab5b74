/** A user of the identity provider, as the stores keep it. */
export interface AccountRecord {
  /** Stable subject identifier (`sub`). */
  id: string;
  username: string;
  email?: string;
  emailVerified?: boolean;
  /** bcrypt hash (`$2a$`/`$2b$`/`$2y$`). Never returned by an API. */
  passwordHash?: string;
  roles: string[];
  /** Extra OpenID claims (`name`, `given_name`, …) released by the scopes that map to them. */
  claims: Record<string, unknown>;
  disabled?: boolean;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

export interface NewAccount {
  id?: string;
  username: string;
  email?: string;
  emailVerified?: boolean;
  passwordHash?: string;
  roles?: string[];
  claims?: Record<string, unknown>;
  disabled?: boolean;
}

export type AccountPatch = Partial<Omit<NewAccount, 'id'>>;

export interface ListQuery {
  /** Number of items to skip. */
  offset?: number;
  /** Page size. */
  limit?: number;
  /** Case-insensitive substring: of username or e-mail (accounts), of `client_id` or `client_name` (clients). */
  search?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Where accounts live. Lookups are all the provider needs; the management methods serve the
 * admin API and self-registration. The rules every implementation keeps (and
 * `@oidc-kit/adapter-testkit`'s `runAccountStoreConformance` checks):
 * - usernames and e-mails are unique, compared after Unicode NFKC normalisation and lower-casing;
 *   `create` and `update` throw `ConflictError` naming the field (`username`, `email`, or `id`
 *   for a taken id) and change nothing; of concurrent creates with one login exactly one wins;
 * - `create` fills `emailVerified: false`, `roles: []`, `claims: {}`, `disabled: false`,
 *   `createdAt`/`updatedAt`; `update` applies the fields given (undefined ones are ignored), frees
 *   logins it replaces, and concurrent updates of one account are all kept (none lost);
 * - records go in and come out as copies: a caller mutating what it passed or got changes nothing
 *   stored;
 * - `list` returns accounts in creation order, `offset`/`limit`/`search` applied, `total` counting
 *   every match.
 */
export interface AccountStore {
  findById(id: string): Promise<AccountRecord | undefined>;
  /** Finds by username, then by e-mail. */
  findByLogin(login: string): Promise<AccountRecord | undefined>;
  create(account: NewAccount): Promise<AccountRecord>;
  update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined>;
  delete(id: string): Promise<boolean>;
  list(query?: ListQuery): Promise<Page<AccountRecord>>;
}
