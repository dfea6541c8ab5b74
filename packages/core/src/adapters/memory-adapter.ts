import type { Adapter, AdapterFactory, AdapterPayload } from './adapter.js';
import { MemoryStorage } from './memory-storage.js';

export interface MemoryAdapterOptions {
  /** The storage to use; a new one by default. Pass one to share or inspect it. */
  storage?: MemoryStorage;
}

/** One model's view of a `MemoryStorage`. */
class MemoryAdapter implements Adapter {
  readonly #model: string;
  readonly #storage: MemoryStorage;

  constructor(model: string, storage: MemoryStorage) {
    this.#model = model;
    this.#storage = storage;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.#storage.upsert(this.#model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#storage.find(this.#model, id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#storage.findByUid(this.#model, uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#storage.findByUserCode(this.#model, userCode);
  }

  async consume(id: string): Promise<void> {
    this.#storage.consume(this.#model, id);
  }

  async destroy(id: string): Promise<void> {
    this.#storage.destroy(this.#model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.#storage.revokeByGrantId(grantId);
  }
}

/**
 * The in-memory storage adapter: every oidc-provider model in one process's memory, with TTLs,
 * atomic single-use `consume` and grant revocation. For development and tests; records are lost
 * on restart and not shared between instances (use `@oidc-kit/redis-adapter` for that).
 *
 * @example
 * ```ts
 * const storage = new MemoryStorage();
 * const adapter = createMemoryAdapter({ storage });
 * await adapter('AccessToken').upsert('jti', { grantId: 'g1' }, 3600);
 * ```
 */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): AdapterFactory {
  const storage = options.storage ?? new MemoryStorage();
  const adapters = new Map<string, MemoryAdapter>();
  return (model: string) => {
    let adapter = adapters.get(model);
    if (adapter === undefined) {
      adapter = new MemoryAdapter(model, storage);
      adapters.set(model, adapter);
    }
    return adapter;
  };
}
