import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors.js';
import { copyJson } from '../helpers/json-copy.js';
import type { AccountPatch, AccountRecord, AccountStore, ListQuery, NewAccount, Page } from './account-store.js';
import { pageOf } from './paginate.js';

const fold = (value: string) => value.normalize('NFKC').toLowerCase();

/**
 * Accounts in process memory: for development, tests and small static deployments.
 * Lost on restart; not shared between instances.
 */
export class MemoryAccountStore implements AccountStore {
  readonly #byId = new Map<string, AccountRecord>();
  readonly #idByLogin = new Map<string, string>();

  async findById(id: string): Promise<AccountRecord | undefined> {
    const account = this.#byId.get(id);
    return account && copyJson(account);
  }

  async findByLogin(login: string): Promise<AccountRecord | undefined> {
    const id = this.#idByLogin.get(`u:${fold(login)}`) ?? this.#idByLogin.get(`e:${fold(login)}`);
    return id === undefined ? undefined : this.findById(id);
  }

  async create(input: NewAccount): Promise<AccountRecord> {
    const now = new Date().toISOString();
    const id = input.id ?? randomUUID();
    if (this.#byId.has(id)) throw new ConflictError('id', `an account with id "${id}" already exists`);
    const account: AccountRecord = {
      id,
      username: input.username,
      ...(input.email !== undefined ? { email: input.email } : {}),
      emailVerified: input.emailVerified ?? false,
      ...(input.passwordHash !== undefined ? { passwordHash: input.passwordHash } : {}),
      roles: [...(input.roles ?? [])],
      claims: { ...(input.claims ?? {}) },
      disabled: input.disabled ?? false,
      createdAt: now,
      updatedAt: now,
    };
    // Stored as a copy: the caller keeps no handle on nested claims or roles (as with any store that serializes).
    const stored = copyJson(account);
    this.#claimLogins(stored);
    this.#byId.set(id, stored);
    return copyJson(stored);
  }

  async update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    const current = this.#byId.get(id);
    if (!current) return undefined;
    const next: AccountRecord = copyJson({ ...current, ...stripUndefined(patch), id, updatedAt: new Date().toISOString() });
    this.#releaseLogins(current);
    try {
      this.#claimLogins(next);
    } catch (error) {
      this.#claimLogins(current);
      throw error;
    }
    this.#byId.set(id, next);
    return copyJson(next);
  }

  async delete(id: string): Promise<boolean> {
    const current = this.#byId.get(id);
    if (!current) return false;
    this.#releaseLogins(current);
    return this.#byId.delete(id);
  }

  async list(query: ListQuery = {}): Promise<Page<AccountRecord>> {
    const needle = query.search ? fold(query.search) : undefined;
    const matches = [...this.#byId.values()].filter(
      (a) => !needle || fold(a.username).includes(needle) || (a.email !== undefined && fold(a.email).includes(needle)),
    );
    return pageOf(matches.map(copyJson), query);
  }

  #claimLogins(account: AccountRecord): void {
    const keys = loginKeys(account);
    for (const [field, key] of keys) {
      const owner = this.#idByLogin.get(key);
      if (owner !== undefined && owner !== account.id) throw new ConflictError(field, `${field} is already taken`);
    }
    for (const [, key] of keys) this.#idByLogin.set(key, account.id);
  }

  #releaseLogins(account: AccountRecord): void {
    for (const [, key] of loginKeys(account)) this.#idByLogin.delete(key);
  }
}

function loginKeys(account: Pick<AccountRecord, 'username' | 'email'>): Array<[string, string]> {
  const keys: Array<[string, string]> = [['username', `u:${fold(account.username)}`]];
  if (account.email) keys.push(['email', `e:${fold(account.email)}`]);
  return keys;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
