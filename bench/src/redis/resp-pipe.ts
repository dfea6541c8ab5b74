import { spawn } from 'node:child_process';

/** One Redis command as RESP (the wire format `redis-cli --pipe` reads). */
export function resp(...args: Array<string | number>): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

/**
 * Streams commands into `redis-cli --pipe` (mass insertion: no round-trip per command) and
 * resolves with the number of replies once Redis has answered them all; any error reply fails it.
 */
export async function pipeCommands(port: number, commands: Iterable<string>, db = 0): Promise<number> {
  const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '-n', String(db), '--pipe'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`redis-cli could not start: ${error.message} (Debian: apt-get install -y redis-tools)`)));
    child.once('exit', (code) => resolve(code ?? 1));
  });
  let batch = '';
  for (const command of commands) {
    batch += command;
    if (batch.length > 1 << 20) {
      if (!child.stdin.write(batch)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      batch = '';
    }
  }
  child.stdin.end(batch);
  const code = await exited;
  const errors = Number(/errors: (\d+)/.exec(output)?.[1] ?? NaN);
  const replies = Number(/replies: (\d+)/.exec(output)?.[1] ?? NaN);
  if (code !== 0 || errors !== 0) throw new Error(`redis-cli --pipe failed (exit ${code}): ${output.trim()}`);
  return replies;
}
