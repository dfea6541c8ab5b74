import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import Koa from 'koa';
import { createIdentityProvider, type IdentityProvider, type IdentityProviderOptions, type Logger } from '../../src/index.js';

export interface TestIdp {
  idp: IdentityProvider;
  issuer: string;
  /** Origin of the HTTP server (the issuer minus its path). */
  origin: string;
  server: Server;
  close(): Promise<void>;
}

export type Mount = 'root' | 'prefixed';

/** Logs into memory so tests can assert that nothing secret was logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (object: Record<string, unknown>, message?: string) => {
    lines.push(JSON.stringify({ level, ...object, msg: message }));
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/**
 * Starts an IdP on 127.0.0.1 with an ephemeral port: at the root, or mounted under `/oidc` in a
 * host Koa app that has routes of its own.
 */
export async function startIdp(options: Omit<IdentityProviderOptions, 'issuer'> & { issuer?: string }, mount: Mount = 'root'): Promise<TestIdp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = options.issuer ?? (mount === 'root' ? origin : `${origin}/oidc`);
  const idp = await createIdentityProvider({ logger: memoryLogger(), passwords: { cost: 4 }, ...options, issuer });
  if (mount === 'root') {
    server.on('request', idp.callback());
  } else {
    const host = new Koa();
    host.use(idp.middleware());
    host.use((ctx) => {
      ctx.body = { host: 'app', path: ctx.path };
    });
    server.on('request', host.callback());
  }
  return {
    idp,
    issuer,
    origin,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idp.close();
    },
  };
}

/** A cost-4 bcrypt hash, so that test logins are fast. */
export function fastHash(password: string): string {
  return bcrypt.hashSync(password, 4);
}
