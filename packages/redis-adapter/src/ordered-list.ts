import { pageBounds } from '@oidc-kit/core';
import type { ListQuery, Page } from '@oidc-kit/core';

import type { RedisClient } from './connection.js';
import type { StorageGuard } from './storage-guard.js';

export interface OrderedCollection<T> {
  client: RedisClient;
  guard: StorageGuard;
  /** Sorted set of ids in insertion order. */
  orderKey: string;
  /** The JSON string key of one item; same hash tag as `orderKey`. */
  itemKey(id: string): string;
  /** Whether an item matches `query.search` (non-empty). */
  matches(item: T, search: string): boolean;
}

/**
 * One page of a JSON collection kept in insertion order. Without a search it reads only the
 * page; a search reads every item (admin listing, never a request path).
 */
export async function listOrdered<T>(collection: OrderedCollection<T>, query: ListQuery = {}): Promise<Page<T>> {
  const { client, guard, orderKey } = collection;
  const { offset, limit } = pageBounds(query);
  const read = async (ids: string[]): Promise<T[]> => {
    const items: T[] = [];
    for (const batch of chunks(ids, 500)) {
      const values = await guard.run('list', () => client.mget(batch.map((id) => collection.itemKey(id))));
      for (const value of values) if (value !== null) items.push(JSON.parse(value) as T);
    }
    return items;
  };

  const search = query.search;
  if (!search) {
    const [total, ids] = await guard.run('list', () =>
      Promise.all([client.zcard(orderKey), client.zrange(orderKey, offset, offset + limit - 1)]),
    );
    return { items: await read(ids), total };
  }
  const all = await read(await guard.run('list', () => client.zrange(orderKey, 0, -1)));
  const found = all.filter((item) => collection.matches(item, search));
  return { items: found.slice(offset, offset + limit), total: found.length };
}

/** Splits `items` into chunks of `size` (bounded MGETs). */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
