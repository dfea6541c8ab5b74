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
  let logger = memoryLogger();
  afterEach(() => running?.close());

  async function start(env: Record<string, string>) {
    const port = await freePort();
    const configPath = await writeConfig({ issuer: ISSUER, clients: [CLIENT], publicOrigins: ['https://login.example.test'] });
    logger = memoryLogger();
    running = await startServer(readEnvironment({ PORT: String(port), HOST: '127.0.0.1', IDP_CONFIG: configPath, ...env }), logger);
    return port;
  }

  /** The access-log line of the one request to `path` (written when its response closes). */
  async function accessLogLine(path: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const line = logger.lines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === 'request' && entry.path === path);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no access-log line for ${path}`);
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

  it('logs the client address the trusted proxies report, next to the peer', async () => {
    const port = await start({ TRUST_PROXY: 'loopback' });
    await get(port, '/jwks', { host: 'id.example.test', 'x-forwarded-for': '203.0.113.7' });
    expect(await accessLogLine('/jwks')).toMatchObject({ clientAddress: '203.0.113.7', remoteAddress: '127.0.0.1', status: 200 });
  });

  it('without TRUST_PROXY, logs the peer as the client whatever X-Forwarded-For says', async () => {
    const port = await start({});
    await get(port, '/jwks', { host: 'id.example.test', 'x-forwarded-for': '203.0.113.7' });
    expect(await accessLogLine('/jwks')).toMatchObject({ clientAddress: '127.0.0.1', remoteAddress: '127.0.0.1' });
  });
});
