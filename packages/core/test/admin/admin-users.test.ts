import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../support/fixtures.js';
import { startAdminIdp, type AdminIdp } from './support.js';

/** The password grant with the `confidential` fixture client. */
async function signIn(issuer: string, username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`confidential:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password, scope: 'openid' }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('admin API: users', () => {
  let t: AdminIdp;
  beforeAll(async () => {
    t = await startAdminIdp();
  });
  afterAll(() => t?.close());

  it('creates a user (seed shape: id, username, email, role, createdAt) who can sign in; never shows the hash', async () => {
    const response = await t.call('POST', '/users', { body: { username: 'carol', email: 'carol@example.com', password: 'carol password 1', role: 'editor' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: expect.any(String), username: 'carol', email: 'carol@example.com', role: 'editor', roles: ['editor'], disabled: false });
    expect(Date.parse(response.body.createdAt)).not.toBeNaN();
    expect(JSON.stringify(response.body)).not.toMatch(/\$2[aby]\$|password/i);
    expect(response.headers.get('location')).toBe(`/admin/users/${response.body.id}`);
    const stored = await t.idp.accounts.findById(response.body.id);
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$/);
    expect((await signIn(t.issuer, 'carol', 'carol password 1')).status).toBe(200);
    expect(t.logger.lines.join('\n')).not.toContain('carol password 1');
  });

  it('takes roles as an array as well', async () => {
    const response = await t.call('POST', '/users', { body: { username: 'dave', password: 'dave password 1', roles: ['user', 'auditor'] } });
    expect(response.body).toMatchObject({ role: 'user', roles: ['user', 'auditor'], email: null });
  });

  it('answers 409 for a username or e-mail that is taken (case-insensitively)', async () => {
    await t.call('POST', '/users', { body: { username: 'erin', email: 'erin@example.com', password: 'erin password 1' } });
    const sameName = await t.call('POST', '/users', { body: { username: 'ERIN', password: 'another password' } });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/username/) });
    const sameEmail = await t.call('POST', '/users', { body: { username: 'erin2', email: 'Erin@Example.com', password: 'another password' } });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error_description).toMatch(/email/);
  });

  it.each([
    [{ username: 'weak', password: 'short' }, /at least 8 characters/],
    [{ username: 'long', password: 'é'.repeat(37) }, /at most 72 bytes/],
    [{ password: 'long enough password' }, /username is required/],
    [{ username: 'has space', password: 'long enough password' }, /username/],
    [{ username: 'x@example.com', password: 'long enough password' }, /username/],
    [{ username: 'bademail', email: 'not-an-email', password: 'long enough password' }, /email/],
    [{ username: 'badrole', role: 'a role with spaces', password: 'long enough password' }, /role/],
    [{ username: 'unknown', password: 'long enough password', passwrod: 'typo' }, /unknown field "passwrod"/],
    [{ username: 'claims', password: 'long enough password', claims: { sub: 'someone-else' } }, /claims must not contain "sub"/],
  ])('refuses %j with 400 naming the rule', async (body, description) => {
    const response = await t.call('POST', '/users', { body });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toMatch(description);
  });

  it('lists users with offset, limit and search', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await t.call('POST', '/users', { body: { username: name, email: `${name}@paging.example`, password: 'long enough password' } });
    const page = await t.call('GET', '/users?search=paging.example&offset=2&limit=2');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('link')).toBeNull();
    expect(page.body).toHaveLength(1);
    expect(page.body[0].passwordHash).toBeUndefined();
    expect((await t.call('GET', '/users?offset=-1')).status).toBe(400);
  });

  it('reads, updates, disables and enables a user', async () => {
    const { body: user } = await t.call('POST', '/users', { body: { username: 'frank', password: 'frank password 1' } });
    expect((await t.call('GET', `/users/${user.id}`)).body.username).toBe('frank');
    const patched = await t.call('PATCH', `/users/${user.id}`, { body: { email: 'frank@example.com', roles: ['user', 'support'], claims: { name: 'Frank' } } });
    expect(patched.body).toMatchObject({ email: 'frank@example.com', role: 'user', roles: ['user', 'support'], claims: { name: 'Frank' } });

    expect((await t.call('POST', `/users/${user.id}/disable`)).body.disabled).toBe(true);
    expect((await signIn(t.issuer, 'frank', 'frank password 1')).body.error).toBe('invalid_grant');
    expect((await t.call('POST', `/users/${user.id}/enable`)).body.disabled).toBe(false);
    expect((await signIn(t.issuer, 'frank', 'frank password 1')).status).toBe(200);
    expect((await t.call('PATCH', `/users/${user.id}`, { body: { disabled: true } })).body.disabled).toBe(true);
    expect((await t.call('PATCH', `/users/${user.id}`, { body: { password: 'x' } })).body.error_description).toMatch(/PUT/);
  });

  it('sets a password (the old one stops working) with the same policy', async () => {
    const { body: user } = await t.call('POST', '/users', { body: { username: 'grace', password: 'grace password 1' } });
    expect((await t.call('PUT', `/users/${user.id}/password`, { body: { password: 'short' } })).status).toBe(400);
    expect((await t.call('PUT', `/users/${user.id}/password`, { body: { password: 'grace password 2' } })).status).toBe(204);
    expect((await signIn(t.issuer, 'grace', 'grace password 1')).status).toBe(400);
    expect((await signIn(t.issuer, 'grace', 'grace password 2')).status).toBe(200);
    expect((await t.call('PUT', '/users/nobody/password', { body: { password: 'long enough password' } })).status).toBe(404);
  });

  it('deletes a user', async () => {
    const { body: user } = await t.call('POST', '/users', { body: { username: 'heidi', password: 'heidi password 1' } });
    expect((await t.call('DELETE', `/users/${user.id}`)).status).toBe(204);
    const gone = await t.call('GET', `/users/${user.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: 'invalid_request', error_description: 'user not found' });
    expect((await t.call('DELETE', `/users/${user.id}`)).status).toBe(404);
    expect((await t.call('PATCH', `/users/${user.id}`, { body: { disabled: true } })).status).toBe(404);
  });
});
