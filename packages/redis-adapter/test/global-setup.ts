import type { TestProject } from 'vitest/node';

import { startRedisCluster } from './support/redis-cluster.js';
import type { RedisCluster } from './support/redis-cluster.js';
import { assertRedisInstalled, startRedisServer } from './support/redis-server.js';
import type { RedisServer } from './support/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of a standalone redis-server started for this run. */
    redisUrl: string;
    /** Seed nodes of a 3-master Redis Cluster started for this run. */
    redisClusterNodes: Array<{ host: string; port: number }>;
  }
}

let standalone: RedisServer | undefined;
let cluster: RedisCluster | undefined;

/** Starts a real standalone Redis and a real 3-node Redis Cluster on loopback for the suites. */
export async function setup(project: TestProject): Promise<void> {
  assertRedisInstalled();
  standalone = await startRedisServer();
  try {
    cluster = await startRedisCluster();
  } catch (error) {
    await standalone.stop();
    throw error;
  }
  project.provide('redisUrl', `redis://127.0.0.1:${standalone.port}`);
  project.provide('redisClusterNodes', cluster.nodes);
}

export async function teardown(): Promise<void> {
  await Promise.all([standalone?.stop(), cluster?.stop()]);
}
