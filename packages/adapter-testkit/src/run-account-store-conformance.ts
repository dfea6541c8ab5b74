import type { AccountStore } from '@oidc-kit/core';

import { accountChangeTests } from './account-store-changes.js';
import { accountCreateTests } from './account-store-create.js';
import { accountListTests } from './account-store-list.js';
import { runStoreSuite, type StoreSuiteOptions } from './store-helpers.js';

export interface AccountStoreConformanceOptions extends StoreSuiteOptions<AccountStore> {
  /** Parallel creates in the race tests; default 20. */
  concurrency?: number;
}

/**
 * Registers the `AccountStore` conformance suite: `create` with its defaults, `findById`,
 * `findByLogin` by username and e-mail (case-insensitive), `ConflictError` on a taken id,
 * username or e-mail (also in another case, and of N concurrent creates exactly one wins),
 * `update` moving the unique logins, `delete` freeing them, `list` with offset, limit, search and
 * total, and copies (changing a returned account changes nothing stored).
 *
 * @example
 * ```ts
 * runAccountStoreConformance({ name: 'memory', createStore: () => new MemoryAccountStore() });
 * ```
 */
export function runAccountStoreConformance(options: AccountStoreConformanceOptions): void {
  runStoreSuite('account store conformance', options, (suite) => {
    accountCreateTests(suite, options.concurrency ?? 20);
    accountChangeTests(suite);
    accountListTests(suite);
  });
}
