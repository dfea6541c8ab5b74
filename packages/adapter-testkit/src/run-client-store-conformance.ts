import * as assert from 'node:assert/strict';

import type { ClientMetadata, ClientStore } from '@oidc-kit/core';

import { newTag, plain, runStoreSuite, type StoreSuiteOptions } from './store-helpers.js';

export interface ClientStoreConformanceOptions extends StoreSuiteOptions<ClientStore> {
  /**
   * Whether the store has the optional atomic `create` (default true: then it must refuse a taken
   * id, and of concurrent creates with one id exactly one must win). False for a store without it.
   */
  atomicCreate?: boolean;
  /** Parallel creates in the race test; default 20. */
  concurrency?: number;
}

/** Client metadata as oidc-provider and the admin API save it, with a custom member. */
function clientFor(clientId: string, extra: Partial<ClientMetadata> = {}): ClientMetadata {
  return {
    client_id: clientId,
    client_secret: 'not-a-real-secret',
    client_name: 'Ünïcode Äpp',
    redirect_uris: ['https://rp.example/cb', 'https://rp.example/cb2'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    'urn:example:settings': { theme: { dark: true }, tags: ['a', 'b'] },
    ...extra,
  };
}

/**
 * Registers the `ClientStore` conformance suite: `save` and `find` (metadata as saved),
 * `save` replacing a client, `delete`, unknown ids, `list` with offset, limit, search and
 * total, copies (changing a saved or returned client changes nothing stored), and the optional
 * `version` (the same string only while the client is unchanged).
 *
 * @example
 * ```ts
 * runClientStoreConformance({ name: 'memory', createStore: () => new MemoryClientStore() });
 * ```
 */
export function runClientStoreConformance(options: ClientStoreConformanceOptions): void {
  runStoreSuite('client store conformance', options, ({ store, test, timeoutMs }) => {
    test('find returns the client as saved; an unknown client_id is undefined', async () => {
      const t = newTag();
      const s = await store();
      const client = clientFor(`app-${t}`);
      await s.save(client);
      assert.deepEqual(plain(await s.find(`app-${t}`)), plain(client));
      assert.equal((await s.find(`missing-${t}`)) ?? undefined, undefined);
      // The TSDoc is silent; both built-in stores, like oidc-provider, compare client ids exactly.
      assert.equal((await s.find(`APP-${t.toUpperCase()}`)) ?? undefined, undefined, 'client ids are compared exactly');
    }, timeoutMs);

    test('save replaces the whole client, which stays one client', async () => {
      const t = newTag();
      const s = await store();
      await s.save(clientFor(`app-${t}`));
      const replacement: ClientMetadata = { client_id: `app-${t}`, grant_types: ['client_credentials'] };
      await s.save(replacement);
      assert.deepEqual(plain(await s.find(`app-${t}`)), plain(replacement), 'members of the old client survived');
      const { items, total } = await s.list({ search: t });
      assert.equal(total, 1);
      assert.deepEqual(plain(items), plain([replacement]));
    }, timeoutMs);

    test('delete removes the client: true once, then false', async () => {
      const t = newTag();
      const s = await store();
      await s.save(clientFor(`app-${t}`));
      await s.save(clientFor(`svc-${t}`));
      assert.equal(await s.delete(`app-${t}`), true);
      assert.equal(await s.delete(`app-${t}`), false, 'a second delete');
      assert.equal(await s.delete(`missing-${t}`), false, 'delete of an unknown id');
      assert.equal((await s.find(`app-${t}`)) ?? undefined, undefined);
      assert.deepEqual(plain(await s.find(`svc-${t}`)), plain(clientFor(`svc-${t}`)), 'delete touched another client');
      assert.deepEqual((await s.list({ search: t })).items.map((c) => c.client_id), [`svc-${t}`]);
      await s.save(clientFor(`app-${t}`));
      assert.ok(await s.find(`app-${t}`), 'saved again after delete');
    }, timeoutMs);

    // Offset and total are documented; the order is not. Both built-in stores list in the order
    // of the first save, and paging through the admin API relies on a stable one.
    test('list pages with offset and limit, in order of saving, and counts every match in total', async () => {
      const t = newTag();
      const s = await store();
      const ids = Array.from({ length: 5 }, (_, i) => `list${i}-${t}`);
      for (const id of ids) await s.save(clientFor(id));
      const page = async (offset: number, limit: number) => {
        const { items, total } = await s.list({ search: t, offset, limit });
        return { ids: items.map((c) => c.client_id), total };
      };
      assert.deepEqual(await page(0, 10), { ids, total: 5 });
      assert.deepEqual(await page(0, 2), { ids: ids.slice(0, 2), total: 5 });
      assert.deepEqual(await page(2, 2), { ids: ids.slice(2, 4), total: 5 });
      assert.deepEqual(await page(4, 2), { ids: ids.slice(4), total: 5 });
      assert.deepEqual(await page(5, 2), { ids: [], total: 5 });

      // Without a search: the store may hold other tests' clients too.
      const all = await s.list({ limit: 2 });
      assert.equal(all.items.length, 2, 'limit 2 without a search');
      assert.ok(all.total >= 5, `total ${all.total} counts every client`);
    }, timeoutMs);

    // ListQuery.search speaks of accounts; for clients both built-in stores match a
    // case-insensitive part of client_id or client_name, which the admin API searches.
    test('search matches a case-insensitive part of client_id or client_name', async () => {
      const t = newTag();
      const T = t.toUpperCase();
      const s = await store();
      await s.save(clientFor(`ById-${t}`));
      await s.save(clientFor(`c-${newTag()}`, { client_name: `Named ${T}` }));
      await s.save(clientFor(`d-${newTag()}`));
      const search = async (text: string) => (await s.list({ search: text })).items.map((c) => c.client_name ?? c.client_id);
      assert.deepEqual(await search(T), ['Ünïcode Äpp', `Named ${T}`]);
      assert.deepEqual(await search(`byid-${T}`), ['Ünïcode Äpp']);
      assert.deepEqual(await search(`named ${t}`), [`Named ${T}`]);
      assert.equal((await s.list({ search: t, offset: 1, limit: 1 })).total, 2);
      assert.deepEqual(await search(`nothing-${t}`), []);
    }, timeoutMs);

    test('stores copies: changing a client after save, or what find and list return, changes nothing', async () => {
      const t = newTag();
      const s = await store();
      const client = clientFor(`copy-${t}`);
      const saved = plain(client);
      await s.save(client);
      vandalise(client);
      assert.deepEqual(plain(await s.find(`copy-${t}`)), saved, 'changing the saved object changed the store');
      const reads: Array<[string, () => Promise<ClientMetadata | undefined>]> = [
        ['find', () => s.find(`copy-${t}`)],
        ['list', async () => (await s.list({ search: t })).items[0]],
      ];
      for (const [what, read] of reads) {
        const found = await read();
        assert.ok(found, what);
        vandalise(found);
        assert.deepEqual(plain(await s.find(`copy-${t}`)), saved, `changing what ${what} returned changed the store`);
      }
    }, timeoutMs);

    test('version, when the store has it, is the same string only while the client is unchanged', async () => {
      const t = newTag();
      const s = await store();
      if (!s.version) return; // optional
      const id = `ver-${t}`;
      assert.equal(await s.version(id), undefined, 'an unknown client has no version');
      await s.save(clientFor(id));
      const first = await s.version(id);
      assert.equal(typeof first, 'string');
      assert.equal(await s.version(id), first, 'unchanged client, same version');
      await s.save(clientFor(`other-${t}`));
      assert.equal(await s.version(id), first, 'saving another client changed this one\'s version');
      await s.save(clientFor(id, { client_name: 'Renamed' }));
      const second = await s.version(id);
      assert.notEqual(second, first, 'a changed client kept its version');
      await s.delete(id);
      assert.equal(await s.version(id), undefined, 'a deleted client has no version');
      await s.save(clientFor(id, { client_name: 'Renamed again' }));
      assert.notEqual(await s.version(id), second, 'a client saved again after delete, changed, kept the old version');
    }, timeoutMs);

    if (options.atomicCreate ?? true) {
      test('create inserts only a new client_id: a taken one is refused unchanged, and of concurrent creates exactly one wins', async () => {
        const t = newTag();
        const s = await store();
        assert.equal(typeof s.create, 'function', 'the store has no create (pass atomicCreate: false if that is intended)');
        assert.equal(await s.create!(clientFor(`new-${t}`)), true);
        assert.equal(await s.create!(clientFor(`new-${t}`, { client_name: 'Second' })), false);
        assert.equal((await s.find(`new-${t}`))?.client_name, 'Ünïcode Äpp');

        const names = Array.from({ length: options.concurrency ?? 20 }, (_, i) => `Racer ${i}`);
        const outcomes = await Promise.all(names.map((name) => s.create!(clientFor(`race-${t}`, { client_name: name }))));
        assert.equal(outcomes.filter(Boolean).length, 1, 'exactly one concurrent create wins');
        const winner = names[outcomes.indexOf(true)];
        assert.equal((await s.find(`race-${t}`))?.client_name, winner, 'the stored client is the winner\'s');
        assert.equal((await s.list({ search: `race-${t}` })).total, 1);
      }, timeoutMs);
    }
  });
}

/** Changes client metadata in place, top-level and nested members. */
function vandalise(client: ClientMetadata): void {
  client.client_name = 'vandal';
  client.redirect_uris?.push('https://attacker.example/cb');
  (client['urn:example:settings'] as { theme: { dark: boolean } }).theme.dark = false;
}
