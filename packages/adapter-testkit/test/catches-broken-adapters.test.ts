import { createMemoryAdapter, MemoryAccountStore, MemoryClientStore } from '@oidc-kit/core';
import type { AccountStore, Adapter, AdapterFactory, ClientStore } from '@oidc-kit/core';
import { describe, expect, it } from 'vitest';

import { runAccountStoreConformance, runAdapterConformance, runClientStoreConformance } from '../src/index.js';
import type { AdapterGroup, AfterAllFn, DescribeFn, TestFn } from '../src/index.js';
import { brokenAccountStore, brokenClientStore, CheckThenWriteAccountStore, SharedObjectClientStore } from './broken-stores.js';

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

type Tests = Map<string, () => Promise<void>>;

/** Registers a store suite with a recording runner and returns its tests by name. */
function record(register: (runner: { describe: DescribeFn; test: TestFn; afterAll: AfterAllFn }) => void): Tests {
  const tests: Tests = new Map();
  register({ describe: (_, body) => body(), test: (name, body) => tests.set(name, body), afterAll: () => undefined });
  return tests;
}

const accountTests = (createStore: () => AccountStore) =>
  record((runner) => runAccountStoreConformance({ name: 'under test', createStore, ...runner }));
const clientTests = (createStore: () => ClientStore) =>
  record((runner) => runClientStoreConformance({ name: 'under test', createStore, ...runner }));

/** The one test whose name matches `pattern`. */
function named(tests: Tests, pattern: RegExp): () => Promise<void> {
  const matches = [...tests.keys()].filter((name) => pattern.test(name));
  expect(matches, `one test matches ${pattern}`).toHaveLength(1);
  return tests.get(matches[0]!)!;
}

describe('the store conformance suites catch broken stores', () => {
  it('pass the correct memory stores (the recording runner works)', async () => {
    const accounts = accountTests(() => new MemoryAccountStore());
    const clients = clientTests(() => new MemoryClientStore());
    expect(accounts.size).toBeGreaterThan(10);
    expect(clients.size).toBeGreaterThan(4);
    for (const body of [...accounts.values(), ...clients.values()]) await body();
  });

  it('fail an account store whose findByLogin compares case', async () => {
    const tests = accountTests(
      brokenAccountStore((inner) => ({
        async findByLogin(login) {
          const account = await inner.findByLogin(login);
          return account && (account.username === login || account.email === login) ? account : undefined;
        },
      })),
    );
    await expect(named(tests, /^findByLogin finds by username and by e-mail/)()).rejects.toThrow(/findByLogin\(/);
  });

  it('fail an account store that drops a taken e-mail instead of refusing it', async () => {
    const tests = accountTests(
      brokenAccountStore((inner) => ({
        create: (input) =>
          inner.create(input).catch((error: { field?: string }) =>
            error.field === 'email' ? inner.create({ ...input, email: undefined }) : Promise.reject(error),
          ),
      })),
    );
    await expect(named(tests, /^refuses a taken username, e-mail or id/)()).rejects.toThrow(/expected a ConflictError/);
    await expect(named(tests, /concurrent creates with one e-mail/)()).rejects.toThrow(/exactly one/);
  });

  it('fail an account store that checks for a taken login, then writes (and only those tests)', async () => {
    const tests = accountTests(() => new CheckThenWriteAccountStore());
    const racy = [/concurrent creates with one username/, /concurrent creates with one e-mail/, /^concurrent updates/];
    await expect(named(tests, racy[0]!)()).rejects.toThrow(/exactly one/);
    await expect(named(tests, racy[1]!)()).rejects.toThrow(/exactly one/);
    await expect(named(tests, racy[2]!)()).rejects.toThrow(/deep-equal/);
    for (const [name, body] of tests) if (!racy.some((pattern) => pattern.test(name))) await body();
  });

  it('fail a client store whose list ignores limit', async () => {
    const tests = clientTests(brokenClientStore((inner) => ({ list: (query) => inner.list({ ...query, limit: undefined }) })));
    await expect(named(tests, /^list pages with offset and limit/)()).rejects.toThrow(/deep-equal/);
  });

  it('fail a client store that hands out the objects it keeps', async () => {
    const tests = clientTests(() => new SharedObjectClientStore());
    await expect(named(tests, /^stores copies/)()).rejects.toThrow(/changed the store/);
  });

  it('fail a client store whose create looks for the id, then saves', async () => {
    const tests = clientTests(
      brokenClientStore((inner) => ({
        async create(metadata) {
          if (await inner.find(metadata.client_id)) return false;
          await new Promise((resolve) => setImmediate(resolve));
          await inner.save(metadata);
          return true;
        },
      })),
    );
    await expect(named(tests, /^create inserts only a new client_id/)()).rejects.toThrow(/exactly one concurrent create wins/);
  });

  it('fail a client store whose save merges instead of replacing', async () => {
    const tests = clientTests(
      brokenClientStore((inner) => ({ save: async (metadata) => inner.save({ ...(await inner.find(metadata.client_id)), ...metadata }) })),
    );
    await expect(named(tests, /^save replaces the whole client/)()).rejects.toThrow(/members of the old client survived/);
  });
});
