import type { Adapter, AdapterPayload } from '@oidc-kit/core';
import { Cluster } from 'ioredis';
import { errors } from 'oidc-provider';

import type { RedisClient } from './connection.js';
import type { KeyLayout } from './keys.js';
import {
  addGrantMember,
  consumeRecord,
  deleteIfGrant,
  deleteIfValue,
  takeGrantMembers,
  takeRecordIndexes,
  upsertGrantRecord,
  upsertRecord,
} from './model-scripts.js';
import type { StorageGuard } from './storage-guard.js';

/** What one model's adapter shares with the others of the same provider. */
export interface ModelAdapterContext {
  client: RedisClient;
  keys: KeyLayout;
  guard: StorageGuard;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * One oidc-provider model stored in Redis. A record is a hash (payload JSON plus the few
 * fields consume, revocation and lookups need) with a TTL from `expiresIn`. Lookups by uid and
 * user code are plain keys with the same TTL; a grant's members are a sorted set scored by
 * expiry. Index entries are written before the record (on a standalone Redis the grant index and
 * the record in one script), so a record that exists can always be found by its grant; stale
 * entries are harmless, since every lookup checks the record.
 */
export class RedisModelAdapter implements Adapter {
  readonly #model: string;
  readonly #ctx: ModelAdapterContext;

  constructor(model: string, ctx: ModelAdapterContext) {
    this.#model = model;
    this.#ctx = ctx;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const { client, keys, guard } = this.#ctx;
    const key = keys.record(this.#model, id);
    const now = Date.now();
    const ttlMs = typeof expiresIn === 'number' && Number.isFinite(expiresIn) ? Math.round(expiresIn * 1000) : undefined;
    const [grantId, uid, userCode] = [text(payload.grantId), text(payload.uid), text(payload.userCode)];
    const json = JSON.stringify(payload);

    await guard.run('upsert', async () => {
      const setLookup = (lookupKey: string) =>
        ttlMs === undefined ? client.set(lookupKey, id) : client.set(lookupKey, id, 'PX', Math.max(ttlMs, 1));
      const memberExpiry = ttlMs === undefined ? '+inf' : now + ttlMs;
      const together = grantId !== '' && !(client instanceof Cluster);
      await Promise.all([
        uid && setLookup(keys.uid(this.#model, uid)),
        userCode && setLookup(keys.userCode(this.#model, userCode)),
        grantId && !together && addGrantMember.run(client, [keys.grant(grantId)], [key, memberExpiry, now]),
      ]);
      const consumed = payload.consumed ? String(payload.consumed === true ? Math.floor(now / 1000) : payload.consumed) : '';
      const record = [json, ttlMs === undefined ? '' : ttlMs, consumed, grantId, uid, userCode];
      if (together) await upsertGrantRecord.run(client, [key, keys.grant(grantId)], [...record, memberExpiry, now]);
      else await upsertRecord.run(client, [key], record);
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return (await this.#read(id))?.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const { client, keys, guard } = this.#ctx;
    const id = await guard.run('findByUid', () => client.get(keys.uid(this.#model, uid)));
    const found = id === null ? undefined : await this.#read(id);
    return found?.uid === uid ? found.payload : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const { client, keys, guard } = this.#ctx;
    const id = await guard.run('findByUserCode', () => client.get(keys.userCode(this.#model, userCode)));
    const found = id === null ? undefined : await this.#read(id);
    return found?.userCode === userCode ? found.payload : undefined;
  }

  async consume(id: string): Promise<void> {
    const { client, keys, guard } = this.#ctx;
    const now = String(Math.floor(Date.now() / 1000));
    const outcome = await guard.run('consume', () => consumeRecord.run(client, [keys.record(this.#model, id)], [now]));
    if (outcome !== 1) throw new errors.InvalidGrant(outcome === 0 ? 'not found' : 'already consumed');
  }

  async destroy(id: string): Promise<void> {
    const { client, keys, guard } = this.#ctx;
    const key = keys.record(this.#model, id);
    await guard.run('destroy', async () => {
      const [grantId, uid, userCode] = (await takeRecordIndexes.run(client, [key])) as Array<string | null>;
      await Promise.all([
        grantId && client.zrem(keys.grant(grantId), key),
        uid && deleteIfValue.run(client, [keys.uid(this.#model, uid)], [id]),
        userCode && deleteIfValue.run(client, [keys.userCode(this.#model, userCode)], [id]),
      ]);
    });
  }

  /**
   * Removes every record saved with `grantId`, of any model: takes the grant's index in one
   * step, then deletes each member that still belongs to the grant. Members live on different
   * Cluster slots, so each is its own single-key command (sent in parallel).
   */
  async revokeByGrantId(grantId: string): Promise<void> {
    const { client, keys, guard } = this.#ctx;
    await guard.run('revokeByGrantId', async () => {
      const members = (await takeGrantMembers.run(client, [keys.grant(grantId)])) as string[];
      await Promise.all(members.map((member) => deleteIfGrant.run(client, [member], [grantId])));
    });
  }

  async #read(id: string): Promise<{ payload: AdapterPayload; uid: string | null; userCode: string | null } | undefined> {
    const { client, keys, guard } = this.#ctx;
    // Parsing inside the guard: a corrupt record is a storage failure (503), not a crash.
    return guard.run('find', async () => {
      const [json, consumed, uid, userCode] = await client.hmget(keys.record(this.#model, id), 'p', 'c', 'u', 'k');
      if (json === null || json === undefined) return undefined;
      const payload = JSON.parse(json) as AdapterPayload;
      // `c` is set by consume(); a payload saved already consumed carries its own value.
      if (consumed && !payload.consumed) payload.consumed = Number(consumed);
      return { payload, uid: uid ?? null, userCode: userCode ?? null };
    });
  }
}
