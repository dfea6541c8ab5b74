import type { MintKind, ServerConfig } from './types.js';

/** What the bench asks a server child over IPC; every request carries an id its reply repeats. */
export type ChildRequest =
  | { id: number; type: 'start'; config: ServerConfig }
  | { id: number; type: 'mint'; kind: MintKind; count: number }
  | { id: number; type: 'stats-reset' }
  | { id: number; type: 'stats-read' }
  | { id: number; type: 'idle' }
  | { id: number; type: 'stop' };

export type ChildReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Event-loop delay of the child since the last reset, in milliseconds. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * What the server process spent since the last reset: its event-loop delay and its CPU time
 * (user + system, in ms; worker threads included). CPU time per request holds up on a busy
 * machine where requests per second do not.
 */
export interface ServerStats {
  loop: LoopDelay;
  /** CPU time of the whole process (worker threads included). */
  cpuMs: number;
  /** CPU time of the thread that runs the event loop. */
  mainThreadCpuMs: number;
}
