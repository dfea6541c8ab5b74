#!/usr/bin/env node
import { OidcKitError } from '@oidc-kit/core';
import { readEnvironment } from './environment.js';
import { startServer } from './server.js';

try {
  const env = readEnvironment();
  const running = await startServer(env);
  const { idp, config, usingDemoData } = running;
  console.log(`oidc-kit reference IdP listening on ${running.url} (issuer ${idp.issuer})`);
  console.log(`discovery: ${idp.issuer}/.well-known/openid-configuration`);
  if (usingDemoData) {
    const client = config.clients?.[0];
    const user = config.users?.[0];
    console.log(`demo client: client_id=${client?.client_id} client_secret=${client?.client_secret} redirect_uri=${client?.redirect_uris?.[0]}`);
    console.log(`demo user: username=${user?.username} password=${user?.password}`);
  }
  const shutdown = (signal: string) => {
    console.log(`${signal} received, shutting down`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof OidcKitError) {
    console.error(`oidc-kit: configuration error: ${error.message}`);
  } else {
    console.error(`oidc-kit: failed to start: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exit(1);
}
