import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { resp } from './resp-pipe.js';

/** A record as the Redis adapter stores it: a hash (`p` payload JSON, `g`, `u`, …) with a TTL. */
export interface StoredRecord {
  model: string;
  id: string;
  fields: Record<string, string>;
  pttl: number;
}

/** Finds one record of `model` (optionally one having a hash field) among the adapter's keys. */
export async function findRecord(client: Redis, prefix: string, model: string, withField?: string): Promise<StoredRecord> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}${model}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const fields = await client.hgetall(key);
      if (fields.p && (!withField || fields[withField])) {
        return { model, id: key.slice(`${prefix}${model}:`.length), fields, pttl: Math.max(60_000, await client.pttl(key)) };
      }
    }
  } while (cursor !== '0');
  throw new Error(`no ${model} record${withField ? ` with ${withField}` : ''} found under ${prefix}`);
}

const newId = () => randomBytes(32).toString('base64url');

/**
 * The commands that store one copy of `template` under a new id, with the index entries the
 * adapter keeps beside it (a Session's uid lookup, a token's grant index), as the adapter would
 * write them. Returns the new id and its commands.
 */
export function cloneRecord(template: StoredRecord, prefix: string): { id: string; commands: string } {
  const id = newId();
  const key = `${prefix}${template.model}:${id}`;
  let payload = template.fields.p!.split(template.id).join(id);
  const fields: Record<string, string> = { ...template.fields };
  let extra = '';
  if (fields.u) {
    const uid = newId().slice(0, 21);
    payload = payload.split(fields.u).join(uid);
    fields.u = uid;
    extra += resp('SET', `${prefix}uid:${template.model}:${uid}`, id, 'PX', template.pttl);
  }
  if (fields.g) {
    const grantId = newId().slice(0, 43);
    payload = payload.split(fields.g).join(grantId);
    fields.g = grantId;
    const grantKey = `${prefix}grant:${grantId}`;
    extra += resp('ZADD', grantKey, Date.now() + template.pttl, key) + resp('PEXPIRE', grantKey, template.pttl);
  }
  fields.p = payload;
  const hset = resp('HSET', key, ...Object.entries(fields).flat());
  return { id, commands: extra + hset + resp('PEXPIRE', key, template.pttl) };
}
