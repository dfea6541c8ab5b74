import type { ListQuery, Page } from './account-store.js';
import type { ClientMetadata, ClientStore } from './client-store.js';
import { pageOf } from './paginate.js';

/**
 * Clients in process memory. Lost on restart; not shared between instances. Each client is kept
 * as a JSON snapshot and every read parses a fresh copy (callers may mutate what they get): the
 * client is read on every token request, where a parse costs about half a `structuredClone`.
 */
export class MemoryClientStore implements ClientStore {
  readonly #clients = new Map<string, string>();

  async find(clientId: string): Promise<ClientMetadata | undefined> {
    const client = this.#clients.get(clientId);
    return client === undefined ? undefined : (JSON.parse(client) as ClientMetadata);
  }

  async save(metadata: ClientMetadata): Promise<void> {
    this.#clients.set(metadata.client_id, JSON.stringify(metadata));
  }

  async create(metadata: ClientMetadata): Promise<boolean> {
    if (this.#clients.has(metadata.client_id)) return false;
    this.#clients.set(metadata.client_id, JSON.stringify(metadata));
    return true;
  }

  async delete(clientId: string): Promise<boolean> {
    return this.#clients.delete(clientId);
  }

  async list(query: ListQuery = {}): Promise<Page<ClientMetadata>> {
    const needle = query.search?.toLowerCase();
    const matches = [...this.#clients.values()].map((c) => JSON.parse(c) as ClientMetadata).filter(
      (c) => !needle || c.client_id.toLowerCase().includes(needle) || String(c.client_name ?? '').toLowerCase().includes(needle),
    );
    return pageOf(matches, query);
  }
}
