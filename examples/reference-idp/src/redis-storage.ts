import { ConfigurationError, type ClientMetadata, type IdentityProviderOptions } from '@oidc-kit/core';
import { createRedisAdapter, type RedisAdapterOptions, type RedisStorage } from '@oidc-kit/redis-adapter';
import { usesRedis, type Environment } from './environment.js';

/** The core options that put every store on Redis, and the connection to close at shutdown. */
export interface RedisChoice {
  options: Pick<IdentityProviderOptions, 'adapter' | 'accounts' | 'clients' | 'counters' | 'secretsStore'>;
  storage: RedisStorage;
}

/**
 * `REDIS_URL` (standalone, `redis://` or `rediss://`), `REDIS_SENTINELS` (`host:port,…` of the
 * Sentinels watching `REDIS_SENTINEL_MASTER`; `REDIS_PASSWORD` and `REDIS_SENTINEL_PASSWORD` when
 * they need one) or `REDIS_CLUSTER_NODES` (`host:port,…` seed nodes of a Cluster) put tokens,
 * sessions, users, clients, throttling counters and the generated signing and cookie keys in
 * Redis, so that every instance shares them and a restart loses nothing. None set: undefined
 * (in-memory storage). The config file's clients are saved into the Redis client store at each
 * start; clients added at runtime stay.
 */
export async function openRedisStorage(env: Environment, staticClients: ClientMetadata[]): Promise<RedisChoice | undefined> {
  if (!usesRedis(env)) return undefined;
  const { setting, options } = connectionFrom(env);
  let storage: RedisStorage;
  try {
    storage = createRedisAdapter(options);
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

/** `host:port` or `[v6]:port`, as the Sentinel list spells it. */
function hostAndPort(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new ConfigurationError('REDIS_SENTINELS', `must list host:port entries, got ${JSON.stringify(value)}`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Which one of the three ways the environment names, as `createRedisAdapter` options. */
function connectionFrom(env: Environment): { setting: string; options: RedisAdapterOptions } {
  const set = [env.redisUrl !== undefined && 'REDIS_URL', env.redisSentinels !== undefined && 'REDIS_SENTINELS', env.redisClusterNodes !== undefined && 'REDIS_CLUSTER_NODES'].filter(Boolean);
  if (set.length > 1) throw new ConfigurationError(String(set[1]), `cannot be combined with ${String(set[0])}: set one of them`);
  if (env.redisClusterNodes !== undefined) {
    if (env.redisClusterNodes.length === 0) throw new ConfigurationError('REDIS_CLUSTER_NODES', 'must list at least one host:port');
    return { setting: 'REDIS_CLUSTER_NODES', options: { clusterNodes: env.redisClusterNodes } };
  }
  if (env.redisSentinels !== undefined) {
    if (env.redisSentinels.length === 0) throw new ConfigurationError('REDIS_SENTINELS', 'must list at least one host:port');
    if (env.redisSentinelMaster === undefined) throw new ConfigurationError('REDIS_SENTINEL_MASTER', 'is required with REDIS_SENTINELS: the name of the master group the Sentinels monitor');
    return {
      setting: 'REDIS_SENTINELS',
      options: {
        redisOptions: {
          sentinels: env.redisSentinels.map(hostAndPort),
          name: env.redisSentinelMaster,
          ...(env.redisPassword !== undefined ? { password: env.redisPassword } : {}),
          ...(env.redisSentinelPassword !== undefined ? { sentinelPassword: env.redisSentinelPassword } : {}),
        },
      },
    };
  }
  return { setting: 'REDIS_URL', options: { url: env.redisUrl! } };
}
