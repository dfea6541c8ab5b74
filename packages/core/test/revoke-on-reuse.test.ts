import { describe, expect, it } from 'vitest';
import { createMemoryAdapter, type AdapterFactory } from '../src/index.js';
import { revokeOnReuse } from '../src/adapters/revoke-on-reuse.js';

/** A grant with a code, an access token and a refresh token, saved through `factory`. */
async function seedGrant(factory: AdapterFactory, grantId: string) {
  await factory('Grant').upsert(grantId, { jti: grantId, kind: 'Grant' }, 600);
  await factory('AuthorizationCode').upsert(`code-${grantId}`, { jti: `code-${grantId}`, grantId }, 60);
  await factory('AccessToken').upsert(`at-${grantId}`, { jti: `at-${grantId}`, grantId }, 600);
  await factory('RefreshToken').upsert(`rt-${grantId}`, { jti: `rt-${grantId}`, grantId }, 600);
}

async function survivors(factory: AdapterFactory, grantId: string): Promise<string[]> {
  const records: Array<[string, string]> = [['Grant', grantId], ['AccessToken', `at-${grantId}`], ['RefreshToken', `rt-${grantId}`]];
  const found = await Promise.all(records.map(async ([model, id]) => ((await factory(model).find(id)) ? model : undefined)));
  return found.filter((model): model is string => model !== undefined);
}

/** A plugin-style adapter whose `revokeByGrantId` only reaches its own model (one storage per model). */
function perModelAdapter(): AdapterFactory {
  const byModel = new Map<string, AdapterFactory>();
  return (model) => {
    if (!byModel.has(model)) byModel.set(model, createMemoryAdapter());
    return byModel.get(model)!(model);
  };
}

describe('revokeOnReuse', () => {
  for (const [name, make] of [['the memory adapter', () => createMemoryAdapter()], ['an adapter that revokes per model', perModelAdapter]] as const) {
    it(`revokes the grant of a code whose concurrent consume lost, on ${name}`, async () => {
      const raw = make();
      const wrapped = revokeOnReuse(raw);
      await seedGrant(raw, 'g1');
      const codes = wrapped('AuthorizationCode');
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => codes.consume('code-g1')));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ error: 'invalid_grant' });
      }
      expect(await survivors(raw, 'g1')).toEqual([]);
    });
  }

  it('leaves other grants and a first, successful consume alone', async () => {
    const raw = createMemoryAdapter();
    const wrapped = revokeOnReuse(raw);
    await seedGrant(raw, 'g1');
    await seedGrant(raw, 'g2');
    await wrapped('AuthorizationCode').consume('code-g1');
    expect(await survivors(raw, 'g1')).toEqual(['Grant', 'AccessToken', 'RefreshToken']);
    await expect(wrapped('AuthorizationCode').consume('code-g1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await survivors(raw, 'g1')).toEqual([]);
    expect(await survivors(raw, 'g2')).toEqual(['Grant', 'AccessToken', 'RefreshToken']);
  });

  it('hides a fresh rotation of a refresh token inside the grace window and accepts its reuse', async () => {
    const raw = createMemoryAdapter();
    const wrapped = revokeOnReuse(raw, { refreshTokenReuseGraceSeconds: 30 });
    await seedGrant(raw, 'g1');
    const refreshTokens = wrapped('RefreshToken');
    await refreshTokens.consume('rt-g1');
    expect((await raw('RefreshToken').find('rt-g1'))?.consumed).toEqual(expect.any(Number));
    expect((await refreshTokens.find('rt-g1'))?.consumed).toBeUndefined();
    await refreshTokens.consume('rt-g1');
    expect(await survivors(raw, 'g1')).toEqual(['Grant', 'AccessToken', 'RefreshToken']);
    // The window applies to refresh tokens only: a code is still single use.
    await wrapped('AuthorizationCode').consume('code-g1');
    await expect(wrapped('AuthorizationCode').consume('code-g1')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes on reuse of a refresh token rotated before the window', async () => {
    const raw = createMemoryAdapter();
    const wrapped = revokeOnReuse(raw, { refreshTokenReuseGraceSeconds: 30 });
    await seedGrant(raw, 'g1');
    const stored = await raw('RefreshToken').find('rt-g1');
    await raw('RefreshToken').upsert('rt-g1', { ...stored, consumed: Math.floor(Date.now() / 1000) - 31 }, 600);
    expect((await wrapped('RefreshToken').find('rt-g1'))?.consumed).toEqual(expect.any(Number));
    await expect(wrapped('RefreshToken').consume('rt-g1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await survivors(raw, 'g1')).toEqual([]);
  });
});
