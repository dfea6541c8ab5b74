import { randomUUID } from 'node:crypto';

import { ConflictError, MemoryAccountStore, MemoryClientStore, pageOf } from '@oidc-kit/core';
import type { AccountPatch, AccountRecord, AccountStore, ClientMetadata, ClientStore, ListQuery, NewAccount, Page } from '@oidc-kit/core';

/** A database round trip between a check and the write that depends on it. */
const roundTrip = () => new Promise((resolve) => setImmediate(resolve));

/** The memory account store with some methods replaced. */
export function brokenAccountStore(patch: (inner: AccountStore) => Partial<AccountStore>): () => AccountStore {
  return () => {
    const inner = new MemoryAccountStore();
    return {
      findById: (id) => inner.findById(id),
      findByLogin: (login) => inner.findByLogin(login),
      create: (account) => inner.create(account),
      update: (id, change) => inner.update(id, change),
      delete: (id) => inner.delete(id),
      list: (query) => inner.list(query),
      ...patch(inner),
    };
  };
}

/** The memory client store with some methods replaced. */
export function brokenClientStore(patch: (inner: ClientStore) => Partial<ClientStore>): () => ClientStore {
  return () => {
    const inner = new MemoryClientStore();
    return {
      find: (id) => inner.find(id),
      save: (metadata) => inner.save(metadata),
      create: (metadata) => inner.create(metadata),
      delete: (id) => inner.delete(id),
      list: (query) => inner.list(query),
      ...patch(inner),
    };
  };
}

/**
 * Accounts as a store without transactions keeps them: look for a taken login, then write;
 * read the account, then write it back. Correct one call at a time, wrong under concurrency.
 */
export class CheckThenWriteAccountStore implements AccountStore {
  readonly #accounts = new Map<string, AccountRecord>();

  async findById(id: string): Promise<AccountRecord | undefined> {
    const account = this.#accounts.get(id);
    return account && structuredClone(account);
  }

  async findByLogin(login: string): Promise<AccountRecord | undefined> {
    const found = this.#owner('username', login) ?? this.#owner('email', login);
    return found && structuredClone(found);
  }

  async create(input: NewAccount): Promise<AccountRecord> {
    const id = input.id ?? randomUUID();
    if (this.#accounts.has(id)) throw new ConflictError('id', 'taken');
    if (this.#owner('username', input.username)) throw new ConflictError('username', 'taken');
    if (input.email && this.#owner('email', input.email)) throw new ConflictError('email', 'taken');
    await roundTrip();
    const now = new Date().toISOString();
    const copied = structuredClone(input);
    const account: AccountRecord = {
      emailVerified: false, disabled: false, ...copied, id, roles: copied.roles ?? [], claims: copied.claims ?? {}, createdAt: now, updatedAt: now,
    };
    this.#accounts.set(id, account);
    return structuredClone(account);
  }

  async update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    const current = await this.findById(id);
    if (!current) return undefined;
    for (const field of ['username', 'email'] as const) {
      const owner = patch[field] && this.#owner(field, patch[field]);
      if (owner && owner.id !== id) throw new ConflictError(field, 'taken');
    }
    await roundTrip();
    const next = { ...current, ...structuredClone(patch), updatedAt: new Date().toISOString() };
    this.#accounts.set(id, next);
    return structuredClone(next);
  }

  async delete(id: string): Promise<boolean> {
    return this.#accounts.delete(id);
  }

  async list(query: ListQuery = {}): Promise<Page<AccountRecord>> {
    const needle = query.search?.toLowerCase() ?? '';
    const found = [...this.#accounts.values()].filter((a) => `${a.username}\n${a.email ?? ''}`.toLowerCase().includes(needle));
    return pageOf(found.map((a) => structuredClone(a)), query);
  }

  #owner(field: 'username' | 'email', login: string): AccountRecord | undefined {
    const folded = login.normalize('NFKC').toLowerCase();
    return [...this.#accounts.values()].find((a) => a[field]?.normalize('NFKC').toLowerCase() === folded);
  }
}

/** Clients kept as the very objects saved, and handed out as they are. */
export class SharedObjectClientStore implements ClientStore {
  readonly #clients = new Map<string, ClientMetadata>();

  async find(clientId: string): Promise<ClientMetadata | undefined> {
    return this.#clients.get(clientId);
  }

  async save(metadata: ClientMetadata): Promise<void> {
    this.#clients.set(metadata.client_id, metadata);
  }

  async delete(clientId: string): Promise<boolean> {
    return this.#clients.delete(clientId);
  }

  async list(query: ListQuery = {}): Promise<Page<ClientMetadata>> {
    const needle = query.search?.toLowerCase() ?? '';
    const found = [...this.#clients.values()].filter((c) => `${c.client_id}\n${c.client_name ?? ''}`.toLowerCase().includes(needle));
    return pageOf(found, query);
  }
}
