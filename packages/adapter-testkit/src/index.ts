export { runAdapterConformance } from './run-adapter-conformance.js';
export type { AdapterConformanceOptions, AdapterGroup } from './run-adapter-conformance.js';
export { runCounterStoreConformance } from './run-counter-store-conformance.js';
export type { CounterStoreConformanceOptions } from './run-counter-store-conformance.js';
export { assertInvalidGrant, waitUntil } from './assertions.js';
export { CONSUMABLE_MODELS, GRANT_BOUND_MODELS, newId, payloadFor } from './fixtures.js';
export type { AfterAllFn, DescribeFn, TestFn } from './types.js';
