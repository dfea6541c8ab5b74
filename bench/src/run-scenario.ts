import { BrowserSession } from './runner/http-client.js';
import { runAuthCodeFlow } from './runner/auth-code-flow.js';
import { measureFlowSlice, mergeFlowSlices, type FlowSlice } from './runner/flow-load.js';
import { firstRequest, measureSlice, mergeSlices, type LoadSettings, type LoadSlice, type RequestPlan } from './runner/load.js';
import type { ServerProcess } from './runner/server-process.js';
import type { Row } from './report/rows.js';
import type { Scenario } from './scenarios/catalog.js';
import type { ServerStats } from './servers/protocol.js';
import type { ServerKind } from './servers/types.js';

/** Upper bound of flows in a whole measurement (shared by its slices), whatever the duration. */
const MAX_FLOWS = 20_000;

/**
 * One scenario on one server: checked once, then measured in one or more slices (which the
 * bench takes in turn with the other servers' slices), then made into the table's row.
 */
export interface ScenarioRun {
  scenario: Scenario;
  kind: ServerKind;
  server: ServerProcess;
  /** The request plan, checked once and used by every slice (its `prepare` runs before each). */
  plan?: RequestPlan;
  loadSlices: LoadSlice[];
  flowSlices: FlowSlice[];
  stats: ServerStats[];
  /** Why there is no result: the check failed, or a slice could not be measured. */
  failure?: string;
}

/**
 * Checks that the server answers the scenario with a real token; a failure becomes the run's
 * `failure`, and nothing is measured.
 */
export async function prepareRun(scenario: Scenario, kind: ServerKind, server: ServerProcess): Promise<ScenarioRun> {
  const run: ScenarioRun = { scenario, kind, server, loadSlices: [], flowSlices: [], stats: [] };
  try {
    if (scenario.flowUser) {
      await runAuthCodeFlow(server.url, scenario.flowUser);
      return run;
    }
    const plan = await scenario.plan!(server, kind);
    const response = await new BrowserSession().send(plan.method, `${server.url}${plan.path}`, firstRequest(plan));
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      // Checked below: a non-JSON answer fails the check.
    }
    const problem = scenario.check?.(response.status, body, kind);
    if (problem) run.failure = `${problem}: ${response.body.slice(0, 160)}`;
    else run.plan = plan;
  } catch (error) {
    run.failure = (error as Error).message;
  }
  return run;
}

/** Measures one of `slices` equal slices of the run: once the server is idle, a warm-up, then the slice. */
export async function measureRunSlice(run: ScenarioRun, settings: LoadSettings, slices: number): Promise<void> {
  if (run.failure) return;
  const { scenario, server } = run;
  const load = { ...settings, ...scenario.load };
  const duration = load.duration / slices;
  try {
    await server.waitIdle();
    if (scenario.flowUser) {
      const flowSettings = { concurrency: 10, duration, warmup: load.warmup, maxFlows: Math.ceil(MAX_FLOWS / slices) };
      run.flowSlices.push(await measureFlowSlice(server.url, scenario.flowUser, flowSettings, () => server.resetStats()));
    } else {
      run.loadSlices.push(await measureSlice(server.url, run.plan!, { ...load, duration }, () => server.resetStats()));
    }
    run.stats.push(await server.readStats());
  } catch (error) {
    run.failure = (error as Error).message;
  }
}

/** The table's row of a run: its slices merged. */
export function rowOf(run: ScenarioRun): Row {
  const row = { scenario: run.scenario.id, title: run.scenario.title, server: run.kind, unit: run.scenario.flowUser ? 'flows/s' as const : 'req/s' as const };
  if (run.failure) return { ...row, result: emptyResult(), failure: run.failure };
  const result = run.scenario.flowUser ? mergeFlowSlices(run.flowSlices) : mergeSlices(run.loadSlices);
  const stats = mergeStats(run.stats);
  const done = result.requests;
  if (done === 0) return { ...row, result, stats };
  return { ...row, result, stats, cpuPerRequestUs: Math.round((stats.cpuMs * 1000) / done), mainThreadCpuPerRequestUs: Math.round((stats.mainThreadCpuMs * 1000) / done) };
}

/** CPU time summed over the slices; of the event-loop delay, each slice's worst. */
function mergeStats(stats: readonly ServerStats[]): ServerStats {
  const worst = (pick: (s: ServerStats) => number) => Math.max(...stats.map(pick));
  const sum = (pick: (s: ServerStats) => number) => stats.reduce((total, s) => total + pick(s), 0);
  return {
    loop: { p50: worst((s) => s.loop.p50), p99: worst((s) => s.loop.p99), max: worst((s) => s.loop.max) },
    cpuMs: sum((s) => s.cpuMs),
    mainThreadCpuMs: sum((s) => s.mainThreadCpuMs),
  };
}

function emptyResult() {
  return { rps: 0, p50: 0, p99: 0, non2xx: 0, errors: 0, requests: 0 };
}
