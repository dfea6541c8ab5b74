import { cloneRecord, type StoredRecord } from './record-templates.js';
import { pipeCommands } from './resp-pipe.js';

/**
 * Stores `count` copies of a template through `redis-cli --pipe`. Keeps every `sampleEvery`-th
 * new id (a sample spread over the whole set, to look up later).
 */
export async function seedCopies(port: number, prefix: string, template: StoredRecord, count: number, options: { sampleEvery?: number; db?: number } = {}): Promise<string[]> {
  const sampleEvery = options.sampleEvery ?? 0;
  const sample: string[] = [];
  function* commands() {
    for (let i = 0; i < count; i += 1) {
      const { id, commands: text } = cloneRecord(template, prefix);
      if (sampleEvery > 0 && i % sampleEvery === 0) sample.push(id);
      yield text;
    }
  }
  await pipeCommands(port, commands(), options.db ?? 0);
  return sample;
}

/** `INFO memory` used_memory, in bytes. */
export async function usedMemory(info: () => Promise<string>): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await info())?.[1] ?? NaN);
}
