import { createMemoryAdapter } from '@oidc-kit/core';
import type { Adapter, AdapterFactory } from '@oidc-kit/core';
import { describe, expect, it } from 'vitest';

import { runAdapterConformance } from '../src/index.js';
import type { AdapterGroup } from '../src/index.js';

/** Registers the suite with a recording runner and returns its tests by name. */
function collect(createAdapter: () => AdapterFactory, only: AdapterGroup) {
  const tests = new Map<string, () => Promise<void>>();
  const groups = Object.fromEntries(
    (['roundTrip', 'expiry', 'consume', 'destroy', 'revokeByGrantId', 'lookups', 'payloads'] as const).map((g) => [g, g === only]),
  );
  runAdapterConformance({
    name: 'under test',
    createAdapter,
    groups,
    describe: (_, body) => body(),
    test: (name, body) => tests.set(name, body),
    afterAll: () => undefined,
  });
  return tests;
}

/** The memory adapter with some methods replaced. */
function broken(patch: (inner: Adapter, model: string) => Partial<Adapter>): () => AdapterFactory {
  return () => {
    const inner = createMemoryAdapter();
    return (model) => {
      const adapter = inner(model);
      const overrides = patch(adapter, model);
      return {
        upsert: (...args) => adapter.upsert(...args),
        find: (id) => adapter.find(id),
        findByUid: (uid) => adapter.findByUid(uid),
        findByUserCode: (code) => adapter.findByUserCode(code),
        consume: (id) => adapter.consume(id),
        destroy: (id) => adapter.destroy(id),
        revokeByGrantId: (grantId) => adapter.revokeByGrantId(grantId),
        ...overrides,
      };
    };
  };
}

// The suite is only worth running if it fails adapters that break the contract.
describe('the conformance suite catches broken adapters', () => {
  it('passes the correct memory adapter (the recording runner works)', async () => {
    const tests = collect(() => createMemoryAdapter(), 'consume');
    expect(tests.size).toBeGreaterThan(3);
    for (const body of tests.values()) await body();
  });

  it('fails a find-then-mark consume (not atomic)', async () => {
    const tests = collect(
      broken((inner) => ({
        async consume(id) {
          const found = await inner.find(id);
          if (!found || found.consumed) throw Object.assign(new Error('consumed'), { error: 'invalid_grant' });
          await new Promise((resolve) => setImmediate(resolve));
          await inner.upsert(id, { ...found, consumed: 1 }, 60);
        },
      })),
      'consume',
    );
    await expect(tests.get('of 50 concurrent consumes exactly one succeeds')!()).rejects.toThrow(/exactly one/);
  });

  it('fails a consume that throws a plain Error instead of invalid_grant', async () => {
    const tests = collect(
      broken((inner) => ({
        consume: (id) => inner.consume(id).catch(() => Promise.reject(new Error('nope'))),
      })),
      'consume',
    );
    await expect(tests.get('a second consume throws invalid_grant')!()).rejects.toThrow(/wrong error/);
  });

  it('fails a revokeByGrantId that reaches only its own model', async () => {
    // A per-model index: revocation through AccessToken's adapter misses the other models.
    const perModel = new Map<string, Set<string>>();
    const tests = collect(
      broken((inner, model) => ({
        async upsert(id, payload, expiresIn) {
          await inner.upsert(id, { ...payload }, expiresIn);
          if (payload.grantId) perModel.set(`${model}:${payload.grantId}`, (perModel.get(`${model}:${payload.grantId}`) ?? new Set()).add(id));
        },
        async revokeByGrantId(grantId) {
          for (const id of perModel.get(`${model}:${grantId}`) ?? []) await inner.destroy(id);
        },
      })),
      'revokeByGrantId',
    );
    await expect(tests.get("removes that grant's records across models, and only those")!()).rejects.toThrow(/gone/);
  });

  it('fails a findByUid that ignores the uid', async () => {
    const tests = collect(broken(() => ({ findByUid: async () => undefined })), 'lookups');
    await expect(tests.get('Session: finds the record by its uid')!()).rejects.toThrow();
  });

  it('fails an adapter that hands out its stored objects', async () => {
    const shared = new Map<string, Record<string, unknown>>();
    const tests = collect(
      broken((_, model) => ({
        upsert: async (id, payload) => void shared.set(`${model}:${id}`, payload),
        find: async (id) => shared.get(`${model}:${id}`),
      })),
      'roundTrip',
    );
    await expect(
      tests.get('stores copies: mutating a payload after upsert or after find changes nothing')!(),
    ).rejects.toThrow();
  });
});
