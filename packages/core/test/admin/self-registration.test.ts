import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityProvider } from '../../src/index.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

async function signUp(t: TestIdp, body: unknown): Promise<{ status: number; headers: Headers; body: Record<string, any> }> {
  const response = await fetch(`${t.issuer}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe('self-registration (POST /users)', () => {
  let t: TestIdp;
  beforeAll(async () => {
    t = await startIdp({ selfRegistration: { enabled: true, defaultRole: 'member', maxPerHour: 2 } });
  });
  afterAll(() => t?.close());

  it('creates an account with the default role only', async () => {
    const created = await signUp(t, { username: 'ivan', email: 'ivan@example.com', password: 'ivan password 1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'ivan', email: 'ivan@example.com', role: 'member', roles: ['member'] });
    expect(JSON.stringify(created.body)).not.toMatch(/\$2[aby]\$/);
    expect((await t.idp.accounts.findByLogin('ivan'))?.roles).toEqual(['member']);
  });

  it('never assigns another role, and keeps the password policy and unique logins', async () => {
    const admin = await signUp(t, { username: 'mallory', password: 'mallory password', role: 'admin' });
    expect(admin.status).toBe(400);
    expect(admin.body.error).toBe('invalid_request');
    expect((await signUp(t, { username: 'mallory', password: 'mallory password', roles: ['member', 'admin'] })).status).toBe(400);
    expect(await t.idp.accounts.findByLogin('mallory')).toBeUndefined();
    const weak = await signUp(t, { username: 'judy', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error_description).toMatch(/at least 8 characters/);
    expect((await signUp(t, { username: 'IVAN', password: 'another password' })).status).toBe(409);
  });

  it('limits sign-ups per client address (429 with Retry-After)', async () => {
    // ivan and the duplicate IVAN counted (refused requests before hashing do not); the limit is two.
    const limited = await signUp(t, { username: 'late', password: 'late password 1' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('self-registration switched off (the default)', () => {
  it('has no POST /users', async () => {
    const t = await startIdp({});
    try {
      const response = await fetch(`${t.issuer}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'long enough password' }) });
      expect(response.status).toBe(404);
      expect((await t.idp.accounts.list()).total).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('refuses the admin role as the default role at start-up', async () => {
    await expect(createIdentityProvider({ issuer: 'http://127.0.0.1:1', selfRegistration: { enabled: true, defaultRole: 'admin' } })).rejects.toThrow(/selfRegistration.defaultRole must not be the admin role/);
    await expect(createIdentityProvider({ issuer: 'http://127.0.0.1:1', admin: { enabled: 'yes' as never } })).rejects.toThrow(/admin.enabled must be true or false/);
  });
});
