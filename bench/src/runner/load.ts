import autocannon from 'autocannon';

/**
 * One HTTP request shape. `vary` gives each request its own body or Authorization header (a
 * refresh token is single-use; tokens of a pool are spread over the requests).
 */
export interface RequestPlan {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  vary?: () => { body?: string; authorization?: string };
  /** Sees every response (e.g. to keep the rotated refresh token for a later request). */
  onResponse?: (status: number, body: string) => void;
  /** Runs before each load run (warm-up and measurement), e.g. to mint a fresh token pool. */
  prepare?: () => Promise<void>;
}

export interface LoadSettings {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of load before measuring (not recorded). */
  warmup: number;
  /** Seconds after which a request counts as timed out. */
  timeout?: number;
}

/** What one measurement gives; latencies in milliseconds. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

function run(url: string, plan: RequestPlan, connections: number, duration: number, timeout: number): Promise<RawResult> {
  const { vary, onResponse } = plan;
  const result = autocannon({
    url: `${url}${plan.path}`,
    method: plan.method,
    headers: plan.headers,
    connections,
    duration,
    timeout,
    // Unaggregated: the latency histogram stays mergeable with other slices of the same measurement.
    skipAggregateResult: true,
    ...(plan.body !== undefined ? { body: plan.body } : {}),
    ...(vary
      ? {
          requests: [{
            setupRequest: (request: autocannon.Request) => varied(request, vary()),
            ...(onResponse ? { onResponse: (status: number, body: string) => onResponse(status, body) } : {}),
          }],
        }
      : {}),
  });
  return result as unknown as Promise<RawResult>;
}

function varied(request: autocannon.Request, change: { body?: string; authorization?: string }): autocannon.Request {
  const headers = change.authorization ? { ...request.headers, authorization: change.authorization } : request.headers;
  return { ...request, headers, ...(change.body !== undefined ? { body: change.body } : {}) };
}

/** The first request of a plan, for checking a server before measuring it. */
export function firstRequest(plan: RequestPlan): { headers: Record<string, string>; body?: string } {
  const change = plan.vary?.() ?? {};
  const headers = change.authorization ? { ...plan.headers, authorization: change.authorization } : plan.headers;
  const body = change.body ?? plan.body;
  return { headers, ...(body !== undefined ? { body } : {}) };
}

/**
 * One measured run, kept with its latency histogram so that runs of the same plan and server
 * (slices of one measurement, taken between other servers' slices) merge into one result.
 */
export interface LoadSlice {
  url: string;
  raw: RawResult;
}

/** autocannon's result before aggregation (`skipAggregateResult`): counts, and encoded histograms. */
interface RawResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  totalCompletedRequests: number;
}
// Exported by autocannon, missing from its types.
const { aggregateResult } = autocannon as unknown as { aggregateResult(results: RawResult[], options: { url: string }): autocannon.Result };

/**
 * Warms up, then measures one request plan against one server with autocannon; `beforeMeasure`
 * runs between the two (e.g. to reset the server's counters).
 */
export async function measureSlice(url: string, plan: RequestPlan, settings: LoadSettings, beforeMeasure?: () => Promise<void>): Promise<LoadSlice> {
  const timeout = settings.timeout ?? 10;
  if (settings.warmup > 0) {
    await plan.prepare?.();
    await run(url, plan, settings.connections, settings.warmup, timeout);
  }
  await plan.prepare?.();
  await beforeMeasure?.();
  return { url, raw: await run(url, plan, settings.connections, settings.duration, timeout) };
}

/** The result of one or more slices: rates over their summed durations, latencies from their merged histograms. */
export function mergeSlices(slices: readonly LoadSlice[]): LoadResult {
  const raws = slices.map((slice) => slice.raw);
  const merged = aggregateResult(raws, { url: slices[0]!.url });
  const sum = (pick: (raw: RawResult) => number) => raws.reduce((total, raw) => total + pick(raw), 0);
  return {
    rps: Math.round((sum((raw) => raw['2xx']) / sum((raw) => raw.duration)) * 10) / 10,
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    non2xx: sum((raw) => raw.non2xx),
    errors: sum((raw) => raw.errors),
    requests: sum((raw) => raw.totalCompletedRequests),
  };
}

/** One uninterrupted measurement (warm-up, then `settings.duration` seconds). */
export async function measure(url: string, plan: RequestPlan, settings: LoadSettings, beforeMeasure?: () => Promise<void>): Promise<LoadResult> {
  return mergeSlices([await measureSlice(url, plan, settings, beforeMeasure)]);
}
