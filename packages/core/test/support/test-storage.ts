import type { ClientMetadata, ClientStore, IdentityProviderOptions } from '../../src/index.js';

/**
 * The storage an IdP under test runs on: options merged into the IdP's (`adapter`, `accounts`,
 * `counters`, `secretsStore`, …), and optionally a client store that receives the fixture clients.
 */
export interface TestStorage {
  options: Partial<IdentityProviderOptions>;
  clientStore?: ClientStore;
  close?(): Promise<void>;
}

export type OpenTestStorage = () => TestStorage | Promise<TestStorage>;

/** Fixture options on the given storage: its options win; static fixture clients go into its client store. */
export function withStorage(
  options: Omit<IdentityProviderOptions, 'issuer'>,
  storage: TestStorage | undefined,
): Omit<IdentityProviderOptions, 'issuer'> {
  if (!storage) return options;
  const merged = { ...options, ...storage.options };
  if (storage.clientStore) {
    const statics = Array.isArray(options.clients) ? (options.clients as ClientMetadata[]) : [];
    merged.clients = { store: storage.clientStore, static: statics };
  }
  return merged;
}
