import * as assert from 'node:assert/strict';

import type { AccountRecord, AccountStore, NewAccount } from '@oidc-kit/core';

import { assertConflict, FAKE_HASH, newTag, orUndefined as none, plain, timestamp } from './store-helpers.js';
import type { StoreSuite } from './store-helpers.js';

/** `create`, `findById`, `findByLogin` and the uniqueness of ids, usernames and e-mails. */
export function accountCreateTests({ store, test, timeoutMs }: StoreSuite<AccountStore>, concurrency: number): void {
  test('create fills in the defaults; findById returns the account', async () => {
    const t = newTag();
    const s = await store();
    const created = await s.create({ username: `Alice-${t}`, email: `Alice-${t}@Example.com`, passwordHash: FAKE_HASH });
    assert.ok(typeof created.id === 'string' && created.id.length > 0, 'create assigns an id');
    // Logins are kept as given; only comparisons fold case.
    assert.equal(created.username, `Alice-${t}`);
    assert.equal(created.email, `Alice-${t}@Example.com`);
    assert.equal(created.passwordHash, FAKE_HASH);
    // roles and claims are required members of AccountRecord. emailVerified and disabled are
    // optional there; both built-in stores default them to false, which the admin API shows.
    assert.deepEqual(
      plain({ roles: created.roles, claims: created.claims, emailVerified: created.emailVerified, disabled: created.disabled }),
      { roles: [], claims: {}, emailVerified: false, disabled: false },
    );
    const createdAt = timestamp(created.createdAt, 'createdAt');
    assert.ok(timestamp(created.updatedAt, 'updatedAt') >= createdAt, 'updatedAt is not before createdAt');
    assert.deepEqual(plain(await s.findById(created.id)), plain(created));
  }, timeoutMs);

  test('create keeps every given field, the id included; accounts without e-mail do not collide', async () => {
    const t = newTag();
    const s = await store();
    const input: NewAccount = {
      id: `acct-${t}`,
      username: `bob-${t}`,
      email: `bob-${t}@example.com`,
      emailVerified: true,
      passwordHash: FAKE_HASH,
      roles: ['admin', 'user'],
      claims: { name: 'Bób Ünïcode', address: { locality: 'Zürich' }, 'urn:example:n': [1, 'two'] },
      disabled: true,
    };
    const created = await s.create(input);
    assert.deepEqual(plain({ ...created, createdAt: undefined, updatedAt: undefined }), plain(input));
    assert.deepEqual(plain(await s.findById(`acct-${t}`)), plain(created));

    const first = await s.create({ username: `nomail1-${t}` });
    const second = await s.create({ username: `nomail2-${t}` });
    assert.equal(first.email ?? undefined, undefined);
    assert.notEqual(first.id, second.id, 'generated ids differ');
  }, timeoutMs);

  test('findById and findByLogin answer undefined for what does not exist', async () => {
    const t = newTag();
    const s = await store();
    assert.equal(await none(s.findById(`missing-${t}`)), undefined);
    assert.equal(await none(s.findByLogin(`missing-${t}`)), undefined);
    assert.equal(await none(s.findByLogin(`missing-${t}@example.com`)), undefined);
  }, timeoutMs);

  test('findByLogin finds by username and by e-mail, case-insensitively', async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const created = await s.create({ username: `Ünïcode-${t}`, email: `Mail-${t}@Example.com` });
    for (const login of [`Ünïcode-${t}`, `ünïcode-${t}`, `üNÏCODE-${T}`, `Mail-${t}@Example.com`, `mail-${t}@example.com`, `MAIL-${T}@EXAMPLE.COM`]) {
      assert.deepEqual(plain(await s.findByLogin(login)), plain(created), `findByLogin(${login})`);
    }
    // The whole login, not a part of it.
    assert.equal(await none(s.findByLogin(`Ünïcode-${t.slice(0, -1)}`)), undefined, 'a prefix of the username');
    assert.equal(await none(s.findByLogin(`mail-${t}`)), undefined, 'a prefix of the e-mail');
  }, timeoutMs);

  test('findByLogin looks at usernames before e-mails', async () => {
    const t = newTag();
    const s = await store();
    const login = `shared-${t}@example.com`;
    const byUsername = await s.create({ username: login });
    let byEmail: AccountRecord;
    try {
      byEmail = await s.create({ username: `other-${t}`, email: login.toUpperCase() });
    } catch (error) {
      // A store may keep usernames and e-mails in one namespace; then the question never arises.
      if ((error as { code?: unknown }).code === 'ERR_CONFLICT') return;
      throw error;
    }
    assert.equal((await s.findByLogin(login))?.id, byUsername.id, 'the username wins');
    assert.equal((await s.findByLogin(`other-${t}`))?.id, byEmail.id);
  }, timeoutMs);

  test('refuses a taken username, e-mail or id with ConflictError naming the field; a refused create leaves nothing', async () => {
    const t = newTag();
    const T = t.toUpperCase();
    const s = await store();
    const first = await s.create({ id: `acct-${t}`, username: `Ünïcode-${t}`, email: `u-${t}@example.com` });
    await assertConflict(s.create({ username: `üNÏCODE-${T}` }), 'username', 'the username in another case');
    await assertConflict(s.create({ username: `other-${t}`, email: `U-${T}@EXAMPLE.COM` }), 'email', 'the e-mail in another case');
    // The TSDoc names usernames and e-mails; both built-in stores also refuse a taken id, as 'id'.
    await assertConflict(s.create({ id: first.id, username: `third-${t}` }), 'id', 'the id');
    // Both built-in stores fold with NFKC: spellings that look the same are the same login.
    await s.create({ username: `Cafe\u0301-${t}` });
    await assertConflict(s.create({ username: `CAF\u00c9-${T}` }), 'username', 'a composed spelling of a decomposed username');

    assert.equal(await none(s.findByLogin(`other-${t}`)), undefined, 'a refused create took its username');
    assert.equal(await none(s.findByLogin(`third-${t}`)), undefined, 'a refused create took its username');
    assert.deepEqual(plain(await s.findById(first.id)), plain(first), 'a refused create changed the account it collided with');
    assert.equal((await s.list({ search: t })).total, 2);
    await s.create({ username: `other-${t}` });
  }, timeoutMs);

  test(`of ${concurrency} concurrent creates with one username exactly one wins`, async () => {
    const t = newTag();
    const s = await store();
    const outcomes = await Promise.allSettled(
      Array.from({ length: concurrency }, (_, i) => s.create({ username: i % 2 ? `Race-${t.toUpperCase()}` : `race-${t}` })),
    );
    await assertOneWinner(s, outcomes, 'username', t);
    assert.ok(await s.findByLogin(`RACE-${t}`));
  }, timeoutMs);

  test(`of ${concurrency} concurrent creates with one e-mail exactly one wins`, async () => {
    const t = newTag();
    const s = await store();
    const outcomes = await Promise.allSettled(
      Array.from({ length: concurrency }, (_, i) => s.create({ username: `race${i}-${t}`, email: i % 2 ? `RACE@${t.toUpperCase()}.example` : `race@${t}.example` })),
    );
    await assertOneWinner(s, outcomes, 'email', t);
  }, timeoutMs);
}

async function assertOneWinner(
  s: AccountStore,
  outcomes: Array<PromiseSettledResult<AccountRecord>>,
  field: string,
  tag: string,
): Promise<void> {
  const winners = outcomes.filter((o) => o.status === 'fulfilled');
  assert.equal(winners.length, 1, `exactly one of ${outcomes.length} concurrent creates wins, got ${winners.length}`);
  for (const o of outcomes) {
    if (o.status === 'rejected') await assertConflict(Promise.reject(o.reason), field, 'a losing create');
  }
  assert.equal((await s.list({ search: tag })).total, 1, 'one account stored');
}
