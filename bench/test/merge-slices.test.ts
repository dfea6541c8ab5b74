import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowOf, type ScenarioRun } from '../src/run-scenario.js';
import { mergeFlowSlices, type FlowSlice } from '../src/runner/flow-load.js';
import { measureSlice, mergeSlices, type RequestPlan } from '../src/runner/load.js';
import { SCENARIOS } from '../src/scenarios/catalog.js';
import type { ServerStats } from '../src/servers/protocol.js';

// The figures of the bench's table come from merged slices: these check the merging, never a speed.
describe('slices of one measurement', () => {
  let server: Server;
  let url = '';
  let served = 0;

  beforeAll(async () => {
    // Every third request fails, so that non-2xx counts are summed too.
    server = createServer((_req, res) => {
      served += 1;
      res.statusCode = served % 3 === 0 ? 500 : 200;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('merges autocannon runs into sums and one latency distribution', async () => {
    const plan: RequestPlan = { method: 'GET', path: '/', headers: {} };
    const settings = { connections: 2, duration: 1, warmup: 0 };
    const slices = [await measureSlice(url, plan, settings), await measureSlice(url, plan, settings)];
    const merged = mergeSlices(slices);
    const [a, b] = slices.map((slice) => slice.raw);

    expect(a!.totalCompletedRequests).toBeGreaterThan(0);
    expect(b!.totalCompletedRequests).toBeGreaterThan(0);
    expect(merged.requests).toBe(a!.totalCompletedRequests + b!.totalCompletedRequests);
    expect(merged.non2xx).toBe(a!.non2xx + b!.non2xx);
    expect(merged.non2xx).toBeGreaterThan(0);
    expect(merged.rps).toBeCloseTo((a!['2xx'] + b!['2xx']) / (a!.duration + b!.duration), 0);
    expect(merged.p99).toBeGreaterThanOrEqual(merged.p50);
    expect(merged.requests).toBeLessThanOrEqual(served);
  });

  it('takes flow percentiles over all the slices\' flows', () => {
    const slices: FlowSlice[] = [
      { latencies: Array.from({ length: 50 }, (_, i) => 2 * i + 2), failures: 1, seconds: 2 },
      { latencies: Array.from({ length: 50 }, (_, i) => 2 * i + 1), failures: 2, seconds: 3, lastError: 'login refused' },
    ];
    const merged = mergeFlowSlices(slices);
    expect(merged).toEqual({ rps: 20, p50: 50, p99: 99, non2xx: 3, errors: 0, requests: 103, lastError: 'login refused' });
  });

  it('sums the server\'s CPU time over the slices and keeps the worse event-loop delay', () => {
    const stats = (cpuMs: number, mainThreadCpuMs: number, p99: number): ServerStats => ({ loop: { p50: 1, p99, max: p99 + 1 }, cpuMs, mainThreadCpuMs });
    const run: ScenarioRun = {
      scenario: SCENARIOS.find((s) => s.id === 'auth-code-flow')!,
      kind: 'kit-memory',
      server: undefined as never,
      loadSlices: [],
      flowSlices: [
        { latencies: [10, 20, 30], failures: 0, seconds: 1 },
        { latencies: [15, 25], failures: 0, seconds: 1 },
      ],
      stats: [stats(30, 20, 7), stats(20, 10, 9)],
    };
    const row = rowOf(run);
    expect(row.result.requests).toBe(5);
    expect(row.cpuPerRequestUs).toBe(10_000);
    expect(row.mainThreadCpuPerRequestUs).toBe(6_000);
    expect(row.stats).toEqual({ loop: { p50: 1, p99: 9, max: 10 }, cpuMs: 50, mainThreadCpuMs: 30 });
  });
});
