import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../src/environment.js';
import { startServer, type RunningIdp } from '../src/server.js';
import { freePort, writeConfig } from './support/spawn-idp.js';
import { memoryLogger } from './support/test-idp.js';

const ISSUER = 'https://id.example.test';
const CLIENT = { client_id: 'app', client_secret: 'app-secret-0123456789', redirect_uris: ['https://app.example/cb'], grant_types: ['authorization_code'], response_types: ['code'] };

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TRUST_PROXY and publicOrigins in the reference IdP', () => {
  let running: RunningIdp | undefined;
  afterEach(() => running?.close());

  async function start(env: Record<string, string>) {
    const port = await freePort();
    const configPath = await writeConfig({ issuer: ISSUER, clients: [CLIENT], publicOrigins: ['https://login.example.test'] });
    running = await startServer(readEnvironment({ PORT: String(port), HOST: '127.0.0.1', IDP_CONFIG: configPath, ...env }), memoryLogger());
    return port;
  }
  const authorization = `/auth?${new URLSearchParams({ client_id: 'app', response_type: 'code', scope: 'openid', redirect_uri: 'https://app.example/cb' })}`;

  it('believes X-Forwarded-Proto/-Host from the proxies TRUST_PROXY names, and answers on publicOrigins', async () => {
    const port = await start({ TRUST_PROXY: 'loopback' });
    const viaProxy = await get(port, '/.well-known/openid-configuration', { host: 'backend:3000', 'x-forwarded-host': 'login.example.test', 'x-forwarded-proto': 'https' });
    expect(viaProxy.status).toBe(200);
    expect(JSON.parse(viaProxy.body)).toMatchObject({ issuer: ISSUER, token_endpoint: 'https://login.example.test/token' });
    const start303 = await get(port, authorization, { host: 'id.example.test', 'x-forwarded-proto': 'https' });
    expect(start303.status).toBe(303);
  });

  it('without TRUST_PROXY, ignores the forwarded headers and says why the sign-in cannot work over http', async () => {
    const port = await start({});
    const forged = await get(port, '/.well-known/openid-configuration', { host: 'id.example.test', 'x-forwarded-host': 'evil.example' });
    expect(JSON.parse(forged.body)).toMatchObject({ token_endpoint: `${ISSUER}/token` });
    const refused = await get(port, authorization, { host: 'id.example.test', 'x-forwarded-proto': 'https' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('TRUST_PROXY');
  });
});
