import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { BenchServer } from './types.js';

const BODY = { access_token: 'noop', token_type: 'Bearer', expires_in: 3600, scope: 'api' };

/**
 * The ceiling: Koa with the same kind of body parsing and a constant JSON answer on every path.
 * Whatever a real server does beyond this is its own cost.
 */
export async function startNoopServer(): Promise<BenchServer> {
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['form', 'json'] }));
  app.use((ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = BODY;
  });
  return { listener: app.callback(), close: async () => {} };
}
