import { ConflictError } from '@oidc-kit/core';
import { afterAll, describe, expect, it } from 'vitest';

import type { RedisStorage } from '../src/index.js';
import { storageFor, TARGETS } from './support/targets.js';

describe.each(TARGETS)('redis account store (%s)', (target) => {
  const opened: RedisStorage[] = [];
  const store = () => {
    const storage = storageFor(target);
    opened.push(storage);
    return storage.accountStore;
  };
  afterAll(async () => {
    await Promise.all(opened.map((storage) => storage.close()));
  });

  it('creates accounts with defaults and finds them by id, username and e-mail (case-insensitive)', async () => {
    const accounts = store();
    const created = await accounts.create({ username: 'Alice', email: 'Alice@Example.com', passwordHash: '$2b$10$x' });
    expect(created).toMatchObject({ username: 'Alice', emailVerified: false, roles: [], claims: {}, disabled: false });
    expect(await accounts.findById(created.id)).toEqual(created);
    expect(await accounts.findByLogin('alice')).toEqual(created);
    expect(await accounts.findByLogin('ALICE@example.COM')).toEqual(created);
    expect(await accounts.findByLogin('bob')).toBeUndefined();
    expect(await accounts.findById('nobody')).toBeUndefined();
  });

  it('refuses a duplicate username, e-mail or id with ConflictError naming the field', async () => {
    const accounts = store();
    await accounts.create({ id: 'a1', username: 'Ünïcode', email: 'u@example.com' });
    await expect(accounts.create({ username: 'üNÏCODE' })).rejects.toMatchObject({ code: 'ERR_CONFLICT', field: 'username' });
    await expect(accounts.create({ username: 'other', email: 'U@EXAMPLE.COM' })).rejects.toMatchObject({ field: 'email' });
    await expect(accounts.create({ id: 'a1', username: 'third' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('lets exactly one of concurrent creates with one username win', async () => {
    const accounts = store();
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => accounts.create({ username: i % 2 ? 'Race' : 'race' })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await accounts.list()).total).toBe(1);
  });

  it('updates, moving the unique logins, and refuses a taken one', async () => {
    const accounts = store();
    const alice = await accounts.create({ username: 'alice', email: 'alice@example.com' });
    await accounts.create({ username: 'bob', email: 'bob@example.com' });
    const renamed = await accounts.update(alice.id, { username: 'alicia', email: 'alicia@example.com', roles: ['admin'] });
    expect(renamed).toMatchObject({ id: alice.id, username: 'alicia', roles: ['admin'], createdAt: alice.createdAt });
    expect(await accounts.findByLogin('alice')).toBeUndefined();
    expect(await accounts.findByLogin('alice@example.com')).toBeUndefined();
    expect((await accounts.findByLogin('ALICIA'))?.id).toBe(alice.id);
    // The old username is free again.
    await accounts.create({ username: 'alice' });
    await expect(accounts.update(alice.id, { username: 'BOB' })).rejects.toMatchObject({ field: 'username' });
    await expect(accounts.update(alice.id, { email: 'bob@example.com' })).rejects.toMatchObject({ field: 'email' });
    expect((await accounts.findById(alice.id))?.username).toBe('alicia');
    expect(await accounts.update('nobody', { username: 'x' })).toBeUndefined();
  });

  it('applies concurrent updates of one account without losing any', async () => {
    const accounts = store();
    const account = await accounts.create({ username: 'carol' });
    await Promise.all([
      accounts.update(account.id, { claims: { name: 'Carol' } }),
      accounts.update(account.id, { roles: ['user'] }),
    ]);
    expect(await accounts.findById(account.id)).toMatchObject({ claims: { name: 'Carol' }, roles: ['user'] });
  });

  it('deletes an account and frees its logins', async () => {
    const accounts = store();
    const dave = await accounts.create({ username: 'dave', email: 'dave@example.com' });
    expect(await accounts.delete(dave.id)).toBe(true);
    expect(await accounts.delete(dave.id)).toBe(false);
    expect(await accounts.findByLogin('dave')).toBeUndefined();
    await accounts.create({ username: 'Dave', email: 'DAVE@example.com' });
  });

  it('lists in creation order with offset, limit and search', async () => {
    const accounts = store();
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) {
      await accounts.create({ username: name, email: `${name}@${name === 'eve' ? 'corp' : 'example'}.com` });
    }
    const page = await accounts.list({ offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((a) => a.username)).toEqual(['ben', 'cat']);
    const found = await accounts.list({ search: 'CORP' });
    expect(found.items.map((a) => a.username)).toEqual(['eve']);
    expect(found.total).toBe(1);
    expect((await accounts.list({ search: 'n', limit: 1, offset: 1 })).items.map((a) => a.username)).toEqual(['ben']);
  });
});
