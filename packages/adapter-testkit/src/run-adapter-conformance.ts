import { MODEL_NAMES } from '@oidc-kit/core';
import type { AdapterFactory } from '@oidc-kit/core';
import { afterAll as vitestAfterAll, describe as vitestDescribe, test as vitestTest } from 'vitest';

import { consumeGroup } from './groups/consume.js';
import { destroyGroup } from './groups/destroy.js';
import { expiryGroup } from './groups/expiry.js';
import { lookupsGroup } from './groups/lookups.js';
import { payloadsGroup } from './groups/payloads.js';
import { revokeGroup } from './groups/revoke.js';
import { roundTripGroup } from './groups/round-trip.js';
import { suiteContext } from './suite-context.js';
import type { SuiteContext } from './suite-context.js';
import type { AfterAllFn, DescribeFn, TestFn } from './types.js';

/** The test groups `runAdapterConformance` can run; all run unless turned off in `groups`. */
export type AdapterGroup = 'roundTrip' | 'expiry' | 'consume' | 'destroy' | 'revokeByGrantId' | 'lookups' | 'payloads';

const GROUPS: Record<AdapterGroup, (ctx: SuiteContext) => void> = {
  roundTrip: roundTripGroup,
  expiry: expiryGroup,
  consume: consumeGroup,
  destroy: destroyGroup,
  revokeByGrantId: revokeGroup,
  lookups: lookupsGroup,
  payloads: payloadsGroup,
};

export interface AdapterConformanceOptions {
  /** Names the suite (`describe` title). */
  name: string;
  /**
   * Returns the adapter factory under test. Called once, when the first test needs it; every
   * test writes fresh random ids, so the store need not be empty.
   */
  createAdapter: () => AdapterFactory | Promise<AdapterFactory>;
  /** Runs after the suite (close connections, drop tables). */
  cleanup?: () => unknown;
  /** Turn groups off, e.g. `{ expiry: false }` for a store without TTLs (then say so in its docs). */
  groups?: Partial<Record<AdapterGroup, boolean>>;
  /** Models to cover; default: every name in `MODEL_NAMES`. */
  models?: readonly string[];
  /** Parallel redemptions in the concurrent consume test; default 50. */
  concurrency?: number;
  /** Size of the large payload; default 1 000 000 bytes. */
  largePayloadBytes?: number;
  /** Per-test timeout in ms (the expiry test adds its wait); default 10 000. */
  timeoutMs?: number;
  /** Runner functions; default vitest's. */
  describe?: DescribeFn;
  test?: TestFn;
  afterAll?: AfterAllFn;
}

/**
 * Registers the storage adapter conformance suite: every model and every method of oidc-kit's
 * `Adapter` contract (upsert/find, overwrite, expiry, atomic single-use `consume` also under
 * concurrency, destroy, `revokeByGrantId` across models, `findByUid`, `findByUserCode`, large
 * and unicode payloads). Call it at the top level of a test file.
 *
 * @example
 * ```ts
 * import { runAdapterConformance } from '@oidc-kit/adapter-testkit';
 * import { createMemoryAdapter } from '@oidc-kit/core';
 *
 * runAdapterConformance({ name: 'memory', createAdapter: () => createMemoryAdapter() });
 * ```
 */
export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const describe = options.describe ?? vitestDescribe;
  const afterAll = options.afterAll ?? vitestAfterAll;
  const ctx = suiteContext(
    { describe, test: options.test ?? vitestTest, afterAll, timeoutMs: options.timeoutMs ?? 10_000 },
    options.createAdapter,
    {
      models: options.models ?? MODEL_NAMES,
      concurrency: options.concurrency ?? 50,
      largePayloadBytes: options.largePayloadBytes ?? 1_000_000,
    },
  );

  describe(`storage adapter conformance: ${options.name}`, () => {
    for (const [group, register] of Object.entries(GROUPS) as Array<[AdapterGroup, (c: SuiteContext) => void]>) {
      if (options.groups?.[group] !== false) register(ctx);
    }
    afterAll(async () => {
      await options.cleanup?.();
    });
  });
}
