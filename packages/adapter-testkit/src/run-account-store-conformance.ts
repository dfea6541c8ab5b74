import type { AccountStore } from '@oidc-kit/core';
import { afterAll as vitestAfterAll, describe as vitestDescribe, test as vitestTest } from 'vitest';

import { accountChangeTests } from './account-store-changes.js';
import { accountCreateTests } from './account-store-create.js';
import { accountListTests } from './account-store-list.js';
import type { AfterAllFn, DescribeFn, TestFn } from './types.js';

export interface AccountStoreConformanceOptions {
  name: string;
  /**
   * Returns the store under test; called once, on first use. Every test uses fresh random ids,
   * usernames and e-mails, so the store need not be empty.
   */
  createStore: () => AccountStore | Promise<AccountStore>;
  /** Runs after the suite (close connections, drop tables). */
  cleanup?: () => unknown;
  /** Parallel creates in the race tests; default 20. */
  concurrency?: number;
  /** Per-test timeout in ms; default 10 000. */
  timeoutMs?: number;
  describe?: DescribeFn;
  test?: TestFn;
  afterAll?: AfterAllFn;
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
  const describe = options.describe ?? vitestDescribe;
  const afterAll = options.afterAll ?? vitestAfterAll;
  let created: Promise<AccountStore> | undefined;
  const suite = {
    store: () => (created ??= Promise.resolve().then(options.createStore)),
    test: options.test ?? vitestTest,
    timeoutMs: options.timeoutMs ?? 10_000,
  };

  describe(`account store conformance: ${options.name}`, () => {
    accountCreateTests(suite, options.concurrency ?? 20);
    accountChangeTests(suite);
    accountListTests(suite);

    afterAll(async () => {
      await options.cleanup?.();
    });
  });
}
