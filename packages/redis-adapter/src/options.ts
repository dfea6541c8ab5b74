import { ConfigurationError } from '@oidc-kit/core';

import type { RedisConnectionOptions } from './connection.js';

export interface RedisAdapterOptions extends RedisConnectionOptions {
  /** Prepended to every key, so that several identity providers can share one Redis. Default `oidc:`. */
  prefix?: string;
  /**
   * Seconds during which a just-rotated refresh token may be used again (clients refreshing
   * from several tabs at once) instead of revoking the grant. Default 0 (reuse always revokes).
   * The core applies it; this package carries it so that one config object describes storage.
   */
  refreshTokenReuseGraceSeconds?: number;
  /** Upper bound of one storage operation, in ms, after which it fails with `StorageError`. Default 2000. */
  operationTimeoutMs?: number;
  /**
   * Receives connection errors of a client this package created. Default: one warning line per
   * outage on stderr (the message names no credentials).
   */
  onError?: (error: Error) => void;
}

export interface ResolvedOptions {
  prefix: string;
  refreshTokenReuseGraceSeconds: number;
  operationTimeoutMs: number;
}

/** Checks the options once, at construction; a bad one throws `ConfigurationError` naming it. */
export function resolveOptions(options: RedisAdapterOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('redis', 'options must be an object');
  }
  const ways = [
    options.client !== undefined,
    options.url !== undefined || options.redisOptions !== undefined,
    options.clusterNodes !== undefined,
  ].filter(Boolean).length;
  if (ways !== 1) {
    throw new ConfigurationError('redis', 'needs exactly one of client, url (and/or redisOptions) or clusterNodes');
  }
  if (options.clusterNodes !== undefined && (!Array.isArray(options.clusterNodes) || options.clusterNodes.length === 0)) {
    throw new ConfigurationError('redis.clusterNodes', 'must be a non-empty array of "host:port" or { host, port }');
  }
  if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new ConfigurationError('redis.url', 'must start with redis:// or rediss://');
  }
  const prefix = options.prefix ?? 'oidc:';
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw new ConfigurationError('redis.prefix', 'must be a string without "{" or "}" (they would move keys between Cluster slots)');
  }
  const grace = options.refreshTokenReuseGraceSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0) {
    throw new ConfigurationError('redis.refreshTokenReuseGraceSeconds', 'must be a whole number of seconds, 0 or more');
  }
  const timeout = options.operationTimeoutMs ?? 2000;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new ConfigurationError('redis.operationTimeoutMs', 'must be a positive number of milliseconds');
  }
  return { prefix, refreshTokenReuseGraceSeconds: grace, operationTimeoutMs: timeout };
}
