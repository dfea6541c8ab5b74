import { createPasswordHasher, type ClientMetadata, type Logger } from '@oidc-kit/core';
import { readEnvironment } from '../../src/environment.js';
import { startServer, type RunningIdp } from '../../src/server.js';
import { freePort, writeConfig } from './spawn-idp.js';

export const ALICE = { username: 'alice', email: 'alice@example.com', password: 'correct horse battery staple', name: 'Alice Example' };

/** A logger that keeps every line in memory (the core's Logger shape). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (object: Record<string, unknown>, message?: string) => {
    lines.push(JSON.stringify({ level, ...object, msg: message }));
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export interface TestIdp {
  running: RunningIdp;
  issuer: string;
  close(): Promise<void>;
}

/**
 * The reference IdP in this process (`startServer`, as `main.ts` runs it) on 127.0.0.1, from a
 * config file with these clients and Alice (a cost-4 hash, so that sign-ins are quick).
 */
export async function startTestIdp(options: { clients: ClientMetadata[]; logger?: Logger; env?: Record<string, string>; extraConfig?: Record<string, unknown> }): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const hasher = createPasswordHasher({ cost: 4 });
  const passwordHash = await hasher.hash(ALICE.password);
  await hasher.close();
  const configPath = await writeConfig({
    issuer,
    clients: options.clients,
    users: [{ id: 'alice-id', username: ALICE.username, email: ALICE.email, email_verified: true, password_hash: passwordHash, roles: ['user'], claims: { name: ALICE.name } }],
    passwords: { cost: 4 },
    ...options.extraConfig,
  });
  const env = readEnvironment({ PORT: String(port), HOST: '127.0.0.1', IDP_CONFIG: configPath, ...options.env });
  const running = await startServer(env, options.logger ?? memoryLogger());
  return { running, issuer, close: () => running.close() };
}
