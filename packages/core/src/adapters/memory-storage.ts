import { errors } from 'oidc-provider';

import type { AdapterPayload } from './adapter.js';
import { ExpiringMap, expiryFrom } from './expiring-map.js';
import type { ExpiresAt } from './expiring-map.js';

export interface MemoryStorageOptions {
  /**
   * How often (at most) expired records are freed, in seconds; default 60. Sweeps run on
   * writes, never on a timer, so an idle storage keeps no timer and no process alive.
   */
  sweepIntervalSeconds?: number;
}

/**
 * A stored record: its payload as JSON text, and the fields indexes and `consume` need. Text,
 * as every other adapter stores it: each read parses a private copy (a caller that mutates a
 * payload cannot change what is stored), and a large store is a few strings per record for the
 * garbage collector to trace, not a graph of objects.
 */
interface StoredRecord {
  json: string;
  uid?: string;
  userCode?: string;
  grantId?: string;
  /** Set by `consume` (epoch seconds). */
  consumed?: number;
  /** The payload was saved already consumed (it carries its own `consumed`). */
  savedConsumed?: true;
}

function snapshot(payload: AdapterPayload): StoredRecord {
  const record: StoredRecord = { json: JSON.stringify(payload) };
  if (typeof payload.uid === 'string') record.uid = payload.uid;
  if (typeof payload.userCode === 'string') record.userCode = payload.userCode;
  if (typeof payload.grantId === 'string') record.grantId = payload.grantId;
  if (payload.consumed) record.savedConsumed = true;
  return record;
}

function payloadOf(record: StoredRecord): AdapterPayload {
  const payload = JSON.parse(record.json) as AdapterPayload;
  if (record.consumed !== undefined && !payload.consumed) payload.consumed = record.consumed;
  return payload;
}

/** One model's records and its lookup indexes, each keyed by the plain id (no composite key to build and hash per lookup). */
interface ModelTable {
  records: ExpiringMap<StoredRecord>;
  /** uid → id. */
  uids: ExpiringMap<string>;
  /** userCode → id. */
  userCodes: ExpiringMap<string>;
}

/**
 * The data behind in-memory adapters: one `MemoryStorage` per identity provider, shared by
 * every model's adapter (so that `revokeByGrantId` reaches tokens of all models). Not shared
 * between processes: development and tests only.
 *
 * Records are kept as JSON text (see `StoredRecord`).
 */
export class MemoryStorage {
  /** model → its table. */
  readonly #tables = new Map<string, ModelTable>();
  /** grantId → model → id → expiry: the members `revokeByGrantId` removes. */
  readonly #grants = new Map<string, Map<string, Map<string, ExpiresAt>>>();
  readonly #sweepIntervalMs: number;
  #lastSweep = Date.now();

  constructor(options: MemoryStorageOptions = {}) {
    const seconds = options.sweepIntervalSeconds ?? 60;
    if (!(typeof seconds === 'number' && seconds > 0)) {
      throw new TypeError('sweepIntervalSeconds must be a positive number');
    }
    this.#sweepIntervalMs = seconds * 1000;
  }

  find(model: string, id: string): AdapterPayload | undefined {
    const stored = this.#tables.get(model)?.records.get(id);
    return stored === undefined ? undefined : payloadOf(stored);
  }

  findByUid(model: string, uid: string): AdapterPayload | undefined {
    const id = this.#tables.get(model)?.uids.get(uid);
    const found = id === undefined ? undefined : this.find(model, id);
    return found?.uid === uid ? found : undefined;
  }

  findByUserCode(model: string, userCode: string): AdapterPayload | undefined {
    const id = this.#tables.get(model)?.userCodes.get(userCode);
    const found = id === undefined ? undefined : this.find(model, id);
    return found?.userCode === userCode ? found : undefined;
  }

  upsert(model: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    const now = Date.now();
    this.#maybeSweep(now);
    const table = this.#table(model);
    const previous = table.records.get(id, now);
    if (previous !== undefined) this.#dropIndexes(table, model, id, previous);

    const expiresAt = expiryFrom(expiresIn, now);
    table.records.set(id, snapshot(payload), expiresAt);
    if (typeof payload.uid === 'string') table.uids.set(payload.uid, id, expiresAt);
    if (typeof payload.userCode === 'string') table.userCodes.set(payload.userCode, id, expiresAt);
    if (typeof payload.grantId === 'string') {
      let members = this.#grants.get(payload.grantId);
      if (members === undefined) this.#grants.set(payload.grantId, (members = new Map()));
      let ids = members.get(model);
      if (ids === undefined) members.set(model, (ids = new Map()));
      ids.set(id, expiresAt);
    }
  }

  /**
   * Marks the record consumed. Check and mark happen in one synchronous step, so of several
   * concurrent calls exactly one succeeds; the others (and calls for unknown or expired
   * records) throw `errors.InvalidGrant`.
   */
  consume(model: string, id: string): void {
    const stored = this.#tables.get(model)?.records.get(id);
    if (stored === undefined || stored.consumed !== undefined || stored.savedConsumed) {
      throw new errors.InvalidGrant(stored === undefined ? 'not found' : 'already consumed');
    }
    stored.consumed = Math.floor(Date.now() / 1000);
  }

  destroy(model: string, id: string): void {
    const table = this.#tables.get(model);
    const previous = table?.records.get(id);
    if (previous !== undefined) this.#dropIndexes(table!, model, id, previous);
    table?.records.delete(id);
  }

  /** Removes every record saved with `grantId`, of any model. */
  revokeByGrantId(grantId: string): void {
    const members = this.#grants.get(grantId);
    this.#grants.delete(grantId);
    for (const [model, ids] of members ?? []) {
      const table = this.#tables.get(model);
      if (table === undefined) continue;
      for (const id of ids.keys()) {
        const stored = table.records.get(id);
        table.records.delete(id);
        if (stored !== undefined) this.#dropIndexes(table, model, id, stored);
      }
    }
  }

  /** Frees expired records and index entries now. */
  sweep(now = Date.now()): void {
    this.#lastSweep = now;
    for (const [model, table] of this.#tables) {
      table.records.sweep(now, (id, record) => this.#dropIndexes(table, model, id, record));
      table.uids.sweep(now);
      table.userCodes.sweep(now);
    }
    for (const [grantId, members] of this.#grants) {
      for (const [model, ids] of members) {
        for (const [id, expiresAt] of ids) if (expiresAt <= now) ids.delete(id);
        if (ids.size === 0) members.delete(model);
      }
      if (members.size === 0) this.#grants.delete(grantId);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.#tables.clear();
    this.#grants.clear();
  }

  /** Records held, including expired ones not yet swept. */
  get size(): number {
    let size = 0;
    for (const table of this.#tables.values()) size += table.records.size;
    return size;
  }

  #table(model: string): ModelTable {
    let table = this.#tables.get(model);
    if (table === undefined) {
      table = { records: new ExpiringMap(), uids: new ExpiringMap(), userCodes: new ExpiringMap() };
      this.#tables.set(model, table);
    }
    return table;
  }

  #maybeSweep(now: number): void {
    if (now - this.#lastSweep >= this.#sweepIntervalMs) this.sweep(now);
  }

  /** Drops the index entries that still point at this record. */
  #dropIndexes(table: ModelTable, model: string, id: string, record: StoredRecord): void {
    if (record.uid !== undefined && table.uids.get(record.uid) === id) table.uids.delete(record.uid);
    if (record.userCode !== undefined && table.userCodes.get(record.userCode) === id) table.userCodes.delete(record.userCode);
    if (record.grantId !== undefined) {
      const members = this.#grants.get(record.grantId);
      const ids = members?.get(model);
      ids?.delete(id);
      if (ids?.size === 0) members!.delete(model);
      if (members?.size === 0) this.#grants.delete(record.grantId);
    }
  }
}
