import { StorageError } from '@oidc-kit/core';
import { afterAll, describe, expect, it } from 'vitest';

import { createRedisAdapter } from '../src/index.js';
import type { RedisStorage } from '../src/index.js';
import { startRedisServer, waitForPing } from './support/redis-server.js';
import type { RedisServer } from './support/redis-server.js';

// A Redis of its own, stopped and restarted under a live client: requests fail with
// StorageError (the core's 503) instead of hanging, and the same client recovers.
describe('redis outage', () => {
  let server: RedisServer | undefined;
  let storage: RedisStorage | undefined;
  afterAll(async () => {
    await storage?.close();
    await server?.stop();
  });

  it('fails fast with StorageError while Redis is down and recovers when it is back', async () => {
    server = await startRedisServer();
    const { port } = server;
    const reported: Error[] = [];
    storage = createRedisAdapter({ url: `redis://127.0.0.1:${port}`, operationTimeoutMs: 1000, onError: (e) => reported.push(e) });
    const tokens = storage.adapterFactory('AccessToken');
    await tokens.upsert('before', { jti: 'before' }, 60);
    expect(await tokens.find('before')).toEqual({ jti: 'before' });

    await server.stop();
    const failures = await Promise.allSettled([
      tokens.find('before'),
      tokens.upsert('during', { jti: 'during' }, 60),
      tokens.consume('before'),
      storage.accountStore.findByLogin('alice'),
      storage.counterStore.increment('login:alice', 60),
      storage.ping(),
    ]);
    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      if (failure.status === 'rejected') expect(failure.reason).toBeInstanceOf(StorageError);
    }
    expect(reported.length).toBeGreaterThan(0);

    server = await startRedisServer({ port });
    await waitForPing(port);
    // ioredis reconnects by itself (retry delay ≤ 1 s); poll, bounded, until this client is back.
    let back = false;
    for (let attempt = 0; attempt < 50 && !back; attempt += 1) {
      back = await storage.ping().then(() => true, () => false);
      if (!back) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(back).toBe(true);
    await tokens.upsert('after', { jti: 'after' }, 60);
    expect(await tokens.find('after')).toEqual({ jti: 'after' });
  });
});
