import { SECRET_KEYS, type SigningKeySet } from '@oidc-kit/core';
import { allowOnly, type CliArgs } from './cli-args.js';
import type { CliIo } from './cli-context.js';
import { readConfigFile } from './config-file.js';
import type { Environment } from './environment.js';
import { openRedisStorage } from './redis-storage.js';
import { rotateSigningKeys } from './rotate-signing-keys.js';

const kids = (set: SigningKeySet) => set.keys.map((key) => `${key.kid} (${key.alg})`);

/**
 * `keys rotate`. Keys in IDP_CONFIG: prints the rotated JWKS to put back in the file (the CLI
 * never rewrites an operator's file). Keys in Redis (generated at first start): stores the
 * rotated set there. Either way instances pick it up when they restart (a rolling restart), and
 * tokens signed with the previous keys keep verifying.
 */
export async function rotateKeys(args: CliArgs, env: Environment, io: CliIo, audit: (action: string, target: string) => void): Promise<void> {
  allowOnly(args, []);
  const config = env.configPath ? await readConfigFile(env.configPath) : undefined;
  if (config?.keys) {
    const next = await rotateSigningKeys(config.keys);
    io.out(JSON.stringify(next, null, 2));
    io.err(`note: IDP_CONFIG sets "keys": replace them with the JWKS above (it holds PRIVATE keys), then restart every instance. Signing with: ${kids(next).slice(0, 2).join(', ')}`);
    return;
  }
  const redis = await openRedisStorage(env, []);
  if (!redis) {
    throw new Error('nothing to rotate: without REDIS_URL, REDIS_CLUSTER_NODES or "keys" in IDP_CONFIG the signing keys are generated anew at every start');
  }
  try {
    const store = redis.storage.keyValue;
    const current = await store.get<SigningKeySet>(SECRET_KEYS.signingKeys);
    const next = await rotateSigningKeys(current);
    await store.set(SECRET_KEYS.signingKeys, next);
    audit('keys.rotate', SECRET_KEYS.signingKeys);
    io.out(JSON.stringify({ signing: kids(next).slice(0, 2), verifying: kids(next).slice(2) }, null, 2));
    io.err('note: restart the IdP instances (one at a time) to start signing with the new keys');
  } finally {
    await redis.storage.close();
  }
}
