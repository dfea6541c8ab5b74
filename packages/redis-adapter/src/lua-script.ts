import { createHash } from 'node:crypto';

import type { RedisClient } from './connection.js';

/**
 * A Lua script run by EVALSHA, falling back to EVAL when the server does not know it yet
 * (after a restart, or on a Cluster node that never saw it). Every script in this package
 * touches one key, or keys under one hash tag, so it runs unchanged on Redis Cluster.
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: readonly string[], args: ReadonlyArray<string | number> = []): Promise<unknown> {
    try {
      return await client.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      // NOSCRIPT is the reply's error code (its first word), the protocol's way to say "send the source".
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}
