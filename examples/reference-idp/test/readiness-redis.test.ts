import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisInstalled, startRedisServer, type RedisServer } from '../../../packages/redis-adapter/test/support/redis-server.js';
import { startTestIdp, type TestIdp } from './support/test-idp.js';

async function readiness(issuer: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${issuer}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe('with a real redis-server', () => {
  let redis: RedisServer | undefined;
  let idp: TestIdp;

  beforeAll(async () => {
    assertRedisInstalled();
    redis = await startRedisServer();
    idp = await startTestIdp({ clients: [], env: { REDIS_URL: `redis://127.0.0.1:${redis.port}` } });
  });
  afterAll(async () => {
    await idp?.close();
    await redis?.stop();
  });

  it('NODE_ENV=production starts with Redis, a config file and a loopback http issuer', async () => {
    const production = await startTestIdp({ clients: [], env: { REDIS_URL: `redis://127.0.0.1:${redis!.port}`, NODE_ENV: 'production' } });
    try {
      expect(await readiness(production.issuer)).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      await production.close();
    }
  });

  it('is ready with Redis up, 503 while it is down (liveness stays 200), and ready again when it is back', async () => {
    expect(await readiness(idp.issuer)).toEqual({ status: 200, body: { status: 'ok' } });

    const port = redis!.port;
    await redis!.stop();
    redis = undefined;
    const down = await readiness(idp.issuer);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/^storage /) });
    expect((await fetch(`${idp.issuer}/healthz`)).status).toBe(200);

    redis = await startRedisServer({ port });
    let back = down;
    for (let i = 0; i < 40 && back.status !== 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await readiness(idp.issuer);
    }
    expect(back).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
