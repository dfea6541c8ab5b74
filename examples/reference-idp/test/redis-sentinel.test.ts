import { spawnSync } from 'node:child_process';
import { ConfigurationError } from '@oidc-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisInstalled, startRedisSentinel, startRedisServer, type RedisServer } from '../../../packages/redis-adapter/test/support/redis-server.js';
import { readEnvironment } from '../src/environment.js';
import { openRedisStorage } from '../src/redis-storage.js';
import { startTestIdp, type TestIdp } from './support/test-idp.js';

const CLIENT = { client_id: 'machine', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'api' };

function redisCli(port: number, ...command: string[]): string {
  return spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command], { encoding: 'utf8' }).stdout.trim();
}

describe('REDIS_SENTINELS: storage through Redis Sentinel', () => {
  let master: RedisServer | undefined;
  let sentinel: RedisServer | undefined;
  let idp: TestIdp | undefined;

  beforeAll(async () => {
    assertRedisInstalled();
    master = await startRedisServer();
    sentinel = await startRedisSentinel(master.port);
    idp = await startTestIdp({ clients: [CLIENT], extraConfig: { scopes: ['api'] }, env: { REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_MASTER: 'mymaster' } });
  });
  afterAll(async () => {
    await idp?.close();
    await sentinel?.stop();
    await master?.stop();
  });

  it('finds the master through the Sentinel and keeps tokens there', async () => {
    const before = Number(redisCli(master!.port, 'DBSIZE'));
    const response = await fetch(`${idp!.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect(Number(redisCli(master!.port, 'DBSIZE'))).toBeGreaterThan(before);
    expect(redisCli(master!.port, 'EXISTS', `oidc:ClientCredentials:${token}`)).toBe('1');
  });

  it('names the missing or conflicting setting', async () => {
    await expect(openRedisStorage(readEnvironment({ REDIS_SENTINELS: '127.0.0.1:26379' }), [])).rejects.toThrow(/REDIS_SENTINEL_MASTER is required/);
    await expect(openRedisStorage(readEnvironment({ REDIS_SENTINELS: 'no-port', REDIS_SENTINEL_MASTER: 'm' }), [])).rejects.toBeInstanceOf(ConfigurationError);
    await expect(openRedisStorage(readEnvironment({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_MASTER: 'm' }), [])).rejects.toThrow(/REDIS_SENTINELS cannot be combined with REDIS_URL/);
  });
});
