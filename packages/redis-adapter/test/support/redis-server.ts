import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';

/** A redis-server this test run started, on 127.0.0.1. */
export interface RedisServer {
  port: number;
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and removes its directory. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// If the runner dies, take the servers with it (synchronous kill: 'exit' allows nothing else).
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Throws a clear error when redis-server is not installed: these suites never skip silently. */
export function assertRedisInstalled(): void {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (found.error !== undefined || found.status !== 0) {
    throw new Error(
      'redis-server was not found on PATH. The Redis adapter tests need a real Redis (standalone and Cluster) ' +
        'and do not skip: install it (e.g. `apt-get install -y redis-server`) and run again.' +
        (process.env.CI === 'true' ? ' (CI=true)' : ''),
    );
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts redis-server without persistence on `port` (a free one by default) and waits for PING. */
export async function startRedisServer(options: { port?: number; args?: string[] } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'oidc-kit-redis-'));
  return spawnRedis(port, dir, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(options.args ?? [])]);
}

/** Starts a Redis Sentinel on a free port, watching the master group `mymaster` at `masterPort`. */
export async function startRedisSentinel(masterPort: number): Promise<RedisServer> {
  const port = await freePort();
  // Sentinel rewrites its config file: it lives in a directory of its own.
  const dir = mkdtempSync(join(tmpdir(), 'oidc-kit-sentinel-'));
  const config = join(dir, 'sentinel.conf');
  writeFileSync(config, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor mymaster 127.0.0.1 ${masterPort} 1\n`);
  return spawnRedis(port, dir, [config, '--sentinel']);
}

/** Runs redis-server with `args`, owning `dir` (removed at stop), and waits for PING on `port`. */
async function spawnRedis(port: number, dir: string, args: string[]): Promise<RedisServer> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child), () => undefined);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForPing(port, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`redis-server on port ${port} did not start: ${(error as Error).message}\n${output}`);
  }
  return { port, stop };
}

/** Polls PING until it answers (at most ~10 s), or the process died. */
export async function waitForPing(port: number, died: () => boolean = () => false): Promise<void> {
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (died()) throw new Error('process exited');
      try {
        if (probe.status !== 'ready') await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        probe.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no PONG within 10 s');
  } finally {
    probe.disconnect();
  }
}
