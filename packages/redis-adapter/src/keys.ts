/**
 * The key layout. `prefix` (default `oidc:`) lets several identity providers share one Redis.
 *
 * Model records, lookups, grant indexes, counters and key-value entries are each read and
 * written by single-key commands or single-key Lua scripts, so they need no hash tag to
 * live on a Redis Cluster. The account and client stores check uniqueness across several
 * keys in one script, so their keys share the hash tag `{<prefix>users}` / `{<prefix>clients}`.
 * Model names are PascalCase and the other namespaces lower case, so they never collide.
 */
export interface KeyLayout {
  /** Hash `{ p: payload JSON, c?: consumed, g?: grantId, u?: uid, k?: userCode }`. */
  record(model: string, id: string): string;
  /** Sorted set of record keys saved with `grantId`, scored by their expiry (ms; +inf = none). */
  grant(grantId: string): string;
  /** String: the id of the `model` record whose `uid` this is. */
  uid(model: string, uid: string): string;
  /** String: the id of the `model` record whose `userCode` this is. */
  userCode(model: string, userCode: string): string;
  counter(key: string): string;
  keyValue(key: string): string;
  /** The account store's keys, all under one hash tag. */
  users(suffix: string): string;
  /** The client store's keys, all under one hash tag. */
  clients(suffix: string): string;
}

export function keyLayout(prefix: string): KeyLayout {
  return {
    record: (model, id) => `${prefix}${model}:${id}`,
    grant: (grantId) => `${prefix}grant:${grantId}`,
    uid: (model, uid) => `${prefix}uid:${model}:${uid}`,
    userCode: (model, userCode) => `${prefix}usercode:${model}:${userCode}`,
    counter: (key) => `${prefix}counter:${key}`,
    keyValue: (key) => `${prefix}kv:${key}`,
    users: (suffix) => `{${prefix}users}:${suffix}`,
    clients: (suffix) => `{${prefix}clients}:${suffix}`,
  };
}
