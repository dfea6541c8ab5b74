import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSigningKeys } from '@oidc-kit/core';
import bcrypt from 'bcryptjs';
import { runEventLoopCheck, type EventLoopResult } from './event-loop.js';
import { USERS, type TokenVariant } from './fixtures.js';
import { runGrowth, type GrowthResult } from './growth.js';
import { watchMachineLoad } from './machine-load.js';
import { startRedis, type RedisProcess } from './redis/redis-process.js';
import { eventLoopLines, growthLines, markdownTable, tableCells, textTable } from './report/format.js';
import { addRatios, SERVER_LABELS, type Row } from './report/rows.js';
import { measureRunSlice, prepareRun, rowOf, type ScenarioRun } from './run-scenario.js';
import type { LoadSettings } from './runner/load.js';
import { ServerProcess } from './runner/server-process.js';
import { SCENARIOS } from './scenarios/catalog.js';
import type { ServerConfig, ServerKind } from './servers/types.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    servers: { type: 'string' },
    duration: { type: 'string', default: '6' },
    slices: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'no-growth': { type: 'boolean', default: false },
    'no-event-loop': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const PREFIX = 'bench:';
const settings: LoadSettings = { connections: Number(args.connections), duration: Number(args.duration), warmup: 1 };
const slices = Math.max(1, Math.floor(Number(args.slices)));
const onlyScenarios = args.only?.split(',');
const onlyServers = args.servers?.split(',') as ServerKind[] | undefined;
const log = (line: string) => console.log(line);

async function startServers(kinds: ServerKind[], base: Omit<ServerConfig, 'kind'>, redis: RedisProcess): Promise<Map<ServerKind, ServerProcess>> {
  const servers = new Map<ServerKind, ServerProcess>();
  for (const kind of kinds) {
    const config: ServerConfig = { ...base, kind, ...(kind === 'kit-redis' ? { redis: { url: redis.url, prefix: PREFIX } } : {}) };
    const cpuProfile = args.profile && kind !== 'noop' ? { dir: RESULTS, name: `${kind}-${base.variant}.cpuprofile` } : undefined;
    servers.set(kind, await ServerProcess.start(config, cpuProfile ? { cpuProfile } : {}));
  }
  return servers;
}

async function main(): Promise<void> {
  const began = Date.now();
  const machine = { cpus: availableParallelism(), model: cpus()[0]?.model, node: process.version, loadavgBefore: loadavg() };
  log(`oidc-kit bench — ${machine.cpus} CPUs (${machine.model}), Node ${machine.node}, load average ${machine.loadavgBefore.map((l) => l.toFixed(2)).join(' ')}`);
  log(`${settings.connections} connections, ${settings.duration} s per measurement in ${slices} slice(s), each after ${settings.warmup} s of warm-up, servers in turn\n`);
  const machineLoad = await watchMachineLoad(machine.cpus);
  const keys = await generateSigningKeys();
  const passwordHashes = { cost12: await bcrypt.hash(USERS.cost12.password, 12), cost4: await bcrypt.hash(USERS.cost4.password, 4) };

  const redis = await startRedis();
  const rows: Row[] = [];
  let eventLoop: EventLoopResult | undefined;
  let growth: GrowthResult | undefined;
  let servers = new Map<ServerKind, ServerProcess>();
  try {
    for (const variant of ['opaque', 'jwt-es256', 'jwt-rs256'] as TokenVariant[]) {
      const scenarios = SCENARIOS.filter((s) => s.variant === variant && (!onlyScenarios || onlyScenarios.includes(s.id)));
      const wantsEventLoop = variant === 'opaque' && !args['no-event-loop'] && !onlyScenarios;
      const wantsGrowth = variant === 'opaque' && !args['no-growth'] && !onlyScenarios;
      const kinds = new Set<ServerKind>(scenarios.flatMap((s) => s.servers));
      if (wantsEventLoop) kinds.add('kit-memory');
      if (wantsGrowth) kinds.add('kit-redis');
      const selected = [...kinds].filter((k) => !onlyServers || onlyServers.includes(k));
      if (selected.length === 0) continue;
      await redis.client.flushall();
      servers = await startServers(selected, { variant, keys, passwordHashes }, redis);

      for (const scenario of scenarios) {
        const runs: ScenarioRun[] = [];
        for (const kind of scenario.servers.filter((k) => servers.has(k))) runs.push(await prepareRun(scenario, kind, servers.get(kind)!));
        // Slices in turn, every other round in reverse order (A B C, C B A): a machine that gets
        // busier or quieter during the scenario weighs on every server alike, not on the last one.
        for (let round = 0; round < slices; round += 1) {
          for (const run of round % 2 === 0 ? runs : [...runs].reverse()) await measureRunSlice(run, settings, slices);
        }
        for (const row of runs.map(rowOf)) {
          rows.push(row);
          log(row.failure ? `${scenario.id} ${row.server}: FAILED ${row.failure}` : `${scenario.id} ${row.server}: ${row.result.rps} ${row.unit}, p50 ${row.result.p50} ms, p99 ${row.result.p99} ms, non-2xx ${row.result.non2xx + row.result.errors}, CPU ${row.cpuPerRequestUs} µs/${row.unit === 'flows/s' ? 'flow' : 'req'} (event-loop thread ${row.mainThreadCpuPerRequestUs})`);
        }
      }
      if (wantsEventLoop && servers.has('kit-memory')) {
        log('event loop: client_credentials idle, then under password load');
        eventLoop = await runEventLoopCheck(servers.get('kit-memory')!, settings);
      }
      if (wantsGrowth && servers.has('kit-redis')) {
        log('growth: Redis with 10 thousand, then 1 million live tokens');
        growth = await runGrowth(redis, servers.get('kit-redis')!, PREFIX, settings, log);
      }
      await Promise.all([...servers.values()].map((s) => s.stop()));
      servers.clear();
    }
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop().catch(() => undefined)));
    await redis.stop();
  }

  // After every child (servers, Redis) has exited, so that their CPU time counts as the bench's.
  const load = await machineLoad.finish();
  addRatios(rows, (id) => SCENARIOS.find((s) => s.id === id)?.baseline ?? 'bare');
  const cells = tableCells(rows);
  const seconds = Math.round((Date.now() - began) / 1000);
  const loadavgAfter = loadavg();
  log(`\n${textTable(cells)}\n`);
  const extra = [
    ...(eventLoop ? ['', '## Event loop', '', ...eventLoopLines(eventLoop)] : []),
    ...(growth ? ['', '## Growth (oidc-kit on Redis)', '', ...growthLines(growth)] : []),
  ];
  if (extra.length > 0) log(extra.join('\n'));
  const loadLine = load
    ? `machine busy ${Math.round(load.busy * 100)}% of ${load.cores} cores over ${load.seconds} s; the bench used ${load.benchCpuSeconds} CPU-s, other processes ${load.otherCpuSeconds} CPU-s (${Math.round(load.otherShare * 100)}% of the machine)`
    : 'machine load not measured (no /proc)';
  log(`\nfinished in ${seconds} s; load average now ${loadavgAfter.map((l) => l.toFixed(2)).join(' ')}; ${loadLine}`);

  if (onlyScenarios || onlyServers) return; // A partial run never replaces the recorded results.
  await mkdir(RESULTS, { recursive: true });
  const when = new Date().toISOString();
  await writeFile(`${RESULTS}latest.json`, `${JSON.stringify({ when, seconds, machine: { ...machine, loadavgAfter, load }, settings: { ...settings, slices }, rows, eventLoop, growth }, null, 2)}\n`);
  const md = [
    `# oidc-kit bench — ${when}`,
    '',
    `${machine.cpus} CPUs (${machine.model}), Node ${machine.node}; load average before ${machine.loadavgBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavgAfter.map((l) => l.toFixed(2)).join(' ')}; ${loadLine}.`,
    `${settings.connections} connections, ${settings.duration} s per measurement (password at cost 12: 8 connections, 12 s, no warm-up), taken in ${slices} slice(s) with the scenario's servers in turn (A B C, then C B A), each slice after ${settings.warmup} s of warm-up. Whole run: ${seconds} s.`,
    '',
    markdownTable(cells),
    ...baselineNotes(rows),
    ...extra,
    '',
  ].join('\n');
  await writeFile(`${RESULTS}latest.md`, md);
  log(`wrote ${RESULTS}latest.json and latest.md`);
}

/** Says which scenarios take their "× bare" ratios against another server than bare oidc-provider. */
function baselineNotes(rows: Row[]): string[] {
  const notes = SCENARIOS.filter((s) => s.baseline && rows.some((r) => r.scenario === s.id))
    .map((s) => `The "× bare" ratios of ${s.title} are taken against ${SERVER_LABELS[s.baseline!]}.`);
  return notes.length > 0 ? ['', ...notes] : [];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
