import type { Adapter, AdapterFactory } from '../adapters/adapter.js';
import type { AccountStore } from '../stores/account-store.js';
import type { ClientStore } from '../stores/client-store.js';

// An id no store ever holds: a lookup of it is a pure round trip, with no record to read or write.
const PROBE_ID = 'oidc-kit-readiness-probe';

/**
 * Builds `idp.ping()`: one lookup through the storage adapter, the account store and the client
 * store, so a readiness check fails when any of them is unreachable (an adapter's
 * `StorageError`, a dropped connection) without knowing which backend is behind them.
 */
export function createStorageProbe(adapter: AdapterFactory, accounts: AccountStore, clients: ClientStore): () => Promise<void> {
  let sessions: Adapter | undefined;
  return async function ping() {
    sessions ??= adapter('Session');
    await Promise.all([sessions.find(PROBE_ID), accounts.findById(PROBE_ID), clients.find(PROBE_ID)]);
  };
}
