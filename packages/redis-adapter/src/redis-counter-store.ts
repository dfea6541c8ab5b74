import type { CounterStore } from '@oidc-kit/core';

import type { RedisClient } from './connection.js';
import type { KeyLayout } from './keys.js';
import { LuaScript } from './lua-script.js';
import type { StorageGuard } from './storage-guard.js';

/**
 * INCR and start the window on the first hit, in one step. KEYS[1]; ARGV[1] window in ms.
 * Returns { count, ms left }.
 */
const incrementScript = new LuaScript(`
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { count, left }
`);

/**
 * A counter and the ms left in its window, in one command (every token request checks two
 * counters, so this halves the commands of the throttling checks). KEYS[1]. Returns { count, ms
 * left }, or { 0, -2 } when there is no counter.
 */
const readScript = new LuaScript(`
local count = redis.call('GET', KEYS[1])
if not count then return { 0, -2 } end
return { tonumber(count), redis.call('PTTL', KEYS[1]) }
`);

/** Fixed-window counters in Redis, shared by every instance (throttling of failed logins). */
export class RedisCounterStore implements CounterStore {
  readonly #client: RedisClient;
  readonly #keys: KeyLayout;
  readonly #guard: StorageGuard;

  constructor(client: RedisClient, keys: KeyLayout, guard: StorageGuard) {
    this.#client = client;
    this.#keys = keys;
    this.#guard = guard;
  }

  async increment(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }> {
    if (!(typeof windowSeconds === 'number' && windowSeconds > 0)) {
      throw new TypeError('windowSeconds must be a positive number');
    }
    const [count, left] = (await this.#guard.run('counter increment', () =>
      incrementScript.run(this.#client, [this.#keys.counter(key)], [Math.ceil(windowSeconds * 1000)]),
    )) as [number, number];
    return { count, resetInSeconds: Math.ceil(left / 1000) };
  }

  async get(key: string): Promise<{ count: number; resetInSeconds: number }> {
    const redisKey = this.#keys.counter(key);
    const [count, left] = (await this.#guard.run('counter get', () => readScript.run(this.#client, [redisKey]))) as [number, number];
    if (count === 0 || left < 0) return { count: 0, resetInSeconds: 0 };
    return { count, resetInSeconds: Math.ceil(left / 1000) };
  }

  async reset(key: string): Promise<void> {
    await this.#guard.run('counter reset', () => this.#client.del(this.#keys.counter(key)));
  }
}
