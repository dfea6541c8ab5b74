import type { OpenTestStorage } from '../../../core/test/support/test-storage.js';
import { storageFor } from '../support/targets.js';
import type { Target } from '../support/targets.js';

/**
 * Everything an IdP keeps, on Redis (`target`), under a fresh random prefix: the model adapter,
 * accounts, clients, counters and the generated keys. For the core's flow and reuse suites.
 */
export function redisStorage(target: Target): OpenTestStorage {
  return () => {
    const redis = storageFor(target);
    return {
      options: {
        adapter: redis.adapterFactory,
        accounts: redis.accountStore,
        counters: redis.counterStore,
        secretsStore: redis.keyValue,
      },
      clientStore: redis.clientStore,
      close: () => redis.close(),
    };
  };
}
