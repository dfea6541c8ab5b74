import type { RedisClient } from './connection.js';
import type { KeyLayout } from './keys.js';
import { LuaScript } from './lua-script.js';
import type { StorageGuard } from './storage-guard.js';

/** SET if absent and return what is stored, in one step. KEYS[1]; ARGV[1] JSON. */
const setIfAbsentScript = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
`);

/**
 * Small JSON values that every instance must share and that outlive restarts: signing keys,
 * cookie keys. Not for secrets you would not put in Redis.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  /**
   * Stores `value` unless the key holds one already, and returns what is stored. Instances that
   * start together each generate a value and all end up using the first one saved.
   */
  setIfAbsent<T>(key: string, value: T): Promise<T>;
  delete(key: string): Promise<boolean>;
}

export function redisKeyValue(client: RedisClient, keys: KeyLayout, guard: StorageGuard): KeyValueStore {
  const parse = <T>(json: string | null): T | undefined => (json === null ? undefined : (JSON.parse(json) as T));
  return {
    async get<T>(key: string) {
      return parse<T>(await guard.run('kv get', () => client.get(keys.keyValue(key))));
    },
    async set<T>(key: string, value: T) {
      await guard.run('kv set', () => client.set(keys.keyValue(key), JSON.stringify(value)));
    },
    async setIfAbsent<T>(key: string, value: T) {
      const stored = await guard.run('kv setIfAbsent', () =>
        setIfAbsentScript.run(client, [keys.keyValue(key)], [JSON.stringify(value)]),
      );
      return parse<T>(stored as string) as T;
    },
    async delete(key: string) {
      return (await guard.run('kv delete', () => client.del(keys.keyValue(key)))) > 0;
    },
  };
}
