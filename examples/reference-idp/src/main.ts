#!/usr/bin/env node
import { OidcKitError } from '@oidc-kit/core';
import { createLogger } from './create-logger.js';
import { readEnvironment } from './environment.js';
import { startServer } from './server.js';

try {
  const env = readEnvironment();
  const logger = createLogger({ level: env.logLevel });
  const running = await startServer(env, logger);
  const { idp, config, usingDemoData } = running;
  // Before anything is printed: whoever waits for the start-up lines may signal at once.
  const shutdown = (signal: string) => {
    logger.info({ signal, inFlightTimeoutMs: env.shutdownTimeoutMs }, `${signal} received, shutting down`);
    // A last resort beyond the drain timeout, should closing storage hang.
    const timer = setTimeout(() => process.exit(1), env.shutdownTimeoutMs + 5_000);
    timer.unref();
    running.close().then(
      () => {
        logger.info({ signal }, 'shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const discovery = `${idp.issuer}/.well-known/openid-configuration`;
  logger.info({ url: running.url, issuer: idp.issuer, discovery, bcrypt: idp.passwords.implementation }, `oidc-kit reference IdP listening on ${running.url} (issuer ${idp.issuer})`);
  // The demo banner is for a person at a terminal (development only: production refuses demo data).
  if (usingDemoData) {
    const client = config.clients?.[0];
    const user = config.users?.[0];
    console.log(`demo client: client_id=${client?.client_id} client_secret=${client?.client_secret} redirect_uri=${client?.redirect_uris?.[0]}`);
    console.log(`demo user: username=${user?.username} password=${user?.password}`);
  }
} catch (error) {
  if (error instanceof OidcKitError) {
    console.error(`oidc-kit: configuration error: ${error.message}`);
  } else {
    console.error(`oidc-kit: failed to start: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exit(1);
}
