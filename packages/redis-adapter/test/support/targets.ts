import { randomUUID } from 'node:crypto';

import { inject } from 'vitest';

import { createRedisAdapter } from '../../src/index.js';
import type { RedisAdapterOptions, RedisStorage } from '../../src/index.js';

/** The two deployments every Redis suite runs against. */
export const TARGETS = ['standalone', 'cluster'] as const;
export type Target = (typeof TARGETS)[number];

/** Connection options for a target, from the servers the global setup started. */
export function connectionFor(target: Target): RedisAdapterOptions {
  return target === 'standalone' ? { url: inject('redisUrl') } : { clusterNodes: inject('redisClusterNodes') };
}

/**
 * A storage on `target` with its own random prefix, so suites sharing one Redis never see each
 * other's keys. Close it when done.
 */
export function storageFor(target: Target, options: Partial<RedisAdapterOptions> = {}): RedisStorage {
  return createRedisAdapter({ ...connectionFor(target), prefix: `t-${randomUUID().slice(0, 8)}:`, ...options });
}
