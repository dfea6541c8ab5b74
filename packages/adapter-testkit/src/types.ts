/**
 * The test-runner functions the suites need. vitest's `describe`, `test`/`it` and `afterAll`
 * fit; any runner with the same shapes does too.
 */
export type DescribeFn = (name: string, body: () => void) => unknown;
export type TestFn = (name: string, body: () => Promise<void>, timeoutMs?: number) => unknown;
export type AfterAllFn = (hook: () => unknown) => unknown;

/** The runner functions plus the per-test timeout, as the groups receive them. */
export interface Runner {
  describe: DescribeFn;
  test: TestFn;
  afterAll: AfterAllFn;
  timeoutMs: number;
}
