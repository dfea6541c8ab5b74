import {
  runAccountStoreConformance,
  runAdapterConformance,
  runClientStoreConformance,
  runCounterStoreConformance,
} from '@oidc-kit/adapter-testkit';

import type { RedisStorage } from '../src/index.js';
import { storageFor, TARGETS } from './support/targets.js';

// The shared conformance suite, against a real standalone Redis and a real 3-node Cluster.
for (const target of TARGETS) {
  let storage: RedisStorage | undefined;
  const open = () => (storage ??= storageFor(target));

  runAdapterConformance({
    name: `redis (${target})`,
    createAdapter: () => open().adapterFactory,
    cleanup: () => storage?.close(),
  });

  let counters: RedisStorage | undefined;
  runCounterStoreConformance({
    name: `redis (${target})`,
    createStore: () => (counters ??= storageFor(target)).counterStore,
    cleanup: () => counters?.close(),
  });

  let accounts: RedisStorage | undefined;
  runAccountStoreConformance({
    name: `redis (${target})`,
    createStore: () => (accounts ??= storageFor(target)).accountStore,
    cleanup: () => accounts?.close(),
  });

  let clients: RedisStorage | undefined;
  runClientStoreConformance({
    name: `redis (${target})`,
    createStore: () => (clients ??= storageFor(target)).clientStore,
    cleanup: () => clients?.close(),
  });
}
