import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBareProvider } from './bare-provider-server.js';
import { startBcryptServer } from './bcrypt-server.js';
import { startNodeOauthServer } from './node-oauth-server.js';
import { startNoopServer } from './noop-server.js';
import { startOidcKit } from './oidc-kit-server.js';
import type { ChildReply, ChildRequest, ServerStats } from './protocol.js';
import type { BenchServer, ServerConfig } from './types.js';

/**
 * One bench server in its own process (so that it never shares an event loop with the load
 * generator). It listens on 127.0.0.1 with an ephemeral port, reports the port, and answers the
 * bench's IPC requests: mint tokens, read or reset its event-loop delay and CPU time, stop.
 */
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let httpServer: Server | undefined;
let bench: BenchServer | undefined;
let cpuSince = process.cpuUsage();
let mainThreadCpuSince = process.threadCpuUsage();
let inFlight = 0;

function start(config: ServerConfig, issuer: string): Promise<BenchServer> {
  switch (config.kind) {
    case 'noop':
      return startNoopServer();
    case 'bcrypt':
      return startBcryptServer(config);
    case 'node-oauth':
      return startNodeOauthServer();
    case 'bare':
      return startBareProvider(config, issuer);
    case 'bare-login':
      return startBareProvider(config, issuer, true);
    case 'kit-memory':
    case 'kit-redis':
      return startOidcKit(config, issuer);
  }
}

async function listen(): Promise<number> {
  httpServer = createServer({ keepAliveTimeout: 30_000 });
  await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
  return (httpServer.address() as AddressInfo).port;
}

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

async function handle(request: ChildRequest): Promise<unknown> {
  switch (request.type) {
    case 'start': {
      const port = await listen();
      bench = await start(request.config, `http://127.0.0.1:${port}`);
      const listener = bench.listener;
      // Koa's callback returns the request's handling: counted until it settles, even when the
      // client has gone (a password hash queued behind others still runs).
      httpServer!.on('request', (req, res) => {
        const handling = listener(req, res) as unknown;
        if (handling instanceof Promise) {
          inFlight += 1;
          handling.finally(() => (inFlight -= 1)).catch(() => {});
        }
      });
      return port;
    }
    case 'mint':
      if (!bench?.mint) throw new Error('this server mints no tokens');
      return bench.mint(request.kind, request.count);
    case 'stats-reset':
      loop.reset();
      cpuSince = process.cpuUsage();
      mainThreadCpuSince = process.threadCpuUsage();
      return null;
    case 'stats-read': {
      const cpu = process.cpuUsage(cpuSince);
      const mainThread = process.threadCpuUsage(mainThreadCpuSince);
      return {
        loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        mainThreadCpuMs: Math.round((mainThread.user + mainThread.system) / 1000),
      } satisfies ServerStats;
    }
    case 'idle': {
      // Work a load run left behind (requests its end cut off) must not count against the next.
      const deadline = Date.now() + 60_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      return inFlight;
    }
    case 'stop':
      httpServer?.closeAllConnections();
      await new Promise((resolve) => httpServer?.close(resolve) ?? resolve(undefined));
      await bench?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: ChildRequest) => {
  handle(request).then(
    (value) => process.send!({ id: request.id, ok: true, value } satisfies ChildReply),
    (error: unknown) => process.send!({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChildReply),
  );
});
// The bench going away takes its servers with it.
process.on('disconnect', () => process.exit(0));
