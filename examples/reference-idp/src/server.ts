import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleLogger, type Logger } from '@oidc-kit/core';
import { buildIdp, type BuiltIdp } from './build-idp.js';
import type { Environment } from './environment.js';
import { closeGracefully } from './graceful-close.js';
import { createHttpHandler } from './http-handler.js';
import { applyServerLimits, serverOptions, type ServerLimits } from './server-limits.js';

export interface RunningIdp extends BuiltIdp {
  server: Server;
  /** Where the server listens (may differ from the issuer behind a proxy). */
  url: string;
  /**
   * Graceful stop (what SIGTERM does): readiness turns 503, no new connections, in-flight requests
   * finish (cut after `env.shutdownTimeoutMs`), then the IdP and its storage are closed.
   */
  close(): Promise<void>;
}

/** Starts the reference IdP's HTTP server with timeouts that keep slow clients from holding it. */
export async function startServer(env: Environment, logger: Logger = consoleLogger, limits: Partial<ServerLimits> = {}): Promise<RunningIdp> {
  const built = await buildIdp(env, logger);
  const handler = createHttpHandler(built.idp, logger);
  const server = createServer(serverOptions(limits), handler.listener);
  applyServerLimits(server, limits);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.port, env.host, () => resolve());
    });
  } catch (error) {
    await built.idp.close();
    await built.closeStorage?.();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    ...built,
    server,
    url: `http://${env.host ?? 'localhost'}:${port}`,
    close() {
      closing ??= (async () => {
        const { cut } = await closeGracefully(server, handler, env.shutdownTimeoutMs);
        if (cut) logger.warn({ timeoutMs: env.shutdownTimeoutMs }, 'shutdown timeout reached: connections with unfinished requests were cut');
        await built.idp.close();
        await built.closeStorage?.();
      })();
      return closing;
    },
  };
}
