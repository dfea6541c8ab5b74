import type { Adapter, AdapterFactory } from '@oidc-kit/core';

import type { Runner } from './types.js';

/** What every adapter group receives. */
export interface SuiteContext extends Runner {
  /** The adapter for `model`, from the factory the caller's `createAdapter` returned. */
  adapter(model: string): Promise<Adapter>;
  /** The model names under test. */
  models: readonly string[];
  /** `models` ∩ `wanted`, in `wanted`'s order. */
  pick(wanted: readonly string[]): string[];
  /** Parallel redemptions in the concurrent consume test. */
  concurrency: number;
  /** Size of the large payload, in bytes of JSON. */
  largePayloadBytes: number;
}

/** Builds the context; `createAdapter` runs once, on first use. */
export function suiteContext(
  runner: Runner,
  createAdapter: () => AdapterFactory | Promise<AdapterFactory>,
  settings: { models: readonly string[]; concurrency: number; largePayloadBytes: number },
): SuiteContext & { created(): boolean } {
  let factory: Promise<AdapterFactory> | undefined;
  return {
    ...runner,
    ...settings,
    async adapter(model) {
      factory ??= Promise.resolve().then(createAdapter);
      return (await factory)(model);
    },
    pick(wanted) {
      return wanted.filter((model) => settings.models.includes(model));
    },
    created: () => factory !== undefined,
  };
}
