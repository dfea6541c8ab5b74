import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleLogger, type Logger } from '@oidc-kit/core';
import { buildIdp, type BuiltIdp } from './build-idp.js';
import type { Environment } from './environment.js';

export interface RunningIdp extends BuiltIdp {
  server: Server;
  /** Where the server listens (may differ from the issuer behind a proxy). */
  url: string;
  close(): Promise<void>;
}

/** Starts the reference IdP's HTTP server with timeouts that keep slow clients from holding it. */
export async function startServer(env: Environment, logger: Logger = consoleLogger): Promise<RunningIdp> {
  const built = await buildIdp(env, logger);
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000, maxHeaderSize: 16 * 1024 }, built.idp.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    ...built,
    server,
    url: `http://${env.host ?? 'localhost'}:${port}`,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await built.idp.close();
      })();
      return closing;
    },
  };
}
