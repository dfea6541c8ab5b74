import type { EventLoopResult } from '../event-loop.js';
import { ROUNDS, SETTLE_MS, type GrowthResult } from '../growth.js';
import { SERVER_LABELS, type Row } from './rows.js';

const num = (value: number | undefined, digits = 0) => (value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The table's cells, one array per row (header first). */
export function tableCells(rows: Row[]): string[][] {
  const header = ['scenario', 'server', 'throughput', 'p50 ms', 'p99 ms', 'non-2xx', '× bare', '× no-op', 'CPU µs/req', 'CPU × bare', 'loop p99 ms'];
  const body = rows.map((row) => row.failure
    ? [row.title, SERVER_LABELS[row.server], `FAILED: ${row.failure.slice(0, 80)}`, '', '', '', '', '', '', '', '']
    : [
        row.title,
        SERVER_LABELS[row.server],
        `${num(row.result.rps, row.result.rps < 100 ? 1 : 0)} ${row.unit}`,
        num(row.result.p50, 1),
        num(row.result.p99, 1),
        num(row.result.non2xx + row.result.errors),
        num(row.vsBare, 2),
        row.vsNoop !== undefined && row.vsNoop < 0.01 ? '<0.01' : num(row.vsNoop, 2),
        num(row.cpuPerRequestUs),
        num(row.cpuVsBare, 2),
        num(row.stats?.loop.p99, 1),
      ]);
  return [header, ...body];
}

/** A fixed-width text table for the terminal. */
export function textTable(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function markdownTable(cells: string[][]): string {
  const [header, ...body] = cells;
  const align = header!.map((_, i) => (i < 2 ? '---' : '---:'));
  return [header!, align, ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

export function growthLines(growth: GrowthResult): string[] {
  const lines = ['| live tokens | Redis used_memory | token p50 / p99 ms | token req/s | introspection p50 / p99 ms | introspection req/s |', '---|---:|---:|---:|---:|---:'.replace(/^/, '|').replace(/$/, '|')];
  for (const stage of growth.stages) {
    lines.push(`| ${num(stage.liveTokens)} | ${num(stage.usedMemoryMb)} MB | ${num(stage.token.p50, 1)} / ${num(stage.token.p99, 1)} | ${num(stage.token.rps)} | ${num(stage.introspection.p50, 1)} / ${num(stage.introspection.p99, 1)} | ${num(stage.introspection.rps)} |`);
  }
  const [small, large] = growth.stages;
  if (small && large) {
    lines.push('', `p99 at ${num(large.liveTokens)} over p99 at ${num(small.liveTokens)}: token ${num(large.token.p99 / small.token.p99, 2)}×, introspection ${num(large.introspection.p99 / small.introspection.p99, 2)}×`);
  }
  lines.push('', `Each figure is the run with the median p99 of ${ROUNDS} at that stage, measured after a ${SETTLE_MS / 1000} s pause once the tokens are seeded.`);
  lines.push('', `Redis memory per record (INFO used_memory over ${num(growth.perRecordSample)} copies):`, '');
  for (const [label, bytes] of Object.entries(growth.memoryPerRecord)) lines.push(`- ${label}: ${num(bytes)} B`);
  return lines;
}

export function eventLoopLines(result: EventLoopResult): string[] {
  const { idle, underPasswordLoad: loaded } = result;
  return [
    '| oidc-kit (memory) | client_credentials req/s | client_credentials p99 ms | event-loop p99 ms | event-loop max ms | password req/s |',
    '|---|---:|---:|---:|---:|---:|',
    `| client_credentials alone (10 connections) | ${num(idle.clientCredentials.rps)} | ${num(idle.clientCredentials.p99, 1)} | ${num(idle.loop.p99, 1)} | ${num(idle.loop.max, 1)} | – |`,
    `| the same, while password grants (cost 12, 8 connections) keep the bcrypt worker busy | ${num(loaded.clientCredentials.rps)} | ${num(loaded.clientCredentials.p99, 1)} | ${num(loaded.loop.p99, 1)} | ${num(loaded.loop.max, 1)} | ${num(loaded.password.rps, 1)} |`,
  ];
}
