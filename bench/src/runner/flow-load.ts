import { runAuthCodeFlow, type FlowUser } from './auth-code-flow.js';
import type { LoadResult } from './load.js';

export interface FlowSettings {
  /** Browsers running flows at once. */
  concurrency: number;
  duration: number;
  warmup: number;
  /** Upper bound of flows per run, whatever the duration. */
  maxFlows: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function loop(origin: string, user: FlowUser, settings: FlowSettings, seconds: number): Promise<{ latencies: number[]; failures: number; lastError?: string }> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  let lastError: string | undefined;
  let started = 0;
  const worker = async () => {
    while (performance.now() < deadline && started < settings.maxFlows) {
      started += 1;
      const begin = performance.now();
      try {
        await runAuthCodeFlow(origin, user);
        latencies.push(performance.now() - begin);
      } catch (error) {
        failures += 1;
        lastError = (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return { latencies, failures, ...(lastError ? { lastError } : {}) };
}

/** One measured run of flows, kept whole so that runs of the same server merge into one result. */
export interface FlowSlice {
  latencies: number[];
  failures: number;
  seconds: number;
  lastError?: string;
}

/** Whole authorization-code flows for `settings.duration` seconds (after a warm-up), a bounded loop of browsers. */
export async function measureFlowSlice(origin: string, user: FlowUser, settings: FlowSettings, beforeMeasure?: () => Promise<void>): Promise<FlowSlice> {
  if (settings.warmup > 0) await loop(origin, user, settings, settings.warmup);
  await beforeMeasure?.();
  const begin = performance.now();
  const { latencies, failures, lastError } = await loop(origin, user, settings, settings.duration);
  return { latencies, failures, seconds: (performance.now() - begin) / 1000, ...(lastError ? { lastError } : {}) };
}

/** Flows per second over the slices' summed time; flow latency (ms) over all their flows. */
export function mergeFlowSlices(slices: readonly FlowSlice[]): LoadResult & { lastError?: string } {
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const failures = slices.reduce((total, slice) => total + slice.failures, 0);
  const seconds = slices.reduce((total, slice) => total + slice.seconds, 0);
  const lastError = slices.findLast((slice) => slice.lastError)?.lastError;
  return {
    rps: Math.round((latencies.length / seconds) * 10) / 10,
    p50: Math.round(percentile(latencies, 50) * 10) / 10,
    p99: Math.round(percentile(latencies, 99) * 10) / 10,
    non2xx: failures,
    errors: 0,
    requests: latencies.length + failures,
    ...(lastError ? { lastError } : {}),
  };
}
