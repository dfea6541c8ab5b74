import { randomUUID } from 'node:crypto';

import { afterAll, describe, expect, it } from 'vitest';

import { keyLayout } from '../src/index.js';
import type { RedisStorage } from '../src/index.js';
import { storageFor, TARGETS } from './support/targets.js';

// What the adapter leaves in Redis: TTLs on every record and index, bounded grant indexes,
// prefixes that keep identity providers apart.
describe.each(TARGETS)('redis key layout (%s)', (target) => {
  const opened: RedisStorage[] = [];
  const open = (prefix?: string) => {
    const storage = storageFor(target, prefix === undefined ? {} : { prefix });
    opened.push(storage);
    return storage;
  };
  // One key per EXISTS: on a Cluster, keys of one command must share a slot.
  const existing = async (storage: RedisStorage, ...keys: string[]) =>
    (await Promise.all(keys.map((key) => storage.client.exists(key)))).reduce((a, b) => a + b, 0);
  afterAll(async () => {
    await Promise.all(opened.map((storage) => storage.close()));
  });

  it('gives records and their uid, userCode and grant index keys a TTL from expiresIn', async () => {
    const storage = open();
    const keys = keyLayout(storage.prefix);
    const grantId = `g-${randomUUID()}`;
    await storage.adapterFactory('Session').upsert('s1', { jti: 's1', uid: 'u1' }, 300);
    await storage.adapterFactory('DeviceCode').upsert('d1', { jti: 'd1', userCode: 'UC-1', grantId }, 200);
    await storage.adapterFactory('AccessToken').upsert('a1', { jti: 'a1', grantId }, 100);

    const ttl = (key: string) => storage.client.pttl(key);
    for (const key of [keys.record('Session', 's1'), keys.uid('Session', 'u1')]) {
      expect(await ttl(key)).toBeGreaterThan(290_000);
      expect(await ttl(key)).toBeLessThanOrEqual(300_000);
    }
    expect(await ttl(keys.userCode('DeviceCode', 'UC-1'))).toBeGreaterThan(190_000);
    // The grant index lives as long as its longest-lived member.
    expect(await ttl(keys.grant(grantId))).toBeGreaterThan(190_000);
    expect(await ttl(keys.grant(grantId))).toBeLessThanOrEqual(200_000);
    expect(await storage.client.zcard(keys.grant(grantId))).toBe(2);
  });

  it('keeps a record without expiresIn, and its grant index, without TTL', async () => {
    const storage = open();
    const keys = keyLayout(storage.prefix);
    await storage.adapterFactory('RefreshToken').upsert('r1', { jti: 'r1', grantId: 'g-forever' });
    expect(await storage.client.pttl(keys.record('RefreshToken', 'r1'))).toBe(-1);
    expect(await storage.client.pttl(keys.grant('g-forever'))).toBe(-1);
  });

  it('keeps the TTL when a record is consumed', async () => {
    const storage = open();
    const key = keyLayout(storage.prefix).record('AuthorizationCode', 'c1');
    await storage.adapterFactory('AuthorizationCode').upsert('c1', { jti: 'c1' }, 60);
    await storage.adapterFactory('AuthorizationCode').consume('c1');
    expect(await storage.client.pttl(key)).toBeGreaterThan(50_000);
  });

  it('drops expired members from a grant index as new ones arrive', async () => {
    const storage = open();
    const keys = keyLayout(storage.prefix);
    const adapter = storage.adapterFactory('AccessToken');
    await adapter.upsert('old', { jti: 'old', grantId: 'g-prune' }, -1);
    await adapter.upsert('new', { jti: 'new', grantId: 'g-prune' }, 60);
    expect(await storage.client.zrange(keys.grant('g-prune'), 0, -1)).toEqual([keys.record('AccessToken', 'new')]);
  });

  it('removes index entries on destroy and the grant index on revocation', async () => {
    const storage = open();
    const keys = keyLayout(storage.prefix);
    await storage.adapterFactory('DeviceCode').upsert('d2', { jti: 'd2', userCode: 'UC-2', grantId: 'g-d' }, 60);
    await storage.adapterFactory('DeviceCode').destroy('d2');
    expect(await existing(storage, keys.userCode('DeviceCode', 'UC-2'), keys.grant('g-d'))).toBe(0);

    await storage.adapterFactory('AccessToken').upsert('a2', { jti: 'a2', grantId: 'g-r' }, 60);
    await storage.adapterFactory('AccessToken').revokeByGrantId('g-r');
    expect(await existing(storage, keys.record('AccessToken', 'a2'), keys.grant('g-r'))).toBe(0);
  });

  it('keeps identity providers with different prefixes apart', async () => {
    const [one, two] = [open(), open()];
    await one.adapterFactory('Grant').upsert('same-id', { jti: 'same-id', which: 'one' }, 60);
    expect(await two.adapterFactory('Grant').find('same-id')).toBeUndefined();
    await two.adapterFactory('AccessToken').upsert('t', { jti: 't', grantId: 'shared-grant' }, 60);
    await one.adapterFactory('AccessToken').revokeByGrantId('shared-grant');
    expect(await two.adapterFactory('AccessToken').find('t')).toEqual({ jti: 't', grantId: 'shared-grant' });
  });
});
