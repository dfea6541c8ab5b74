import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { afterAll as vitestAfterAll, describe as vitestDescribe, test as vitestTest } from 'vitest';

import type { AfterAllFn, DescribeFn, TestFn } from './types.js';

/**
 * A fresh lower-case tag for one test's usernames, e-mails and client ids: tests that share a
 * store never see each other's records, and a search for the tag finds only this test's.
 */
export function newTag(): string {
  return randomUUID().replaceAll('-', '').slice(0, 16);
}

/**
 * The JSON form of a stored value, for deep comparisons: stores keep plain JSON, and a driver
 * may hand back rows with another prototype or members set to `undefined`.
 */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * Asserts that `promise` rejects with a `ConflictError` for `field`: `code` `'ERR_CONFLICT'` (decided
 * by the stable code, as the admin API does, never by class identity or message text).
 */
export async function assertConflict(promise: Promise<unknown>, field: string, what: string): Promise<void> {
  const outcome = await promise.then(
    () => ({ fulfilled: true as const }),
    (error: unknown) => ({ fulfilled: false as const, error }),
  );
  assert.equal(outcome.fulfilled, false, `${what}: expected a ConflictError, got success`);
  if (outcome.fulfilled) return;
  const { code, field: actual } = (outcome.error ?? {}) as { code?: unknown; field?: unknown };
  assert.equal(code, 'ERR_CONFLICT', `${what}: wrong error code`);
  assert.equal(actual, field, `${what}: wrong field`);
}

/** Asserts an ISO 8601 timestamp and returns it in epoch ms. */
export function timestamp(value: unknown, what: string): number {
  assert.equal(typeof value, 'string', `${what} is a string`);
  const ms = Date.parse(value as string);
  assert.ok(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value as string) && Number.isFinite(ms), `${what} is ISO 8601: ${String(value)}`);
  return ms;
}

/** A bcrypt-shaped hash: stores keep it as it is and never check it. */
export const FAKE_HASH = '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234';

/** What a lookup resolved to, with `null` read as `undefined` (as the adapter suite does). */
export async function orUndefined<T>(lookup: Promise<T | null | undefined>): Promise<T | undefined> {
  return (await lookup) ?? undefined;
}

/** What the store suites' test files receive: the lazily created store and the runner. */
export interface StoreSuite<S> {
  store: () => Promise<S>;
  test: TestFn;
  timeoutMs: number;
}

/** The options every store conformance suite takes. */
export interface StoreSuiteOptions<S> {
  /** Names the suite (`describe` title). */
  name: string;
  /**
   * Returns the store under test; called once, on first use. Every test uses fresh random keys,
   * ids or names, so the store need not be empty.
   */
  createStore: () => S | Promise<S>;
  /** Runs after the suite (close connections, drop tables). */
  cleanup?: () => unknown;
  /** Per-test timeout in ms; default 10 000. */
  timeoutMs?: number;
  /** Runner functions; default vitest's. */
  describe?: DescribeFn;
  test?: TestFn;
  afterAll?: AfterAllFn;
}

/**
 * Registers `<title>: <name>`: `register` adds the tests, given the store (created on first use)
 * and the runner; `cleanup` runs after them.
 */
export function runStoreSuite<S>(title: string, options: StoreSuiteOptions<S>, register: (suite: StoreSuite<S>) => void): void {
  const describe = options.describe ?? vitestDescribe;
  const afterAll = options.afterAll ?? vitestAfterAll;
  let created: Promise<S> | undefined;
  const suite: StoreSuite<S> = {
    store: () => (created ??= Promise.resolve().then(options.createStore)),
    test: options.test ?? vitestTest,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  describe(`${title}: ${options.name}`, () => {
    register(suite);
    afterAll(async () => {
      await options.cleanup?.();
    });
  });
}
