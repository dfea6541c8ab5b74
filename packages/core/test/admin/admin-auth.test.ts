import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlice, ALICE } from '../support/fixtures.js';
import { fastHash, startIdp } from '../support/start-idp.js';
import { ADMIN_CLIENT, clientCredentials, SECRET, startAdminIdp, type AdminIdp } from './support.js';

async function passwordToken(issuer: string, client: { id: string; secret: string }, username: string, password: string, scope: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password, scope }).toString(),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('admin API: authorization (RFC 6750) and audit', () => {
  let t: AdminIdp;

  beforeAll(async () => {
    t = await startAdminIdp();
    await addAlice(t.idp.accounts as never);
    await t.idp.accounts.create({ id: 'bob-id', username: 'bob', passwordHash: fastHash(ALICE.password), roles: ['user'] });
  });
  afterAll(() => t?.close());

  it('answers 401 invalid_token with a Bearer challenge when the token is missing, unknown or malformed', async () => {
    const missing = await t.call('GET', '/clients', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe('invalid_token');
    expect(missing.headers.get('www-authenticate')).toBe(`Bearer realm="${t.issuer}", scope="admin"`);

    const unknown = await t.call('GET', '/clients', { token: 'not-a-token-of-this-idp' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_token');
    expect(unknown.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    const basic = await t.call('GET', '/users', { token: null, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_token');
  });

  it('answers 403 insufficient_scope for a valid token without the admin scope', async () => {
    const token = await t.token('machine-only', SECRET, 'api');
    const response = await t.call('POST', '/clients', { token, body: { client_name: 'nope' } });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('insufficient_scope');
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="admin"/);
  });

  it('refuses a revoked admin token and the token of a deactivated client', async () => {
    const token = await t.token(ADMIN_CLIENT.client_id, ADMIN_CLIENT.client_secret, 'admin');
    expect((await t.call('GET', '/users', { token })).status).toBe(200);
    const revoked = await fetch(`${t.issuer}/token/revocation`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN_CLIENT.client_id}:${ADMIN_CLIENT.client_secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect((await t.call('GET', '/users', { token })).status).toBe(401);

    const other = await t.call('POST', '/clients', { body: { grant_types: ['client_credentials'], scope: 'admin' } });
    const otherToken = await t.token(other.body.client_id, other.body.client_secret, 'admin');
    expect((await t.call('GET', '/users', { token: otherToken })).status).toBe(200);
    await t.call('PATCH', `/clients/${other.body.client_id}`, { body: { is_active: false } });
    expect((await t.call('GET', '/users', { token: otherToken })).status).toBe(401);
  });

  it('accepts a user token with the admin scope only for a user with the admin role', async () => {
    const created = await t.call('POST', '/clients', { body: { client_name: 'Console', grant_types: ['password'], scope: 'openid admin' } });
    expect(created.status).toBe(201);
    const client = { id: created.body.client_id as string, secret: created.body.client_secret as string };

    const alice = await passwordToken(t.issuer, client, ALICE.username, ALICE.password, 'openid admin');
    expect(alice.scope).toBe('openid admin');
    const listed = await t.call('POST', '/users', { token: alice.access_token as string, body: { username: 'made-by-alice', password: 'long enough password' } });
    expect(listed.status).toBe(201);
    const entry = t.logger.lines.map((l) => JSON.parse(l)).find((l) => l.audit && l.target === listed.body.id);
    expect(entry).toMatchObject({ audit: true, actor: 'alice-id', client_id: client.id, action: 'user.create' });

    const bob = await passwordToken(t.issuer, client, 'bob', ALICE.password, 'openid admin');
    const refused = await t.call('GET', '/users', { token: bob.access_token as string });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('insufficient_scope');
  });

  it('writes one audit line per change (actor, action, target, at) and never a secret', async () => {
    const created = await t.call('POST', '/clients', { body: { client_name: 'Audited', grant_types: ['client_credentials'] } });
    const rotated = await t.call('POST', `/clients/${created.body.client_id}/secret`);
    const lines = t.logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.audit === true && l.target === created.body.client_id);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ actor: ADMIN_CLIENT.client_id, action: 'client.create', target: created.body.client_id });
    expect(lines[1]).toMatchObject({ action: 'client.secret.rotate' });
    expect(Date.parse(lines[0]!.at as string)).not.toBeNaN();
    const log = t.logger.lines.join('\n');
    for (const secret of [created.body.client_secret, rotated.body.client_secret, ADMIN_CLIENT.client_secret]) expect(log).not.toContain(secret);
    // Reads are not changes.
    const before = t.logger.lines.length;
    await t.call('GET', '/clients');
    expect(t.logger.lines.length).toBe(before);
  });

  it('publishes the admin scope in discovery', async () => {
    const discovery = (await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toContain('admin');
  });
});

describe('admin API with JWT access tokens, under a prefix', () => {
  let t: AdminIdp;
  beforeAll(async () => {
    t = await startAdminIdp({ accessTokens: { format: 'jwt' } }, 'prefixed');
  });
  afterAll(() => t?.close());

  it('accepts an admin JWT access token and refuses a tampered one', async () => {
    const token = await t.token(ADMIN_CLIENT.client_id, ADMIN_CLIENT.client_secret, 'admin');
    expect(token.split('.')).toHaveLength(3);
    const created = await t.call('POST', '/clients', { token, body: { grant_types: ['client_credentials'], scope: 'api' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/oidc/admin/clients/${created.body.client_id}`);
    expect((await clientCredentials(t.issuer, created.body.client_id, created.body.client_secret)).status).toBe(200);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
    expect((await t.call('GET', '/clients', { token: forged })).status).toBe(401);
  });
});

describe('admin API switched off (the default)', () => {
  it('is not mounted, offers no admin scope and no registration endpoint', async () => {
    const t = await startIdp({ scopes: ['api'] });
    try {
      const response = await fetch(`${t.issuer}/admin/clients`);
      expect(response.status).toBe(404);
      const discovery = (await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery.scopes_supported).not.toContain('admin');
      expect(discovery.registration_endpoint).toBeUndefined();
      expect(t.idp.adminRouter.stack.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
