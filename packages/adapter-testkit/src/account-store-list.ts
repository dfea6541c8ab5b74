import * as assert from 'node:assert/strict';

import type { AccountRecord, AccountStore } from '@oidc-kit/core';

import { newTag, plain } from './store-helpers.js';
import type { StoreSuite } from './store-helpers.js';

/** `list` (offset, limit, search, total) and copies. */
export function accountListTests({ store, test, timeoutMs }: StoreSuite<AccountStore>): void {
  // Offset and total are documented; the order is not. Both built-in stores list in creation
  // order, and paging through the admin API relies on a stable one.
  test('list pages with offset and limit, in creation order, and counts every match in total', async () => {
    const t = newTag();
    const s = await store();
    const names = Array.from({ length: 5 }, (_, i) => `list${i}-${t}`);
    for (const username of names) await s.create({ username });
    const page = async (offset: number, limit: number) => {
      const { items, total } = await s.list({ search: t, offset, limit });
      return { usernames: items.map((a) => a.username), total };
    };
    assert.deepEqual(await page(0, 10), { usernames: names, total: 5 });
    assert.deepEqual(await page(0, 2), { usernames: names.slice(0, 2), total: 5 });
    assert.deepEqual(await page(2, 2), { usernames: names.slice(2, 4), total: 5 });
    assert.deepEqual(await page(4, 2), { usernames: names.slice(4), total: 5 });
    assert.deepEqual(await page(5, 2), { usernames: [], total: 5 });

    // Without a search: the store may hold other tests' accounts too.
    const all = await s.list({ limit: 2 });
    assert.equal(all.items.length, 2, 'limit 2 without a search');
    assert.ok(all.total >= 5, `total ${all.total} counts every account`);
  }, timeoutMs);

  test('search matches a case-insensitive part of the username or the e-mail', async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const byUsername = await s.create({ username: `UserMatch-${t}`, email: `u-${newTag()}@example.com` });
    const byEmail = await s.create({ username: `m-${newTag()}`, email: `MailMatch@${t}.example` });
    const ids = async (search: string, extra: { offset?: number; limit?: number } = {}) => {
      const { items, total } = await s.list({ search, ...extra });
      return { ids: items.map((a) => a.id), total };
    };
    assert.deepEqual(await ids(T), { ids: [byUsername.id, byEmail.id], total: 2 });
    assert.deepEqual(await ids(`usermatch-${T}`), { ids: [byUsername.id], total: 1 });
    assert.deepEqual(await ids(`@${T}.EXAMPLE`), { ids: [byEmail.id], total: 1 });
    assert.deepEqual(await ids(t, { offset: 1, limit: 1 }), { ids: [byEmail.id], total: 2 });
    assert.deepEqual(await ids(`nothing-${t}`), { ids: [], total: 0 });
  }, timeoutMs);

  // The TSDoc is silent; both built-in stores hand out copies, and callers change what they get.
  test('returns copies: changing a returned account changes nothing stored', async () => {
    const t = newTag();
    const s = await store();
    const created = await s.create({ username: `copy-${t}`, roles: ['user'], claims: { name: 'Copy', address: { locality: 'Bern' } } });
    const stored = plain(created);
    const reads: Array<[string, () => Promise<AccountRecord | undefined>]> = [
      ['create', async () => created],
      ['findById', () => s.findById(created.id)],
      ['findByLogin', () => s.findByLogin(`copy-${t}`)],
      ['list', async () => (await s.list({ search: t })).items[0]],
    ];
    for (const [what, read] of reads) {
      const account = await read();
      assert.ok(account, what);
      vandalise(account);
      assert.deepEqual(plain(await s.findById(created.id)), stored, `changing what ${what} returned changed the store`);
    }
    const updated = await s.update(created.id, { disabled: true });
    assert.ok(updated);
    const afterUpdate = plain(updated);
    vandalise(updated);
    assert.deepEqual(plain(await s.findById(created.id)), afterUpdate, 'changing what update returned changed the store');
  }, timeoutMs);

  // Neither may the caller's own objects stay linked to what is stored.
  test('copies what it is given: changing the input of create or update afterwards changes nothing stored', async () => {
    const t = newTag();
    const s = await store();
    const claims = { name: 'Input', address: { locality: 'Bern' } };
    const roles = ['user'];
    const created = await s.create({ username: `input-${t}`, roles, claims });
    const stored = plain(await s.findById(created.id));
    roles.push('admin');
    claims.address.locality = 'elsewhere';
    assert.deepEqual(plain(await s.findById(created.id)), stored, 'changing the input of create changed the store');

    const patchRoles = ['auditor'];
    const patchClaims = { name: 'Patched', address: { locality: 'Basel' } };
    await s.update(created.id, { roles: patchRoles, claims: patchClaims });
    const patched = plain(await s.findById(created.id));
    patchRoles.push('admin');
    patchClaims.address.locality = 'elsewhere';
    assert.deepEqual(plain(await s.findById(created.id)), patched, 'changing the input of update changed the store');
  }, timeoutMs);
}

/** Changes an account in place, top-level and nested members. */
function vandalise(account: AccountRecord): void {
  account.username = 'vandal';
  account.roles.push('admin');
  (account.claims.address as { locality: string }).locality = 'elsewhere';
  account.claims.name = 'Vandal';
}
