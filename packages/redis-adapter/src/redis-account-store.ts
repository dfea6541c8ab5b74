import { randomUUID } from 'node:crypto';

import { ConflictError, StorageError } from '@oidc-kit/core';
import type { AccountPatch, AccountRecord, AccountStore, ListQuery, NewAccount, Page } from '@oidc-kit/core';

import { createAccount, deleteAccount, updateAccount } from './account-scripts.js';
import type { RedisClient } from './connection.js';
import type { KeyLayout } from './keys.js';
import { listOrdered } from './ordered-list.js';
import type { StorageGuard } from './storage-guard.js';

/** Case-insensitive comparison form of a username or e-mail (as the core's memory store). */
const fold = (value: string): string => value.normalize('NFKC').toLowerCase();

/**
 * Attempts of a compare-and-set before giving up on an account that keeps changing. Each round of
 * concurrent updaters lets one through, so the bound must exceed any plausible number of updates of
 * one account at once (an admin and a few sign-ins); a short random pause between rounds spreads them.
 */
const CAS_ATTEMPTS = 32;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + attempt, 10)));

function conflict(field: string): ConflictError {
  return field === 'id'
    ? new ConflictError('id', 'an account with this id already exists')
    : new ConflictError(field, `${field} is already taken`);
}

/**
 * Accounts in Redis, shared by every instance and kept across restarts. Usernames and e-mails
 * are unique, compared case-insensitively; `create`, `update` and `delete` check and change the
 * account and its indexes in one Lua script under the hash tag `{<prefix>users}`.
 */
export class RedisAccountStore implements AccountStore {
  readonly #client: RedisClient;
  readonly #keys: KeyLayout;
  readonly #guard: StorageGuard;

  constructor(client: RedisClient, keys: KeyLayout, guard: StorageGuard) {
    this.#client = client;
    this.#keys = keys;
    this.#guard = guard;
  }

  async findById(id: string): Promise<AccountRecord | undefined> {
    const json = await this.#readJson(id);
    return json === null ? undefined : (JSON.parse(json) as AccountRecord);
  }

  async findByLogin(login: string): Promise<AccountRecord | undefined> {
    const folded = fold(login);
    const [byUsername, byEmail] = await this.#guard.run('findByLogin', () =>
      Promise.all([
        this.#client.hget(this.#keys.users('username'), folded),
        this.#client.hget(this.#keys.users('email'), folded),
      ]),
    );
    const id = byUsername ?? byEmail;
    return id === null ? undefined : this.findById(id);
  }

  async create(input: NewAccount): Promise<AccountRecord> {
    const now = new Date().toISOString();
    const account: AccountRecord = {
      id: input.id ?? randomUUID(),
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
    const k = this.#keys;
    const outcome = await this.#guard.run('account create', () =>
      createAccount.run(
        this.#client,
        [k.users(`account:${account.id}`), k.users('username'), k.users('email'), k.users('order'), k.users('seq')],
        [account.id, JSON.stringify(account), fold(account.username), account.email ? fold(account.email) : ''],
      ),
    );
    if (outcome !== 'ok') throw conflict(String(outcome));
    return account;
  }

  async update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    const k = this.#keys;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt += 1) {
      const before = await this.#readJson(id);
      if (before === null) return undefined;
      const current = JSON.parse(before) as AccountRecord;
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next: AccountRecord = { ...current, ...defined, id, updatedAt: new Date().toISOString() };
      const outcome = await this.#guard.run('account update', () =>
        updateAccount.run(
          this.#client,
          [k.users(`account:${id}`), k.users('username'), k.users('email')],
          [
            id, before, JSON.stringify(next),
            fold(current.username), fold(next.username),
            current.email ? fold(current.email) : '', next.email ? fold(next.email) : '',
          ],
        ),
      );
      if (outcome === 'ok') return next;
      if (outcome === 'missing') return undefined;
      if (outcome !== 'retry') throw conflict(String(outcome));
      await pause(attempt);
    }
    throw new StorageError('account update gave up: the account kept changing concurrently');
  }

  async delete(id: string): Promise<boolean> {
    const k = this.#keys;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt += 1) {
      const before = await this.#readJson(id);
      if (before === null) return false;
      const current = JSON.parse(before) as AccountRecord;
      const outcome = await this.#guard.run('account delete', () =>
        deleteAccount.run(
          this.#client,
          [k.users(`account:${id}`), k.users('username'), k.users('email'), k.users('order')],
          [id, before, fold(current.username), current.email ? fold(current.email) : ''],
        ),
      );
      if (outcome !== -1) return outcome === 1;
      await pause(attempt);
    }
    throw new StorageError('account delete gave up: the account kept changing concurrently');
  }

  async list(query?: ListQuery): Promise<Page<AccountRecord>> {
    return listOrdered<AccountRecord>(
      {
        client: this.#client,
        guard: this.#guard,
        orderKey: this.#keys.users('order'),
        itemKey: (id) => this.#keys.users(`account:${id}`),
        matches: (account, search) => {
          const needle = fold(search);
          return fold(account.username).includes(needle) || (account.email !== undefined && fold(account.email).includes(needle));
        },
      },
      query,
    );
  }

  async #readJson(id: string): Promise<string | null> {
    return this.#guard.run('account find', () => this.#client.get(this.#keys.users(`account:${id}`)));
  }
}
