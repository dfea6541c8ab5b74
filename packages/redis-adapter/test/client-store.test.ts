import { afterAll, describe, expect, it } from 'vitest';

import type { RedisStorage } from '../src/index.js';
import { storageFor, TARGETS } from './support/targets.js';

describe.each(TARGETS)('redis client store and key-value (%s)', (target) => {
  const opened: RedisStorage[] = [];
  const open = () => {
    const storage = storageFor(target);
    opened.push(storage);
    return storage;
  };
  afterAll(async () => {
    await Promise.all(opened.map((storage) => storage.close()));
  });

  it('saves, replaces, finds, lists and deletes clients', async () => {
    const { clientStore } = open();
    const app = { client_id: 'app', client_secret: 's3cret', redirect_uris: ['https://app.example/cb'], client_name: 'The App' };
    await clientStore.save(app);
    await clientStore.save({ client_id: 'svc', grant_types: ['client_credentials'] });
    await clientStore.save({ ...app, client_name: 'Renamed' });
    expect(await clientStore.find('app')).toEqual({ ...app, client_name: 'Renamed' });
    expect((await clientStore.list()).items.map((c) => c.client_id)).toEqual(['app', 'svc']);
    expect((await clientStore.list({ search: 'renam' })).items.map((c) => c.client_id)).toEqual(['app']);
    expect(await clientStore.delete('app')).toBe(true);
    expect(await clientStore.delete('app')).toBe(false);
    expect(await clientStore.find('app')).toBeUndefined();
    expect(await clientStore.list()).toEqual({ items: [{ client_id: 'svc', grant_types: ['client_credentials'] }], total: 1 });
  });

  it('keeps shared JSON values; setIfAbsent returns the value that won', async () => {
    const { keyValue } = open();
    expect(await keyValue.get('jwks')).toBeUndefined();
    const candidates = Array.from({ length: 10 }, (_, i) => ({ keys: [{ kid: `k${i}` }] }));
    const winners = await Promise.all(candidates.map((value) => keyValue.setIfAbsent('jwks', value)));
    expect(new Set(winners.map((w) => JSON.stringify(w))).size).toBe(1);
    expect(await keyValue.get('jwks')).toEqual(winners[0]);
    await keyValue.set('jwks', { keys: [] });
    expect(await keyValue.get('jwks')).toEqual({ keys: [] });
    expect(await keyValue.delete('jwks')).toBe(true);
    expect(await keyValue.get('jwks')).toBeUndefined();
  });

  it('answers ping', async () => {
    await expect(open().ping()).resolves.toBeUndefined();
  });
});
