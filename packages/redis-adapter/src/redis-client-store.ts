import type { ClientMetadata, ClientStore, ListQuery, Page } from '@oidc-kit/core';

import type { RedisClient } from './connection.js';
import type { KeyLayout } from './keys.js';
import { LuaScript } from './lua-script.js';
import { listOrdered } from './ordered-list.js';
import type { StorageGuard } from './storage-guard.js';

/**
 * KEYS: client, order zset, sequence. ARGV: client_id, JSON, and `new` to write only a client that
 * does not exist yet. Returns 1 when written, 0 when `new` found the id taken. Keeps first-save order.
 */
const writeClient = new LuaScript(`
if ARGV[3] == 'new' then
  if redis.call('SET', KEYS[1], ARGV[2], 'NX') == false then return 0 end
else
  redis.call('SET', KEYS[1], ARGV[2])
end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
end
return 1
`);

/** KEYS: client, order zset. ARGV: client_id. */
const deleteClient = new LuaScript(`
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed
`);

/**
 * Clients (oidc-provider metadata, snake_case) in Redis under the hash tag `{<prefix>clients}`,
 * shared by every instance and kept across restarts.
 */
export class RedisClientStore implements ClientStore {
  readonly #client: RedisClient;
  readonly #keys: KeyLayout;
  readonly #guard: StorageGuard;

  constructor(client: RedisClient, keys: KeyLayout, guard: StorageGuard) {
    this.#client = client;
    this.#keys = keys;
    this.#guard = guard;
  }

  async find(clientId: string): Promise<ClientMetadata | undefined> {
    const json = await this.version(clientId);
    return json === undefined ? undefined : (JSON.parse(json) as ClientMetadata);
  }

  /** The stored JSON itself: the same text is the same client. */
  async version(clientId: string): Promise<string | undefined> {
    const json = await this.#guard.run('client find', () => this.#client.get(this.#key(clientId)));
    return json ?? undefined;
  }

  async save(metadata: ClientMetadata): Promise<void> {
    await this.#write(metadata, 'save');
  }

  async create(metadata: ClientMetadata): Promise<boolean> {
    return (await this.#write(metadata, 'new')) === 1;
  }

  async delete(clientId: string): Promise<boolean> {
    const removed = await this.#guard.run('client delete', () =>
      deleteClient.run(this.#client, [this.#key(clientId), this.#keys.clients('order')], [clientId]),
    );
    return removed === 1;
  }

  async list(query?: ListQuery): Promise<Page<ClientMetadata>> {
    return listOrdered<ClientMetadata>(
      {
        client: this.#client,
        guard: this.#guard,
        orderKey: this.#keys.clients('order'),
        itemKey: (id) => this.#key(id),
        matches: (client, search) => {
          const needle = search.toLowerCase();
          return client.client_id.toLowerCase().includes(needle) || String(client.client_name ?? '').toLowerCase().includes(needle);
        },
      },
      query,
    );
  }

  #write(metadata: ClientMetadata, mode: 'save' | 'new'): Promise<unknown> {
    const id = metadata.client_id;
    return this.#guard.run(mode === 'new' ? 'client create' : 'client save', () =>
      writeClient.run(
        this.#client,
        [this.#key(id), this.#keys.clients('order'), this.#keys.clients('seq')],
        [id, JSON.stringify(metadata), mode],
      ),
    );
  }

  #key(clientId: string): string {
    return this.#keys.clients(`client:${clientId}`);
  }
}
