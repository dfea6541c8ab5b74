import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../src/environment.js';
import { startServer, type RunningIdp } from '../src/server.js';
import { DEFAULT_SERVER_LIMITS, serverOptions } from '../src/server-limits.js';
import { freePort, writeConfig } from './support/spawn-idp.js';
import { memoryLogger } from './support/test-idp.js';

const SLOW_CLIENTS = 500;
// Shortened so that the test sees the server drop the slow connections within seconds.
const LIMITS = { headersTimeoutMs: 3_000, connectionsCheckingIntervalMs: 250 };

/** Resolves once `condition` holds, checking every 50 ms; rejects after `limitMs`. */
async function eventually(condition: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the reference IdP server under slow clients', () => {
  let running: RunningIdp;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    const configPath = await writeConfig({ issuer: `http://127.0.0.1:${port}`, clients: [] });
    const env = readEnvironment({ PORT: String(port), HOST: '127.0.0.1', IDP_CONFIG: configPath });
    running = await startServer(env, memoryLogger(), LIMITS);
  });
  afterAll(() => running?.close());

  it('serves a normal client while 500 connections trickle their headers, then drops the trickling ones', async () => {
    const sockets: Socket[] = [];
    const answers: string[] = [];
    let closed = 0;
    const opened = Array.from({ length: SLOW_CLIENTS }, () => new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /.well-known/openid-configuration HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
        resolve();
      });
      socket.on('data', (chunk) => answers.push(chunk.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        closed += 1;
      });
      socket.once('error', reject);
      sockets.push(socket);
    }));
    const trickle = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 200);
    try {
      await Promise.all(opened);
      const response = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { issuer: string }).issuer).toBe(`http://127.0.0.1:${port}`);

      // No complete request ever came: each connection is answered 408 and closed.
      await eventually(() => closed === SLOW_CLIENTS, 15_000);
      expect(answers.filter((answer) => answer.startsWith('HTTP/1.1 408')).length).toBe(SLOW_CLIENTS);
    } finally {
      clearInterval(trickle);
      for (const socket of sockets) socket.destroy();
    }
  });

  it('refuses a header section over 16 KiB with 431', async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => { data += chunk.toString('latin1'); });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(response.startsWith('HTTP/1.1 431')).toBe(true);
  });

  it('runs with header, request and keep-alive timeouts by default', () => {
    const options = serverOptions();
    expect(options).toMatchObject({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 });
    expect(options.connectionsCheckingInterval).toBeLessThanOrEqual(DEFAULT_SERVER_LIMITS.headersTimeoutMs);
    expect(running.server.headersTimeout).toBe(LIMITS.headersTimeoutMs);
    expect(running.server.keepAliveTimeout).toBe(DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs);
  });
});
