import { LuaScript } from './lua-script.js';

/*
 * The account store's scripts. Every key they touch is under the hash tag `{<prefix>users}`,
 * so each runs atomically in one slot, also on Redis Cluster. Logins are folded (NFKC, lower
 * case) in JavaScript before they get here: Lua's string.lower knows only ASCII.
 */

/**
 * KEYS: account, username index, email index, order zset, sequence.
 * ARGV: id, account JSON, folded username, folded email ('' = none).
 * Returns 'ok' or the field that is taken ('id', 'username', 'email').
 */
export const createAccount = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 'id' end
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return 'username' end
if ARGV[4] ~= '' and redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1 then return 'email' end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[3], ARGV[4], ARGV[1]) end
redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[5]), ARGV[1])
return 'ok'
`);

/**
 * Compare-and-set update. KEYS: account, username index, email index.
 * ARGV: id, JSON read before, new JSON, old username, new username, old email, new email.
 * Returns 'ok', 'missing', 'retry' (changed since read) or the field that is taken.
 */
export const updateAccount = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 'missing' end
if current ~= ARGV[2] then return 'retry' end
local owner = redis.call('HGET', KEYS[2], ARGV[5])
if owner and owner ~= ARGV[1] then return 'username' end
if ARGV[7] ~= '' then
  owner = redis.call('HGET', KEYS[3], ARGV[7])
  if owner and owner ~= ARGV[1] then return 'email' end
end
if ARGV[4] ~= ARGV[5] then redis.call('HDEL', KEYS[2], ARGV[4]) end
redis.call('HSET', KEYS[2], ARGV[5], ARGV[1])
if ARGV[6] ~= '' and ARGV[6] ~= ARGV[7] then redis.call('HDEL', KEYS[3], ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[3], ARGV[7], ARGV[1]) end
redis.call('SET', KEYS[1], ARGV[3])
return 'ok'
`);

/**
 * Compare-and-delete. KEYS: account, username index, email index, order zset.
 * ARGV: id, JSON read before, folded username, folded email ('' = none).
 * Returns 1 deleted, 0 missing, -1 changed since read.
 */
export const deleteAccount = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[2] then return -1 end
redis.call('DEL', KEYS[1])
if redis.call('HGET', KEYS[2], ARGV[3]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[3]) end
if ARGV[4] ~= '' and redis.call('HGET', KEYS[3], ARGV[4]) == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[4]) end
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
`);
