import { Worker } from 'node:worker_threads';

/** What a pooled worker posts back for each message it receives. */
export type WorkerReply = { ok: true; value: unknown } | { ok: false; message: string };

/** A fixed-size pool of `eval` workers that each handle one message at a time, in order. */
export interface WorkerPool {
  /** Queues `message` for the next free worker; resolves with the value the worker replies. */
  run(message: unknown): Promise<unknown>;
  /** Terminates the workers; queued and running calls reject. */
  close(): Promise<void>;
}

interface Task {
  message: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

/**
 * Starts workers lazily (up to `size`) from an inline CommonJS `source`, so the same code runs
 * from compiled `dist/` and from `src/` under a TypeScript test runner. Idle workers are
 * `unref`'d: they never keep the process alive; a busy one is ref'd so an awaited call completes.
 */
export function createWorkerPool(options: { size: number; source: string; workerData?: unknown }): WorkerPool {
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(options.source, { eval: true, workerData: options.workerData });
    const slot: Slot = { worker, task: undefined };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => finish(slot, reply));
    // 'error' is followed by 'exit'; both retire the slot, once.
    worker.on('error', () => retire(slot));
    worker.on('exit', () => retire(slot));
    slots.push(slot);
    return slot;
  }

  function finish(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    slot.task = undefined;
    slot.worker.unref();
    if (task) {
      if (reply.ok) task.resolve(reply.value);
      else task.reject(new Error(reply.message));
    }
    pump();
  }

  function retire(slot: Slot): void {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    slots.splice(index, 1);
    const task = slot.task;
    slot.task = undefined;
    task?.reject(new Error(closed ? 'worker pool is closed' : 'worker stopped unexpectedly'));
    pump();
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = slots.find((s) => s.task === undefined) ?? (slots.length < options.size ? spawn() : undefined);
      if (!slot) return;
      const task = queue.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage(task.message);
    }
  }

  return {
    run(message) {
      if (closed) return Promise.reject(new Error('worker pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ message, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('worker pool is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
