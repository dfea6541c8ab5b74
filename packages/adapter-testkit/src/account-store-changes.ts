import * as assert from 'node:assert/strict';

import type { AccountStore } from '@oidc-kit/core';

import { assertConflict, FAKE_HASH, newTag, orUndefined as none, plain, timestamp } from './store-helpers.js';
import type { StoreSuite } from './store-helpers.js';

/** `update` and `delete`, and what they do to the unique logins. */
export function accountChangeTests({ store, test, timeoutMs }: StoreSuite<AccountStore>): void {
  test('update changes the given fields, keeps the rest, and moves the logins', async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const alice = await s.create({ username: `alice-${t}`, email: `alice-${t}@example.com`, passwordHash: FAKE_HASH, claims: { name: 'Alice' } });
    const patch = { username: `Alicia-${t}`, email: `alicia-${t}@example.com`, roles: ['admin'], claims: { name: 'Alicia' }, disabled: true, emailVerified: true };
    const updated = await s.update(alice.id, patch);
    assert.ok(updated, 'update returns the account');
    assert.deepEqual(plain({ ...updated, updatedAt: undefined }), plain({ ...alice, ...patch, updatedAt: undefined }));
    assert.ok(timestamp(updated.updatedAt, 'updatedAt') >= timestamp(alice.createdAt, 'createdAt'));
    assert.deepEqual(plain(await s.findById(alice.id)), plain(updated));

    assert.equal(await none(s.findByLogin(`alice-${t}`)), undefined, 'the old username still finds the account');
    assert.equal(await none(s.findByLogin(`alice-${t}@example.com`)), undefined, 'the old e-mail still finds the account');
    assert.equal((await s.findByLogin(`ALICIA-${T}`))?.id, alice.id);
    assert.equal((await s.findByLogin(`ALICIA-${T}@EXAMPLE.COM`))?.id, alice.id);
    // The old logins are free again.
    await s.create({ username: `alice-${t}`, email: `alice-${t}@example.com` });

    const again = await s.update(alice.id, { roles: ['user'] });
    assert.deepEqual(plain({ ...again, updatedAt: undefined }), plain({ ...updated, roles: ['user'], updatedAt: undefined }));
  }, timeoutMs);

  test("update may change the case of the account's own logins", async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const account = await s.create({ username: `eve-${t}`, email: `eve-${t}@example.com` });
    const updated = await s.update(account.id, { username: `EVE-${T}`, email: `Eve-${T}@Example.com` });
    assert.equal(updated?.username, `EVE-${T}`);
    assert.equal((await s.findByLogin(`eve-${t}`))?.id, account.id);
    assert.equal((await s.findByLogin(`eve-${t}@example.com`))?.id, account.id);
  }, timeoutMs);

  test('update refuses a login another account holds, with ConflictError naming the field, and changes nothing', async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const alice = await s.create({ username: `alice-${t}`, email: `alice-${t}@example.com` });
    const bob = await s.create({ username: `bob-${t}`, email: `bob-${t}@example.com` });
    await assertConflict(s.update(alice.id, { username: `BOB-${T}`, roles: ['admin'] }), 'username', "bob's username");
    await assertConflict(s.update(alice.id, { email: `Bob-${T}@Example.com`, roles: ['admin'] }), 'email', "bob's e-mail");
    // A free username and a taken e-mail in one patch: neither is applied.
    await assertConflict(s.update(alice.id, { username: `alicia-${t}`, email: `bob-${t}@example.com` }), 'email', "bob's e-mail with a new username");

    assert.deepEqual(plain(await s.findById(alice.id)), plain(alice), 'a refused update changed the account');
    assert.equal(await none(s.findByLogin(`alicia-${t}`)), undefined, 'a refused update took its username');
    assert.equal((await s.findByLogin(`alice-${t}`))?.id, alice.id, 'a refused update lost the username');
    assert.equal((await s.findByLogin(`alice-${t}@example.com`))?.id, alice.id, 'a refused update lost the e-mail');
    assert.equal((await s.findByLogin(`bob-${t}`))?.id, bob.id);
    assert.equal((await s.findByLogin(`bob-${t}@example.com`))?.id, bob.id);
  }, timeoutMs);

  test('update of an unknown id answers undefined and creates nothing', async () => {
    const t = newTag();
    const s = await store();
    assert.equal(await none(s.update(`missing-${t}`, { username: `ghost-${t}` })), undefined);
    assert.equal(await none(s.findById(`missing-${t}`)), undefined);
    assert.equal(await none(s.findByLogin(`ghost-${t}`)), undefined);
  }, timeoutMs);

  // The TSDoc is silent; both built-in stores keep every one of concurrent updates (Redis by
  // compare-and-set). A lost update could quietly undo `disabled: true`.
  test('concurrent updates of different fields of one account are all kept', async () => {
    const t = newTag();
    const s = await store();
    const account = await s.create({ username: `carol-${t}` });
    // Seven at once: more than a few rounds of compare-and-set.
    await Promise.all([
      s.update(account.id, { claims: { name: 'Carol' } }),
      s.update(account.id, { roles: ['user'] }),
      s.update(account.id, { disabled: true }),
      s.update(account.id, { emailVerified: true }),
      s.update(account.id, { passwordHash: '$2b$04$concurrent' }),
      s.update(account.id, { email: `carol-${t}@example.com` }),
      s.update(account.id, { username: `carol2-${t}` }),
    ]);
    const found = await s.findById(account.id);
    assert.deepEqual(plain({ claims: found?.claims, roles: found?.roles, disabled: found?.disabled, emailVerified: found?.emailVerified, passwordHash: found?.passwordHash, email: found?.email, username: found?.username }), {
      claims: { name: 'Carol' },
      roles: ['user'],
      disabled: true,
      emailVerified: true,
      passwordHash: '$2b$04$concurrent',
      email: `carol-${t}@example.com`,
      username: `carol2-${t}`,
    });
  }, timeoutMs);

  test('delete removes the account and frees its logins', async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const dave = await s.create({ username: `dave-${t}`, email: `dave-${t}@example.com` });
    const other = await s.create({ username: `other-${t}` });
    assert.equal(await s.delete(dave.id), true);
    assert.equal(await s.delete(dave.id), false, 'a second delete');
    assert.equal(await s.delete(`missing-${t}`), false, 'delete of an unknown id');
    assert.equal(await none(s.findById(dave.id)), undefined);
    assert.equal(await none(s.findByLogin(`dave-${t}`)), undefined);
    assert.equal(await none(s.findByLogin(`dave-${t}@example.com`)), undefined);
    assert.deepEqual(plain(await s.findById(other.id)), plain(other), 'delete touched another account');
    assert.equal((await s.list({ search: t })).total, 1);
    await s.create({ username: `DAVE-${T}`, email: `Dave-${T}@Example.com` });
  }, timeoutMs);
}
