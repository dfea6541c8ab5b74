import type { AccountStore, AdapterFactory, ClientStore, CounterStore } from '@oidc-kit/core';

import { openConnection } from './connection.js';
import type { RedisClient } from './connection.js';
import { keyLayout } from './keys.js';
import { resolveOptions } from './options.js';
import type { RedisAdapterOptions } from './options.js';
import { RedisAccountStore } from './redis-account-store.js';
import { RedisClientStore } from './redis-client-store.js';
import { RedisCounterStore } from './redis-counter-store.js';
import { redisKeyValue } from './redis-key-value.js';
import type { KeyValueStore } from './redis-key-value.js';
import { RedisModelAdapter } from './redis-model-adapter.js';
import { StorageGuard } from './storage-guard.js';

/** Everything an identity provider keeps in Redis, over one connection. */
export interface RedisStorage {
  /** The storage adapter for oidc-provider's models (`adapter` option of the core). */
  adapterFactory: AdapterFactory;
  /** Throttling counters shared by every instance. */
  counterStore: CounterStore;
  accountStore: AccountStore;
  clientStore: ClientStore;
  /** Small shared JSON values: signing keys, cookie keys. */
  keyValue: KeyValueStore;
  /** The validated `refreshTokenReuseGraceSeconds` (default 0), for the core to apply. */
  refreshTokenReuseGraceSeconds: number;
  /** The key prefix in use. */
  prefix: string;
  /** The ioredis client: the escape hatch (inspection, health checks). */
  client: RedisClient;
  /** Resolves when Redis answers; rejects with `StorageError` otherwise. */
  ping(): Promise<void>;
  /** Closes the connection if this package opened it; a client you passed in stays open. */
  close(): Promise<void>;
}

/**
 * Storage on Redis (standalone, Sentinel or Cluster) for every oidc-provider model plus
 * accounts, clients, counters and shared keys. Consume is atomic (one Lua script), grant
 * revocation and lookups use indexes (no KEYS/SCAN), and every failure or timeout surfaces as
 * `StorageError` (503) without crashing; ioredis reconnects by itself when Redis returns.
 *
 * @example
 * ```ts
 * const redis = createRedisAdapter({ url: process.env.REDIS_URL, prefix: 'idp1:' });
 * const idp = await createIdentityProvider({
 *   issuer, adapter: redis.adapterFactory, accounts: redis.accountStore, clients: redis.clientStore,
 * });
 * ```
 */
export function createRedisAdapter(options: RedisAdapterOptions): RedisStorage {
  const resolved = resolveOptions(options);
  const { client, owned } = openConnection(options, resolved.operationTimeoutMs);
  if (owned) client.on('error', options.onError ?? warnOncePerOutage(client));

  const keys = keyLayout(resolved.prefix);
  const guard = new StorageGuard(resolved.operationTimeoutMs);
  const adapters = new Map<string, RedisModelAdapter>();

  return {
    adapterFactory: (model: string) => {
      let adapter = adapters.get(model);
      if (adapter === undefined) {
        adapter = new RedisModelAdapter(model, { client, keys, guard });
        adapters.set(model, adapter);
      }
      return adapter;
    },
    counterStore: new RedisCounterStore(client, keys, guard),
    accountStore: new RedisAccountStore(client, keys, guard),
    clientStore: new RedisClientStore(client, keys, guard),
    keyValue: redisKeyValue(client, keys, guard),
    refreshTokenReuseGraceSeconds: resolved.refreshTokenReuseGraceSeconds,
    prefix: resolved.prefix,
    client,
    async ping() {
      await guard.run('ping', () => client.ping());
    },
    async close() {
      if (!owned) return;
      try {
        await guard.run('quit', () => client.quit());
      } catch {
        client.disconnect(); // Redis is unreachable: drop the socket instead of waiting.
      }
    },
  };
}

/** The default error listener: one warning per outage, not one per reconnect attempt. */
function warnOncePerOutage(client: RedisClient): (error: Error) => void {
  let warned = false;
  client.on('ready', () => {
    warned = false;
  });
  return (error) => {
    if (warned) return;
    warned = true;
    console.warn(
      JSON.stringify({
        level: 'warn',
        time: new Date().toISOString(),
        component: 'redis-adapter',
        error: error.message,
        msg: 'Redis connection error: storage operations fail with 503 until it is back',
      }),
    );
  };
}
