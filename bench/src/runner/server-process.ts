import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest, ServerStats } from '../servers/protocol.js';
import type { MintKind, ServerConfig } from '../servers/types.js';

const CHILD = fileURLToPath(new URL('../servers/server-child.js', import.meta.url));
/** A request without its id (distributed over the union, so each keeps its own members). */
type Body = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;

/** A bench server running in a child process, driven over IPC. */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #url = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: ChildReply) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(reply.error));
    });
    child.on('exit', (code) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`server child exited (${code})`));
      this.#pending.clear();
    });
  }

  /** Forks a child, starts the server in it and waits until it listens. */
  static async start(config: ServerConfig, options: { cpuProfile?: { dir: string; name: string } } = {}): Promise<ServerProcess> {
    const { cpuProfile } = options;
    const execArgv = cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfile.dir}`, `--cpu-prof-name=${cpuProfile.name}`] : [];
    const child = fork(CHILD, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const server = new ServerProcess(child);
    const port = (await server.#send({ type: 'start', config }, 120_000)) as number;
    server.#url = `http://127.0.0.1:${port}`;
    return server;
  }

  /** `http://127.0.0.1:<port>`, which is also the issuer of the oidc-kit and oidc-provider servers. */
  get url(): string {
    return this.#url;
  }

  mint(kind: MintKind, count: number): Promise<string[]> {
    return this.#send({ type: 'mint', kind, count }, 300_000) as Promise<string[]>;
  }

  /** Starts a new measurement of the server's event-loop delay and CPU time. */
  async resetStats(): Promise<void> {
    await this.#send({ type: 'stats-reset' });
  }

  /** Waits (up to a minute) until the server has finished every request it was given. */
  async waitIdle(): Promise<void> {
    await this.#send({ type: 'idle' }, 70_000);
  }

  readStats(): Promise<ServerStats> {
    return this.#send({ type: 'stats-read' }) as Promise<ServerStats>;
  }

  /** Stops the server and waits for the process to end (a CPU profile is written then). */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.#send({ type: 'stop' }, 20_000).catch(() => this.#child.kill('SIGKILL'));
    await exited;
  }

  #send(body: Body, timeoutMs = 10_000): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`server child did not answer ${body.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.#child.send({ ...body, id });
    });
  }
}
