export { createRedisAdapter } from './create-redis-adapter.js';
export type { RedisStorage } from './create-redis-adapter.js';
export type { RedisAdapterOptions } from './options.js';
export type { RedisClient, RedisConnectionOptions } from './connection.js';
export type { KeyValueStore } from './redis-key-value.js';
export { keyLayout } from './keys.js';
export type { KeyLayout } from './keys.js';
