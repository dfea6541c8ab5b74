import { bodyParser } from '@koa/bodyparser';
import { createPasswordHasher } from '@oidc-kit/core';
import Koa from 'koa';
import type { BenchServer, ServerConfig } from './types.js';

/**
 * What bcrypt alone allows: every request is one verification of the posted password against the
 * cost-12 hash, in the same worker pool oidc-kit uses (or `poolSize` workers), and nothing else.
 */
export async function startBcryptServer(config: ServerConfig): Promise<BenchServer> {
  const hasher = createPasswordHasher({ cost: 12, ...(config.poolSize ? { poolSize: config.poolSize } : {}) });
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['form'] }));
  app.use(async (ctx) => {
    const { password } = ctx.request.body as Record<string, string>;
    const ok = await hasher.verify(String(password), config.passwordHashes.cost12);
    ctx.status = ok ? 200 : 400;
    ctx.body = ok ? { access_token: 'bcrypt-only', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' };
  });
  return { listener: app.callback(), close: () => hasher.close() };
}
