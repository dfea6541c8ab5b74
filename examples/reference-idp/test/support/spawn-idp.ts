import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A free loopback port (bound and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function writeConfig(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-kit-idp-'));
  const path = join(dir, 'idp.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

export interface SpawnedIdp {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has exited by itself. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Runs the built reference IdP (`node dist/main.js`) and waits until it listens (or exits). */
export async function spawnIdp(env: Record<string, string>, { waitFor = 'listening on' } = {}): Promise<SpawnedIdp> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  // 'close' comes after the output streams are drained, so a last line before exiting is seen.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`IdP did not start in 20 s:\n${output}`));
    }, 20_000);
    const check = () => {
      if (output.includes(waitFor)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    exited.then(() => {
      clearTimeout(timer);
      if (output.includes(waitFor)) resolve();
      else reject(new Error(`IdP exited before printing "${waitFor}":\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
