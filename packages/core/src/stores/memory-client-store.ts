import { copyJson } from '../helpers/json-copy.js';
import type { ListQuery, Page } from './account-store.js';
import type { ClientMetadata, ClientStore } from './client-store.js';
import { pageOf } from './paginate.js';

/**
 * Clients in process memory. Lost on restart; not shared between instances. Clients are copied
 * in and out (callers may mutate what they get).
 */
export class MemoryClientStore implements ClientStore {
  readonly #clients = new Map<string, { metadata: ClientMetadata; version: string }>();
  /** Bumped on every save: a version names one saved state. */
  #saves = 0;

  async find(clientId: string): Promise<ClientMetadata | undefined> {
    const stored = this.#clients.get(clientId);
    return stored === undefined ? undefined : copyJson(stored.metadata);
  }

  async version(clientId: string): Promise<string | undefined> {
    return this.#clients.get(clientId)?.version;
  }

  async save(metadata: ClientMetadata): Promise<void> {
    this.#store(metadata);
  }

  async create(metadata: ClientMetadata): Promise<boolean> {
    if (this.#clients.has(metadata.client_id)) return false;
    this.#store(metadata);
    return true;
  }

  async delete(clientId: string): Promise<boolean> {
    return this.#clients.delete(clientId);
  }

  async list(query: ListQuery = {}): Promise<Page<ClientMetadata>> {
    const needle = query.search?.toLowerCase();
    const matches = [...this.#clients.values()].map((c) => copyJson(c.metadata)).filter(
      (c) => !needle || c.client_id.toLowerCase().includes(needle) || String(c.client_name ?? '').toLowerCase().includes(needle),
    );
    return pageOf(matches, query);
  }

  #store(metadata: ClientMetadata): void {
    this.#saves += 1;
    this.#clients.set(metadata.client_id, { metadata: copyJson(metadata), version: String(this.#saves) });
  }
}
