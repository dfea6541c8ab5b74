import { LuaScript } from './lua-script.js';

/** Writes one record hash from the arguments of `upsertRecord`; `R` is its key. */
const WRITE_RECORD = (R: string) => `
redis.call('DEL', ${R})
redis.call('HSET', ${R}, 'p', ARGV[1])
local fields = { 'c', 'g', 'u', 'k' }
for i = 1, 4 do
  if ARGV[i + 2] ~= '' then redis.call('HSET', ${R}, fields[i], ARGV[i + 2]) end
end
if ARGV[2] ~= '' then redis.call('PEXPIRE', ${R}, ARGV[2]) end
`;

/**
 * Adds a member to a grant index `Z`, drops expired members and lets the index live exactly as
 * long as its longest-lived member, so it stays bounded without any sweeper.
 */
const ADD_GRANT_MEMBER = (Z: string, member: string, expiry: string, now: string) => `
redis.call('ZADD', ${Z}, ${expiry}, ${member})
redis.call('ZREMRANGEBYSCORE', ${Z}, '-inf', ${now})
local last = redis.call('ZRANGE', ${Z}, -1, -1, 'WITHSCORES')
if last[2] == 'inf' then redis.call('PERSIST', ${Z}) elseif last[2] ~= nil then redis.call('PEXPIREAT', ${Z}, last[2]) end
`;

/**
 * Replaces a record. KEYS[1] record hash; ARGV: payload JSON, TTL in ms ('' = none),
 * consumed, grantId, uid, userCode ('' = absent). The small fields beside the payload let
 * consume, revocation and lookups work without parsing the payload in Lua.
 */
export const upsertRecord = new LuaScript(`${WRITE_RECORD('KEYS[1]')}
return 1
`);

/**
 * Single-use consume. KEYS[1] record hash; ARGV[1] epoch seconds. Returns 1 when this call
 * consumed it, 0 when there is no such record, -1 when it was consumed already. One script,
 * so of N concurrent calls exactly one returns 1. The record keeps its TTL.
 */
export const consumeRecord = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'c', ARGV[1]) == 0 then return -1 end
return 1
`);

/**
 * Adds a member to a grant index. KEYS[1] grant zset; ARGV: member, its expiry (ms or
 * '+inf'), now (ms). Drops expired members and lets the index live exactly as long as its
 * longest-lived member, so it stays bounded without any sweeper.
 */
export const addGrantMember = new LuaScript(`${ADD_GRANT_MEMBER('KEYS[1]', 'ARGV[1]', 'ARGV[2]', 'ARGV[3]')}
return 1
`);

/**
 * Deletes a record and returns its grantId, uid and userCode (nil where absent), in one step, so
 * that its index entries can be removed after. KEYS[1] record hash.
 */
export const takeRecordIndexes = new LuaScript(`
local fields = redis.call('HMGET', KEYS[1], 'g', 'u', 'k')
redis.call('DEL', KEYS[1])
return fields
`);

/** Takes a grant index: returns its members and deletes it, in one step. KEYS[1] grant zset. */
export const takeGrantMembers = new LuaScript(`
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return members
`);

/**
 * Deletes a record only if it still belongs to the grant (it may have been re-saved under
 * another). KEYS[1] record hash; ARGV[1] grantId.
 */
export const deleteIfGrant = new LuaScript(`
if redis.call('HGET', KEYS[1], 'g') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Deletes a lookup key only if it still points at this id. KEYS[1]; ARGV[1] id. */
export const deleteIfValue = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * `addGrantMember` and `upsertRecord` in one step, for a standalone (or Sentinel) Redis where one
 * script may touch two keys: KEYS[1] record hash, KEYS[2] grant zset; ARGV[1..6] as
 * `upsertRecord`, ARGV[7] the member's expiry (ms or '+inf'), ARGV[8] now (ms). One round-trip
 * instead of two for every grant-bound token, and the index and the record are written together.
 * (On a Cluster the two keys live on different slots: there the two scripts run one after the other.)
 */
export const upsertGrantRecord = new LuaScript(`${ADD_GRANT_MEMBER('KEYS[2]', 'KEYS[1]', 'ARGV[7]', 'ARGV[8]')}
${WRITE_RECORD('KEYS[1]')}
return 1
`);
