import { ConfigurationError, type ClientMetadata, type IdentityProviderOptions } from '@oidc-kit/core';
import { createRedisAdapter, type RedisStorage } from '@oidc-kit/redis-adapter';
import type { Environment } from './environment.js';

/** The core options that put every store on Redis, and the connection to close at shutdown. */
export interface RedisChoice {
  options: Pick<IdentityProviderOptions, 'adapter' | 'accounts' | 'clients' | 'counters' | 'secretsStore'>;
  storage: RedisStorage;
}

/**
 * `REDIS_URL` (standalone, `redis://` or `rediss://`) or `REDIS_CLUSTER_NODES` (`host:port,…`
 * seed nodes of a Cluster) put tokens, sessions, users, clients, throttling counters and the
 * generated signing and cookie keys in Redis, so that every instance shares them and a restart
 * loses nothing. Neither set: undefined (in-memory storage). The config file's clients are saved
 * into the Redis client store at each start; clients added at runtime stay.
 */
export async function openRedisStorage(env: Environment, staticClients: ClientMetadata[]): Promise<RedisChoice | undefined> {
  if (env.redisUrl === undefined && env.redisClusterNodes === undefined) return undefined;
  if (env.redisUrl !== undefined && env.redisClusterNodes !== undefined) {
    throw new ConfigurationError('REDIS_CLUSTER_NODES', 'cannot be combined with REDIS_URL: set one of them');
  }
  if (env.redisClusterNodes !== undefined && env.redisClusterNodes.length === 0) {
    throw new ConfigurationError('REDIS_CLUSTER_NODES', 'must list at least one host:port');
  }
  const setting = env.redisUrl !== undefined ? 'REDIS_URL' : 'REDIS_CLUSTER_NODES';
  let storage: RedisStorage;
  try {
    storage = createRedisAdapter(env.redisUrl !== undefined ? { url: env.redisUrl } : { clusterNodes: env.redisClusterNodes! });
  } catch (cause) {
    throw new ConfigurationError(setting, `is not usable: ${(cause as Error).message}`, { cause });
  }
  const answered = await waitForRedis(storage);
  if (answered !== true) {
    await storage.close();
    throw new ConfigurationError(setting, 'points at a Redis that does not answer (is it running and reachable?)', { cause: answered });
  }
  return {
    storage,
    options: {
      adapter: storage.adapterFactory,
      accounts: storage.accountStore,
      clients: { store: storage.clientStore, static: staticClients },
      counters: storage.counterStore,
      secretsStore: storage.keyValue,
    },
  };
}

/**
 * Fails start-up with one line when Redis does not answer, rather than on the first request; a few
 * tries (about 5 s), since Redis and the IdP often start together.
 */
async function waitForRedis(storage: RedisStorage, attempts = 5): Promise<true | unknown> {
  let failure: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      await storage.ping();
      return true;
    } catch (error) {
      failure = error;
      if (attempt < attempts - 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  return failure;
}
