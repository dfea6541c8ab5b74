import { timingSafeEqual } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import OAuth2Server from '@node-oauth/oauth2-server';
import Koa from 'koa';
import { CLIENT_ID, CLIENT_SECRET, SERVICE_SCOPE } from '../fixtures.js';
import type { BenchServer } from './types.js';

const { Request, Response } = OAuth2Server;
const SECRET = Buffer.from(CLIENT_SECRET);

/**
 * `@node-oauth/oauth2-server` with an in-memory model that serves client_credentials for the
 * bench client, mounted on Koa with the same body parsing as the no-op server. Tokens are kept in
 * a Map (with their expiry), so the token endpoint does the same store write as the others.
 */
export async function startNodeOauthServer(): Promise<BenchServer> {
  const client = { id: CLIENT_ID, grants: ['client_credentials'] };
  const tokens = new Map<string, { expiresAt: Date; scope: string[] | undefined }>();
  const oauth = new OAuth2Server({
    accessTokenLifetime: 3600,
    model: {
      async getClient(clientId: string, clientSecret: string) {
        if (clientId !== CLIENT_ID) return false;
        const given = Buffer.from(String(clientSecret));
        return given.length === SECRET.length && timingSafeEqual(given, SECRET) ? client : false;
      },
      async getUserFromClient() {
        return { id: CLIENT_ID };
      },
      async validateScope(_user: unknown, _client: unknown, scope?: string[]) {
        return scope?.every((s) => s === SERVICE_SCOPE) ? scope : false;
      },
      async saveToken(token: { accessToken: string; accessTokenExpiresAt?: Date; scope?: string[] }) {
        tokens.set(token.accessToken, { expiresAt: token.accessTokenExpiresAt!, scope: token.scope });
        return { ...token, client, user: { id: CLIENT_ID } };
      },
      async getAccessToken() {
        return false;
      },
      async verifyScope() {
        return false;
      },
    } as never,
  });

  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['form'] }));
  app.use(async (ctx) => {
    const response = new Response(ctx.response as never);
    try {
      await oauth.token(new Request(ctx.request as never), response);
      ctx.set(response.headers as Record<string, string>);
      ctx.status = response.status ?? 200;
      ctx.body = response.body;
    } catch (error) {
      const e = error as { code?: number; name?: string; message?: string };
      ctx.status = e.code ?? 500;
      ctx.body = { error: e.name, error_description: e.message };
    }
  });
  return { listener: app.callback(), close: async () => tokens.clear() };
}
