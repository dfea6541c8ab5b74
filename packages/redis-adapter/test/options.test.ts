import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';

import { createRedisAdapter } from '../src/index.js';
import type { RedisAdapterOptions } from '../src/index.js';

describe('createRedisAdapter options', () => {
  it.each<[string, RedisAdapterOptions, string]>([
    ['no connection', {}, 'redis needs exactly one of'],
    ['two connections', { url: 'redis://127.0.0.1:1', clusterNodes: ['127.0.0.1:2'] }, 'redis needs exactly one of'],
    ['a bad url', { url: 'http://127.0.0.1' }, 'redis.url'],
    ['empty cluster nodes', { clusterNodes: [] }, 'redis.clusterNodes'],
    ['a prefix with a hash tag', { url: 'redis://127.0.0.1:1', prefix: '{idp}:' }, 'redis.prefix'],
    ['a negative grace', { url: 'redis://127.0.0.1:1', refreshTokenReuseGraceSeconds: -1 }, 'redis.refreshTokenReuseGraceSeconds'],
    ['a zero timeout', { url: 'redis://127.0.0.1:1', operationTimeoutMs: 0 }, 'redis.operationTimeoutMs'],
  ])('rejects %s, naming the option', (_, options, message) => {
    expect(() => createRedisAdapter(options)).toThrow(expect.objectContaining({ code: 'ERR_CONFIGURATION', message: expect.stringContaining(message) }));
  });

  it('uses a client it is given and leaves it open on close', async () => {
    const client = new Redis(inject('redisUrl'));
    try {
      const storage = createRedisAdapter({ client, refreshTokenReuseGraceSeconds: 5 });
      expect(storage.refreshTokenReuseGraceSeconds).toBe(5);
      expect(storage.prefix).toBe('oidc:');
      await storage.close();
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });
});
