import { request } from 'node:http';
import type { Context, Next } from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnIdp } from './support/spawn-idp.js';
import { memoryLogger, startTestIdp, type TestIdp } from './support/test-idp.js';

/** A GET with a chosen Host header (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Middleware on the IdP's own routes that holds `/slow` until the test lets it go. */
function gate() {
  let release!: () => void;
  let arrived!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const middleware = async (ctx: Context, next: Next) => {
    if (ctx.path !== '/slow') return next();
    arrived();
    await released;
    ctx.body = 'done';
  };
  return { middleware, reached, release };
}

describe('health probes and request ids', () => {
  const logger = memoryLogger();
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await startTestIdp({ clients: [], logger });
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('answers /healthz and /readyz with 200, uncached, whatever the Host (a probe uses the pod address)', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${idp.issuer}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ status: 'ok' });
      const probed = await getWithHost(`${idp.issuer}${path}`, '10.0.0.7:3000');
      expect(probed).toEqual({ status: 200, body: '{"status":"ok"}' });
    }
    // The same foreign Host is refused on the IdP's own routes.
    expect((await getWithHost(`${idp.issuer}/.well-known/openid-configuration`, '10.0.0.7:3000')).status).toBe(400);
  });

  it('refuses other methods on the probes', async () => {
    const response = await fetch(`${idp.issuer}/readyz`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('echoes a sane X-Request-Id, replaces a bad one, generates one otherwise, and logs it without the query', async () => {
    const given = await fetch(`${idp.issuer}/.well-known/openid-configuration?login_hint=secret-hint`, { headers: { 'x-request-id': 'edge-7f3a.1' } });
    expect(given.headers.get('x-request-id')).toBe('edge-7f3a.1');
    const tooLong = await fetch(`${idp.issuer}/.well-known/openid-configuration`, { headers: { 'x-request-id': 'x'.repeat(200) } });
    expect(tooLong.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-request-id')).not.toBe(tooLong.headers.get('x-request-id'));

    const line = logger.lines.map((l) => JSON.parse(l)).find((entry) => entry.reqId === 'edge-7f3a.1');
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/.well-known/openid-configuration', status: 200 });
    expect(JSON.stringify(logger.lines)).not.toContain('secret-hint');
    // Probes are not access-logged.
    expect(logger.lines.some((l) => l.includes('/healthz'))).toBe(false);
  });
});

describe('graceful shutdown', () => {
  it('stops taking connections, lets the in-flight request finish with Connection: close, then closes', async () => {
    const idp = await startTestIdp({ clients: [] });
    const held = gate();
    idp.running.idp.use(held.middleware);
    const inFlight = fetch(`${idp.issuer}/slow`);
    await held.reached;

    const closing = idp.close();
    expect(idp.running.server.listening).toBe(false);
    await expect(fetch(`${idp.issuer}/healthz`)).rejects.toThrow();

    held.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.text()).toBe('done');
    await closing;
  });

  it('the built server logs JSON lines and exits 0 after SIGTERM', async () => {
    const idp = await spawnIdp({ PORT: String(await freePort()) }, { waitFor: 'demo user' });
    expect(await idp.stop()).toBe(0);
    const lines = idp.output().trim().split('\n').filter((line) => !line.startsWith('demo '));
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.msg)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^oidc-kit reference IdP listening on /), 'SIGTERM received, shutting down', 'shut down cleanly',
    ]));
    expect(entries.every((entry) => typeof entry.level === 'string' && typeof entry.time === 'string')).toBe(true);
  });

  it('cuts a request that outlives SHUTDOWN_TIMEOUT and says so in the log', async () => {
    const logger = memoryLogger();
    const idp = await startTestIdp({ clients: [], logger, env: { SHUTDOWN_TIMEOUT: '0' } });
    const held = gate();
    idp.running.idp.use(held.middleware);
    const outcome = fetch(`${idp.issuer}/slow`).then((response) => response.status, () => 'connection cut');
    await held.reached;
    await idp.close();
    expect(await outcome).toBe('connection cut');
    held.release();
    expect(logger.lines.some((l) => l.includes('shutdown timeout reached'))).toBe(true);
  });
});
