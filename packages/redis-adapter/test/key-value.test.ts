import { afterAll, describe, expect, it } from 'vitest';

import type { RedisStorage } from '../src/index.js';
import { storageFor, TARGETS } from './support/targets.js';

// The client store's contract is proved by the shared conformance suite (conformance.test.ts);
// what is left here is Redis-only: the key-value store and ping.
describe.each(TARGETS)('redis key-value and ping (%s)', (target) => {
  const opened: RedisStorage[] = [];
  const open = () => {
    const storage = storageFor(target);
    opened.push(storage);
    return storage;
  };
  afterAll(async () => {
    await Promise.all(opened.map((storage) => storage.close()));
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
