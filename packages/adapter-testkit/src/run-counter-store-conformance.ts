import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import type { CounterStore } from '@oidc-kit/core';

import { waitUntil } from './assertions.js';
import { runStoreSuite, type StoreSuiteOptions } from './store-helpers.js';

export interface CounterStoreConformanceOptions extends StoreSuiteOptions<CounterStore> {
  /** Parallel increments in the atomicity test; default 50. */
  concurrency?: number;
}

/**
 * Registers the `CounterStore` conformance suite: counting within a window, `get`, `reset`,
 * key isolation, window expiry and atomic concurrent increments.
 *
 * @example
 * ```ts
 * runCounterStoreConformance({ name: 'memory', createStore: () => new MemoryCounterStore() });
 * ```
 */
export function runCounterStoreConformance(options: CounterStoreConformanceOptions): void {
  const concurrency = options.concurrency ?? 50;
  const key = () => `counter-${randomUUID()}`;
  runStoreSuite('counter store conformance', options, ({ store, test, timeoutMs }) => {
    test('counts hits within a window and reports the time left', async () => {
      const k = key();
      const s = await store();
      for (const expected of [1, 2, 3]) {
        const { count, resetInSeconds } = await s.increment(k, 60);
        assert.equal(count, expected);
        assert.ok(resetInSeconds >= 1 && resetInSeconds <= 60, `resetInSeconds ${resetInSeconds} within (0, 60]`);
      }
      const now = await s.get(k);
      assert.equal(now.count, 3);
      assert.ok(now.resetInSeconds >= 1 && now.resetInSeconds <= 60);
    }, timeoutMs);

    test('get of an unknown key is zero', async () => {
      assert.deepEqual(await (await store()).get(key()), { count: 0, resetInSeconds: 0 });
    }, timeoutMs);

    test('reset clears the counter and keeps other keys', async () => {
      const [a, b] = [key(), key()];
      const s = await store();
      await s.increment(a, 60);
      await s.increment(a, 60);
      await s.increment(b, 60);
      await s.reset(a);
      assert.equal((await s.get(a)).count, 0);
      assert.equal((await s.increment(a, 60)).count, 1);
      assert.equal((await s.get(b)).count, 1);
      await s.reset(key());
    }, timeoutMs);

    test('starts a new window when the old one ends', async () => {
      const k = key();
      const s = await store();
      await s.increment(k, 1);
      await s.increment(k, 1);
      await waitUntil(async () => (await s.get(k)).count === 0, 6000, 'a 1-second window ends');
      assert.equal((await s.increment(k, 1)).count, 1);
    }, timeoutMs + 6000);

    test(`${concurrency} concurrent increments each get a distinct count`, async () => {
      const k = key();
      const s = await store();
      const results = await Promise.all(Array.from({ length: concurrency }, () => s.increment(k, 60)));
      const counts = results.map((r) => r.count).sort((x, y) => x - y);
      assert.deepEqual(counts, Array.from({ length: concurrency }, (_, i) => i + 1));
      assert.equal((await s.get(k)).count, concurrency);
    }, timeoutMs);
  });
}
