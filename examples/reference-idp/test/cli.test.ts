import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisInstalled, startRedisServer, type RedisServer } from '../../../packages/redis-adapter/test/support/redis-server.js';
import { readEnvironment } from '../src/environment.js';
import { startServer } from '../src/server.js';
import { runCli } from './support/run-cli.js';
import { freePort, writeConfig } from './support/spawn-idp.js';
import { memoryLogger } from './support/test-idp.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

describe('the operator CLI (pnpm idp) against a real redis-server', () => {
  let redis: RedisServer;
  let env: Record<string, string>;
  let issuer: string;

  /** The reference IdP on the same Redis and config, as an operator's running server would be. */
  async function withServer<T>(use: (issuer: string) => Promise<T>): Promise<T> {
    const running = await startServer(readEnvironment({ ...env, HOST: '127.0.0.1' }), memoryLogger());
    try {
      return await use(issuer);
    } finally {
      await running.close();
    }
  }

  beforeAll(async () => {
    assertRedisInstalled();
    redis = await startRedisServer();
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), REDIS_URL: `redis://127.0.0.1:${redis.port}`, IDP_CONFIG: await writeConfig({ issuer, scopes: ['api'], clients: [], users: [], passwords: { cost: 4 } }) };
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('adds a confidential client whose secret, shown once, works at the token endpoint of the server', async () => {
    const added = await runCli(['clients', 'add', '--id', 'billing', '--name', 'Billing', '--grant-types', 'client_credentials', '--scope', 'api'], env);
    expect(added.code, added.stderr).toBe(0);
    const printed = JSON.parse(added.stdout);
    expect(printed).toMatchObject({ client_id: 'billing', client_name: 'Billing', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' });
    expect(printed.client_secret).toMatch(/^[\w-]{32,}$/);
    expect(added.stderr).toMatch(/"audit":true,"actor":"cli:[^"]+","action":"client.create","target":"billing"/);
    expect(added.stderr).not.toContain(printed.client_secret);

    const listed = await runCli(['clients', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).items.map((c: { client_id: string }) => c.client_id)).toContain('billing');
    expect(listed.stdout).not.toContain(printed.client_secret);
    expect(listed.stdout).not.toMatch(/"client_secret"|client_secret_hashes/);

    await withServer(async (at) => {
      const config = await oidc.discovery(new URL(at), 'billing', undefined, oidc.ClientSecretBasic(printed.client_secret), insecure);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' });
      expect(tokens.scope).toBe('api');
    });
  });

  it('refuses bad client metadata and a taken client_id with one line and exit code 1', async () => {
    const bad = await runCli(['clients', 'add', '--name', 'Web', '--redirect-uri', 'http://app.example/cb'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n').at(-1)).toMatch(/^oidc-kit idp: invalid_redirect_uri: /);
    const taken = await runCli(['clients', 'add', '--id', 'billing', '--grant-types', 'client_credentials'], env);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/oidc-kit idp: a client with client_id "billing" already exists/);
    const typo = await runCli(['clients', 'add', '--nmae', 'x'], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/unknown option --nmae/);
  });

  it('adds a user with a password read from stdin, who can then sign in; lists users; refuses duplicates', async () => {
    const password = 'a long enough passphrase';
    const added = await runCli(['users', 'add', '--username', 'bob', '--email', 'bob@example.com', '--role', 'admin', '--name', 'Bob Builder', '--password-stdin'], env, `${password}\n`);
    expect(added.code, added.stderr).toBe(0);
    const user = JSON.parse(added.stdout);
    expect(user).toMatchObject({ username: 'bob', email: 'bob@example.com', roles: ['admin'] });
    expect(user.password).toBeUndefined();
    expect(added.stdout + added.stderr).not.toContain(password);

    const listed = await runCli(['users', 'list', '--search', 'bob'], env);
    expect(listed.stdout.trim()).toBe(`${user.id}\tbob\tbob@example.com\tadmin\tactive`);

    const duplicate = await runCli(['users', 'add', '--username', 'BOB', '--password-stdin'], env, 'another long passphrase');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/oidc-kit idp: .*(username|already)/i);
    const weak = await runCli(['users', 'add', '--username', 'carol', '--password-stdin'], env, 'short');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/oidc-kit idp: password must be at least 8/);

    const client = await runCli(['clients', 'add', '--id', 'cli-app', '--grant-types', 'password', '--scope', 'openid profile'], env);
    const { client_secret: secret } = JSON.parse(client.stdout);
    await withServer(async (at) => {
      const config = await oidc.discovery(new URL(at), 'cli-app', undefined, oidc.ClientSecretBasic(secret), insecure);
      const tokens = await oidc.genericGrantRequest(config, 'password', { username: 'bob', password, scope: 'openid profile' });
      expect(tokens.claims()?.sub).toBe(user.id);
      const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
      expect(info.name).toBe('Bob Builder');
    });
  });

  it('rotates the signing keys kept in Redis: new keys sign, the previous ones still verify', async () => {
    const before = await withServer(async (at) => (await (await fetch(`${at}/jwks`)).json()).keys.map((k: { kid: string }) => k.kid));
    const rotated = await runCli(['keys', 'rotate'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const { signing, verifying } = JSON.parse(rotated.stdout);
    expect(signing).toHaveLength(2);
    expect(verifying.map((k: string) => k.split(' ')[0])).toEqual(before.slice(0, 2));
    expect(rotated.stderr).toMatch(/"action":"keys.rotate"/);
    const after = await withServer(async (at) => (await (await fetch(`${at}/jwks`)).json()).keys.map((k: { kid: string }) => k.kid));
    expect(after).toEqual([...signing.map((k: string) => k.split(' ')[0]), ...before.slice(0, 2)]);
  });

  it('warns that changes are lost without REDIS_URL', async () => {
    const { REDIS_URL: _, ...memoryEnv } = env;
    const result = await runCli(['users', 'list'], memoryEnv);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: no REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES: .* changes are lost when it exits$/m);
  });
});
