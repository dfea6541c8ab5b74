import { Cluster, Redis } from 'ioredis';
import type { ClusterNode, ClusterOptions, RedisOptions } from 'ioredis';

/** A standalone/Sentinel client or a Cluster client: the adapter speaks to either. */
export type RedisClient = Redis | Cluster;

/** How to reach Redis: exactly one of `client`, `url`/`redisOptions`, `clusterNodes`. */
export interface RedisConnectionOptions {
  /** An existing ioredis `Redis` or `Cluster`. Used as is; `close()` leaves it open (it is yours). */
  client?: RedisClient;
  /** `redis://[:password@]host:port/db` or `rediss://…` (TLS). */
  url?: string;
  /** ioredis options: host/port/password/tls, or `sentinels` + `name` for Redis Sentinel. */
  redisOptions?: RedisOptions;
  /** Seed nodes of a Redis Cluster, `host:port` strings or `{ host, port }`. */
  clusterNodes?: ClusterNode[];
  /** ioredis Cluster options; `redisOptions` above apply to every node connection. */
  clusterOptions?: ClusterOptions;
}

export interface Connection {
  client: RedisClient;
  /** Whether this package created the client (and so closes it). */
  owned: boolean;
}

/**
 * Settings that make a client we create fail fast while Redis is down and reconnect by itself:
 * few retries per command, a command timeout, and reconnect attempts at least every second.
 */
function failFastOptions(timeoutMs: number): RedisOptions {
  return {
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1000),
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
    // Commands issued in the same tick (several requests' lookups, a counter's GET and PTTL) go out
    // in one socket write instead of one write each: under load most of a request's Redis cost was
    // those writes. Order per connection is unchanged.
    enableAutoPipelining: true,
  };
}

/** Opens (or adopts) the client the options describe. */
export function openConnection(options: RedisConnectionOptions, timeoutMs: number): Connection {
  if (options.client !== undefined) return { client: options.client, owned: false };
  const defaults = failFastOptions(timeoutMs);
  if (options.clusterNodes !== undefined) {
    const client = new Cluster(options.clusterNodes, {
      clusterRetryStrategy: (attempt: number) => Math.min(100 + attempt * 100, 1000),
      enableAutoPipelining: true,
      ...options.clusterOptions,
      redisOptions: { ...defaults, ...options.redisOptions, ...options.clusterOptions?.redisOptions },
    });
    return { client, owned: true };
  }
  const redisOptions = { ...defaults, ...options.redisOptions };
  const client = options.url !== undefined ? new Redis(options.url, redisOptions) : new Redis(redisOptions);
  return { client, owned: true };
}
