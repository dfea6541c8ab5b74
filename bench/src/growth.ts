import { USERS } from './fixtures.js';
import { runAuthCodeFlow } from './runner/auth-code-flow.js';
import { measure, type LoadResult, type LoadSettings, type RequestPlan } from './runner/load.js';
import type { ServerProcess } from './runner/server-process.js';
import { findRecord, type StoredRecord } from './redis/record-templates.js';
import type { RedisProcess } from './redis/redis-process.js';
import { pipeCommands, resp } from './redis/resp-pipe.js';
import { seedCopies, usedMemory } from './redis/seed.js';
import { SCENARIOS } from './scenarios/catalog.js';

export interface GrowthResult {
  /** Bytes of Redis memory per record (INFO used_memory delta over `perRecordSample` copies). */
  memoryPerRecord: Record<string, number>;
  perRecordSample: number;
  stages: Array<{ liveTokens: number; usedMemoryMb: number; token: LoadResult; introspection: LoadResult }>;
}

const MEMORY_MODELS: Array<{ label: string; model: string; field?: string }> = [
  { label: 'Session (with its uid lookup)', model: 'Session', field: 'u' },
  { label: 'Grant', model: 'Grant' },
  { label: 'AccessToken (with a grant-index entry)', model: 'AccessToken', field: 'g' },
  { label: 'ClientCredentials token', model: 'ClientCredentials' },
];

/**
 * Measurements per stage and endpoint; the one with the median p99 is kept: one p99 of a few
 * seconds is mostly noise, and p99s of ~10 ms come in whole milliseconds.
 */
export const ROUNDS = 5;
/**
 * Pause after seeding, before measuring: a million keys written in a few seconds leave Redis
 * growing (rehashing) its keyspace and expiry tables for a moment; a deployment with a million
 * live tokens got them over hours.
 */
export const SETTLE_MS = 3000;

async function medianOf(rounds: number, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const results: LoadResult[] = [];
  for (let i = 0; i < rounds; i += 1) results.push(await run());
  results.sort((a, b) => a.p99 - b.p99);
  return results[Math.floor(rounds / 2)]!;
}

/**
 * Growth on Redis: memory per stored record, then token-endpoint and introspection latency with
 * 10 thousand and with 1 million live access tokens, seeded in the adapter's own format.
 */
export async function runGrowth(redis: RedisProcess, server: ServerProcess, prefix: string, settings: LoadSettings, log: (line: string) => void): Promise<GrowthResult> {
  const info = () => redis.client.info('memory');
  // One whole flow leaves a real Session, Grant and AccessToken behind to copy.
  await runAuthCodeFlow(server.url, USERS.cost4);
  const perRecordSample = 10_000;
  const memoryPerRecord: Record<string, number> = {};
  const templates: Record<string, StoredRecord> = {};
  for (const { label, model, field } of MEMORY_MODELS) {
    templates[model] = await findRecord(redis.client, prefix, model, field);
    const before = await usedMemory(info);
    // Into another database, emptied afterwards: the growth stages count access tokens only.
    await seedCopies(redis.port, prefix, templates[model], perRecordSample, { db: 1 });
    memoryPerRecord[label] = Math.round(((await usedMemory(info)) - before) / perRecordSample);
    await pipeCommands(redis.port, [resp('FLUSHDB')], 1);
    log(`  memory: ${label} ≈ ${Math.round(memoryPerRecord[label]!)} B`);
  }

  const cc = SCENARIOS.find((s) => s.id === 'cc-opaque')!;
  const tokenPlan = await cc.plan!(server, 'kit-redis');
  const stages: GrowthResult['stages'] = [];
  const sample: string[] = [];
  let live = 0;
  for (const target of [10_000, 1_000_000]) {
    const started = Date.now();
    sample.push(...(await seedCopies(redis.port, prefix, templates.ClientCredentials!, target - live, { sampleEvery: Math.max(1, Math.floor((target - live) / 2000)) })));
    live = target;
    log(`  seeded ${target.toLocaleString('en')} live tokens in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    let next = 0;
    const introspectionPlan: RequestPlan = {
      method: 'POST', path: '/token/introspection', headers: tokenPlan.headers,
      // Spread over the whole seeded set: most lookups hit keys nobody read recently.
      vary: () => ({ body: `token=${sample[(next++ * 7919) % sample.length]}` }),
    };
    const token = await medianOf(ROUNDS, () => measure(server.url, tokenPlan, settings));
    const introspection = await medianOf(ROUNDS, () => measure(server.url, introspectionPlan, settings));
    stages.push({ liveTokens: target, usedMemoryMb: Math.round((await usedMemory(info)) / 1048576), token, introspection });
  }
  return { memoryPerRecord, perRecordSample, stages };
}
