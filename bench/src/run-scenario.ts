import { BrowserSession } from './runner/http-client.js';
import { runAuthCodeFlow } from './runner/auth-code-flow.js';
import { measureFlows } from './runner/flow-load.js';
import { firstRequest, measure, type LoadSettings } from './runner/load.js';
import type { ServerProcess } from './runner/server-process.js';
import type { Row } from './report/rows.js';
import type { Scenario } from './scenarios/catalog.js';
import type { ServerStats } from './servers/protocol.js';
import type { ServerKind } from './servers/types.js';


/**
 * Checks that the server answers the scenario with a real token (a failure becomes the row's
 * `failure`, and nothing is measured), then measures it.
 */
export async function runScenario(scenario: Scenario, kind: ServerKind, server: ServerProcess, settings: LoadSettings): Promise<Row> {
  const row = { scenario: scenario.id, title: scenario.title, server: kind };
  const load = { ...settings, ...scenario.load };
  try {
    if (scenario.flowUser) {
      await runAuthCodeFlow(server.url, scenario.flowUser);
      const result = await measureFlows(server.url, scenario.flowUser, { concurrency: 10, duration: load.duration, warmup: load.warmup, maxFlows: 20_000 }, () => server.resetStats());
      return withStats({ ...row, unit: 'flows/s', result }, await server.readStats());
    }
    const plan = await scenario.plan!(server, kind);
    const first = firstRequest(plan);
    const response = await new BrowserSession().send(plan.method, `${server.url}${plan.path}`, first);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      // Checked below: a non-JSON answer fails the check.
    }
    const problem = scenario.check?.(response.status, body, kind);
    if (problem) return { ...row, unit: 'req/s', result: emptyResult(), failure: `${problem}: ${response.body.slice(0, 160)}` };
    const result = await measure(server.url, plan, load, () => server.resetStats());
    return withStats({ ...row, unit: 'req/s', result }, await server.readStats());
  } catch (error) {
    return { ...row, unit: scenario.flowUser ? 'flows/s' : 'req/s', result: emptyResult(), failure: (error as Error).message };
  }
}

function withStats(row: Row, stats: ServerStats): Row {
  const done = row.result.requests;
  if (done === 0) return { ...row, stats };
  return { ...row, stats, cpuPerRequestUs: Math.round((stats.cpuMs * 1000) / done), mainThreadCpuPerRequestUs: Math.round((stats.mainThreadCpuMs * 1000) / done) };
}

function emptyResult() {
  return { rps: 0, p50: 0, p99: 0, non2xx: 0, errors: 0, requests: 0 };
}
