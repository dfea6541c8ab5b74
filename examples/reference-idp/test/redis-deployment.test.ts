import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPasswordHasher } from '@oidc-kit/core';
import { createRedisAdapter, type RedisStorage } from '@oidc-kit/redis-adapter';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisCluster } from '../../../packages/redis-adapter/test/support/redis-cluster.js';
import { assertRedisInstalled, startRedisServer, type RedisServer } from '../../../packages/redis-adapter/test/support/redis-server.js';
import { startLoadBalancer, type LoadBalancer } from './support/load-balancer.js';
import { authorizationRequest, HttpSession, signIn } from './support/sign-in.js';
import { freePort, spawnIdp, writeConfig, type SpawnedIdp } from './support/spawn-idp.js';

// The reference IdP as teams deploy it: several processes (the built dist/main.js) behind one
// load balancer, sharing one real Redis (standalone, then a 3-node Cluster) started here.

const REDIRECT_URI = 'http://127.0.0.1:9/cb';
const APP = { id: 'app', secret: 'app-secret-0123456789abcdef' };
const OPS = { id: 'ops', secret: 'ops-secret-0123456789abcdef' };
const ALICE = { username: 'alice', password: 'correct horse battery staple' };
const BOB = { username: 'bob', password: 'bob password 0123' };
const hasher = createPasswordHasher({ cost: 4 });
afterAll(() => hasher.close());

interface Instance {
  port: number;
  process: SpawnedIdp;
}

/** The demo-like config every instance loads: one confidential client, one user (pre-hashed, cheap). */
async function configFile(issuer: string): Promise<string> {
  return writeConfig({
    issuer,
    scopes: ['api'],
    clients: [{
      client_id: APP.id, client_secret: APP.secret, redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid profile email offline_access api',
    }, {
      // Calls the admin API with a client_credentials token of scope `admin`.
      client_id: OPS.id, client_secret: OPS.secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic', scope: 'admin',
    }],
    users: [{ id: 'alice-id', username: ALICE.username, email: 'alice@example.com', password_hash: await hasher.hash(ALICE.password), roles: ['user'] }],
  });
}

/** Starts instances on the given ports together (so they race to generate the shared keys). */
async function startInstances(ports: number[], env: Record<string, string>): Promise<Instance[]> {
  return Promise.all(ports.map(async (first) => {
    // A port found free can be taken by another test before the IdP binds it: try another.
    for (let attempt = 0, port = first; ; attempt += 1, port = await freePort()) {
      try {
        return { port, process: await spawnIdp({ PORT: String(port), ...env }) };
      } catch (error) {
        if (attempt >= 2 || !String(error).includes('EADDRINUSE')) throw error;
      }
    }
  }));
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** Client-authenticated form POSTs through the load balancer, bounded so that a hang fails the test. */
function endpoints(lb: LoadBalancer) {
  const post = async (path: string, params: Record<string, string>, client = APP) => {
    const response = await fetch(`${lb.url}${path}`, {
      method: 'POST',
      headers: { authorization: basic(client.id, client.secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, string & boolean> };
  };
  return {
    token: (params: Record<string, string>, client = APP) => post('/token', params, client),
    introspect: (token: string) => post('/token/introspection', { token }),
    jwks: async () => (await (await fetch(`${lb.url}/jwks`)).json()) as { keys: Array<{ kid: string }> },
  };
}

/** The load balancer's target while `run` goes on. */
async function via<T>(lb: LoadBalancer, instance: Instance, run: () => Promise<T>): Promise<T> {
  lb.target = instance.port;
  return run();
}

/** Signs Alice in at `instance` and redeems the code at `other`, both behind the balancer. */
async function codeAcrossInstances(lb: LoadBalancer, instance: Instance, other: Instance, session = new HttpSession()) {
  const { url, verifier } = authorizationRequest(`${lb.url}/auth`, { client_id: APP.id, redirect_uri: REDIRECT_URI, scope: 'openid offline_access api', prompt: 'consent' });
  const { callback } = await via(lb, instance, () => signIn(url, lb.url, session, ALICE));
  const code = callback.searchParams.get('code');
  expect(code, callback.href).toBeTruthy();
  const redeemed = await via(lb, other, () => endpoints(lb).token({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: verifier }));
  return { code: code!, session, ...redeemed };
}

describe('reference IdPs sharing one Redis (standalone)', () => {
  let redis: RedisServer;
  let dataDir: string;
  let inspect: RedisStorage;
  let lb: LoadBalancer;
  let env: Record<string, string>;
  let instances: Instance[] = [];
  const before: { accessToken?: string; refreshToken?: string; idToken?: string; session?: HttpSession; kids?: string[]; runtime?: { id: string; secret: string } } = {};

  beforeAll(async () => {
    assertRedisInstalled();
    // Persistence on (AOF in a directory we keep), so Redis can be stopped and started mid-run.
    dataDir = await mkdtemp(join(tmpdir(), 'oidc-kit-redis-data-'));
    redis = await startRedisServer({ args: ['--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'always'] });
    inspect = createRedisAdapter({ url: `redis://127.0.0.1:${redis.port}`, onError: () => undefined });
    lb = await startLoadBalancer();
    env = { IDP_CONFIG: await configFile(lb.url), REDIS_URL: `redis://127.0.0.1:${redis.port}` };
    instances = await startInstances([await freePort(), await freePort()], env);
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.process.stop()));
    await lb?.close();
    await inspect?.close();
    await redis?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes one set of signing keys from every instance, generated once and kept in Redis', async () => {
    const [a, b] = instances as [Instance, Instance];
    const jwksA = await via(lb, a, () => endpoints(lb).jwks());
    const jwksB = await via(lb, b, () => endpoints(lb).jwks());
    expect(jwksA.keys.length).toBeGreaterThan(0);
    expect(jwksB).toEqual(jwksA);
    before.kids = jwksA.keys.map((key) => key.kid);
    const stored = JSON.parse((await inspect.client.get('oidc:kv:signing-keys'))!) as { keys: Array<{ kid: string }> };
    expect(stored.keys.map((key) => key.kid)).toEqual(before.kids);
  });

  it('redeems at one instance a code issued through the other, and stores the tokens with TTLs', async () => {
    const [a, b] = instances as [Instance, Instance];
    const { code, session, status, body } = await codeAcrossInstances(lb, a, b);
    expect(status, JSON.stringify(body)).toBe(200);
    Object.assign(before, { accessToken: body.access_token, refreshToken: body.refresh_token, idToken: body.id_token, session });
    expect((await via(lb, a, () => endpoints(lb).introspect(body.access_token))).body).toMatchObject({ active: true, client_id: APP.id, sub: 'alice-id' });

    // The rows behind it, read by key (no KEYS/SCAN): records with TTLs, the grant index, the consumed code.
    const redisClient = inspect.client;
    const accessKey = `oidc:AccessToken:${body.access_token}`;
    const grantId = await redisClient.hget(accessKey, 'g');
    expect(grantId).toBeTruthy();
    const ttls = await Promise.all([accessKey, `oidc:RefreshToken:${body.refresh_token}`, `oidc:Grant:${grantId}`, `oidc:grant:${grantId}`, `oidc:AuthorizationCode:${code}`].map((key) => redisClient.pttl(key)));
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
    expect(ttls[0]).toBeLessThanOrEqual(3600 * 1000);
    expect(await redisClient.zscore(`oidc:grant:${grantId}`, accessKey)).not.toBeNull();
    expect(await redisClient.hget(`oidc:AuthorizationCode:${code}`, 'c')).toMatch(/^\d+$/);
    // Users, clients and keys do not expire.
    for (const key of ['{oidc:users}:account:alice-id', '{oidc:clients}:client:app', 'oidc:kv:signing-keys', 'oidc:kv:cookie-keys']) {
      expect(await redisClient.pttl(key), key).toBe(-1);
    }
  });

  it('authenticates at the other instance a client registered at one through the admin API', async () => {
    const [a, b] = instances as [Instance, Instance];
    const admin = await via(lb, a, () => endpoints(lb).token({ grant_type: 'client_credentials', scope: 'admin' }, OPS));
    expect(admin.status, JSON.stringify(admin.body)).toBe(200);
    const created = await via(lb, a, () => fetch(`${lb.url}/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.body.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Runtime', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'api' }),
    }));
    const registered = (await created.json()) as { client_id: string; client_secret: string };
    expect(created.status, JSON.stringify(registered)).toBe(201);
    before.runtime = { id: registered.client_id, secret: registered.client_secret };

    const { status, body } = await via(lb, b, () => endpoints(lb).token({ grant_type: 'client_credentials', scope: 'api' }, before.runtime));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.scope).toBe('api');
    expect((await via(lb, b, () => endpoints(lb).token({ grant_type: 'client_credentials' }, { ...before.runtime!, secret: 'wrong-secret' }))).status).toBe(401);
    expect(await inspect.client.pttl(`{oidc:clients}:client:${registered.client_id}`)).toBe(-1);
  });

  it('loses nothing when both instances restart: users, clients, keys, tokens, sessions', async () => {
    const [, second] = instances as [Instance, Instance];
    const admin = await via(lb, second, () => endpoints(lb).token({ grant_type: 'client_credentials', scope: 'admin' }, OPS));
    const created = await via(lb, second, () => fetch(`${lb.url}/admin/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.body.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: BOB.username, password: BOB.password, roles: ['user'] }),
    }));
    expect(created.status, await created.clone().text()).toBe(201);
    const ports = instances.map((instance) => instance.port);
    expect(await Promise.all(instances.map((instance) => instance.process.stop()))).toEqual([0, 0]);
    instances = await startInstances(ports, env);
    const [a, b] = instances as [Instance, Instance];
    const api = endpoints(lb);

    expect((await via(lb, b, () => api.jwks())).keys.map((key) => key.kid)).toEqual(before.kids);
    const verified = await jwtVerify(before.idToken!, createLocalJWKSet(await via(lb, a, () => api.jwks())), { issuer: lb.url, audience: APP.id });
    expect(verified.payload.sub).toBe('alice-id');
    expect((await via(lb, b, () => api.introspect(before.accessToken!))).body.active).toBe(true);
    const refreshed = await via(lb, a, () => api.token({ grant_type: 'refresh_token', refresh_token: before.refreshToken! }));
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);

    const bob = await via(lb, b, () => api.token({ grant_type: 'password', username: BOB.username, password: BOB.password, scope: 'openid' }));
    expect(bob.status, JSON.stringify(bob.body)).toBe(200);
    expect((await via(lb, a, () => api.token({ grant_type: 'client_credentials' }, before.runtime))).status).toBe(200);

    // The browser session from before the restart still signs Alice in (cookie keys and session kept).
    const { url } = authorizationRequest(`${lb.url}/auth`, { client_id: APP.id, redirect_uri: REDIRECT_URI, scope: 'openid' });
    const { callback, pages } = await via(lb, a, () => signIn(url, lb.url, before.session!, ALICE));
    expect(pages).not.toContain('login');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('answers 503 server_error at once while Redis is down, and recovers in the same process when it is back', async () => {
    const [a] = instances as [Instance];
    const pid = a.process.child.pid;
    const api = endpoints(lb);
    await redis.stop();

    // Each request is bounded (15 s abort in `endpoints`); the adapter's own bound is 2 s.
    const during = await via(lb, a, () => Promise.all([
      api.token({ grant_type: 'client_credentials' }),
      api.token({ grant_type: 'password', username: ALICE.username, password: ALICE.password }),
      api.introspect(before.accessToken!),
    ]));
    for (const { status, body, headers } of during) {
      expect(status).toBe(503);
      expect(body.error).toBe('server_error');
      expect(headers.get('retry-after')).toBeTruthy();
    }
    const page = await via(lb, a, () => fetch(authorizationRequest(`${lb.url}/auth`, { client_id: APP.id, redirect_uri: REDIRECT_URI, scope: 'openid' }).url, { signal: AbortSignal.timeout(15_000) }));
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    // What needs no storage keeps working; readiness tells the orchestrator.
    expect((await via(lb, a, () => fetch(`${lb.url}/.well-known/openid-configuration`))).status).toBe(200);
    expect((await via(lb, a, () => fetch(`${lb.url}/readyz`))).status).toBe(503);

    redis = await startRedisServer({ port: redis.port, args: ['--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'always'] });
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await via(lb, a, () => api.token({ grant_type: 'client_credentials' }))).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect((await via(lb, a, () => fetch(`${lb.url}/readyz`))).status).toBe(200);
    expect(a.process.child.pid).toBe(pid);
    expect(a.process.child.exitCode).toBeNull();
    expect((await via(lb, a, () => api.introspect(before.accessToken!))).body.active).toBe(true);
  });
});

describe('reference IdPs sharing one Redis Cluster', () => {
  let cluster: RedisCluster;
  let inspect: RedisStorage;
  let lb: LoadBalancer;
  let instances: Instance[] = [];

  beforeAll(async () => {
    assertRedisInstalled();
    cluster = await startRedisCluster();
    const nodes = cluster.nodes.map(({ host, port }) => `${host}:${port}`);
    inspect = createRedisAdapter({ clusterNodes: nodes, onError: () => undefined });
    lb = await startLoadBalancer();
    instances = await startInstances([await freePort(), await freePort()], { IDP_CONFIG: await configFile(lb.url), REDIS_CLUSTER_NODES: nodes.join(',') });
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.process.stop()));
    await lb?.close();
    await inspect?.close();
    await cluster?.stop();
  });

  it('redeems at one instance a code issued through the other, with the rows spread over the cluster', async () => {
    const [a, b] = instances as [Instance, Instance];
    const { status, body } = await codeAcrossInstances(lb, a, b);
    expect(status, JSON.stringify(body)).toBe(200);
    expect((await via(lb, a, () => endpoints(lb).introspect(body.access_token))).body.active).toBe(true);
    expect(await inspect.client.pttl(`oidc:AccessToken:${body.access_token}`)).toBeGreaterThan(0);
    expect(await inspect.client.pttl('{oidc:clients}:client:app')).toBe(-1);
  });
});
