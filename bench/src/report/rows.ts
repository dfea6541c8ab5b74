import type { LoadResult } from '../runner/load.js';
import type { ScenarioId } from '../scenarios/catalog.js';
import type { ServerStats } from '../servers/protocol.js';
import type { ServerKind } from '../servers/types.js';

/** One measured (scenario, server) pair of the table. */
export interface Row {
  scenario: ScenarioId;
  title: string;
  server: ServerKind;
  unit: 'req/s' | 'flows/s';
  result: LoadResult;
  /** The server's event-loop delay and CPU time during the measured run. */
  stats?: ServerStats;
  /** Server CPU time per request (per flow), in microseconds. */
  cpuPerRequestUs?: number;
  /** The part of it spent on the event-loop thread (the rest: worker threads, e.g. bcrypt). */
  mainThreadCpuPerRequestUs?: number;
  /** Server CPU time per request over bare oidc-provider's (lower is better). */
  cpuVsBare?: number;
  /** Throughput over bare oidc-provider's in the same scenario. */
  vsBare?: number;
  /** Throughput over the Koa no-op's (same request shape). */
  vsNoop?: number;
  /** Why there is no result (the server failed its check). */
  failure?: string;
}

export const SERVER_LABELS: Record<ServerKind, string> = {
  noop: 'Koa no-op',
  bcrypt: 'bcrypt alone',
  'node-oauth': '@node-oauth/oauth2-server',
  bare: 'oidc-provider (bare)',
  'bare-login': 'oidc-provider + password login',
  'kit-memory': 'oidc-kit, memory',
  'kit-redis': 'oidc-kit, Redis',
};

const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 1000) / 1000 : undefined);

/**
 * Fills in each row's ratios against bare oidc-provider (the scenario's baseline server) and the
 * no-op of the same request shape.
 */
export function addRatios(rows: Row[], baselineOf: (scenario: ScenarioId) => ServerKind): void {
  const find = (scenario: ScenarioId, server: ServerKind) => rows.find((r) => r.scenario === scenario && r.server === server && !r.failure);
  for (const row of rows) {
    if (row.failure) continue;
    const baseline = baselineOf(row.scenario);
    const bare = find(row.scenario, baseline);
    const noop = row.unit === 'flows/s' ? undefined : find(row.scenario === 'userinfo' ? 'userinfo' : 'cc-opaque', 'noop');
    if (bare && row.server !== baseline) {
      row.vsBare = ratio(row.result.rps, bare.result.rps);
      if (row.cpuPerRequestUs && bare.cpuPerRequestUs) row.cpuVsBare = ratio(row.cpuPerRequestUs, bare.cpuPerRequestUs);
    }
    if (noop && row.server !== 'noop') row.vsNoop = ratio(row.result.rps, noop.result.rps);
  }
}
