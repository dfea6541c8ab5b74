import { errors } from 'oidc-provider';
import { describe, expect, it } from 'vitest';

// The testkit from source: core cannot depend on the package that depends on it.
import {
  runAccountStoreConformance,
  runAdapterConformance,
  runClientStoreConformance,
  runCounterStoreConformance,
} from '../../adapter-testkit/src/index.js';
import { createMemoryAdapter } from '../src/adapters/memory-adapter.js';
import { MemoryStorage } from '../src/adapters/memory-storage.js';
import { MemoryAccountStore } from '../src/stores/memory-account-store.js';
import { MemoryClientStore } from '../src/stores/memory-client-store.js';
import { MemoryCounterStore } from '../src/stores/memory-counter-store.js';

runAdapterConformance({ name: 'memory', createAdapter: () => createMemoryAdapter() });
runCounterStoreConformance({ name: 'memory', createStore: () => new MemoryCounterStore() });
runAccountStoreConformance({ name: 'memory', createStore: () => new MemoryAccountStore() });
runClientStoreConformance({ name: 'memory', createStore: () => new MemoryClientStore() });

describe('memory adapter', () => {
  it("throws oidc-provider's own errors.InvalidGrant on a second consume", async () => {
    const adapter = createMemoryAdapter()('AuthorizationCode');
    await adapter.upsert('code', { jti: 'code', grantId: 'g' }, 60);
    await adapter.consume('code');
    await expect(adapter.consume('code')).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it('shares one storage between factories that are given it', async () => {
    const storage = new MemoryStorage();
    await createMemoryAdapter({ storage })('RefreshToken').upsert('rt', { jti: 'rt', grantId: 'g' }, 60);
    expect(await createMemoryAdapter({ storage })('RefreshToken').find('rt')).toEqual({ jti: 'rt', grantId: 'g' });
    expect(await createMemoryAdapter()('RefreshToken').find('rt')).toBeUndefined();
  });

  it('frees expired records when it sweeps', async () => {
    const storage = new MemoryStorage();
    const adapter = createMemoryAdapter({ storage })('Session');
    await adapter.upsert('expired', { jti: 'expired', uid: 'u1' }, -1);
    await adapter.upsert('live', { jti: 'live', uid: 'u2' }, 60);
    expect(storage.size).toBe(2);
    storage.sweep();
    expect(storage.size).toBe(1);
    expect(await adapter.find('live')).toEqual({ jti: 'live', uid: 'u2' });
  });

  it('sweeps on writes once the interval has passed, without timers', async () => {
    const storage = new MemoryStorage({ sweepIntervalSeconds: 0.001 });
    const adapter = createMemoryAdapter({ storage })('AccessToken');
    await adapter.upsert('expired', { jti: 'expired', grantId: 'g' }, -1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await adapter.upsert('live', { jti: 'live' }, 60);
    expect(storage.size).toBe(1);
  });

  it('rejects a bad sweep interval', () => {
    expect(() => new MemoryStorage({ sweepIntervalSeconds: 0 })).toThrow(/sweepIntervalSeconds/);
  });
});
