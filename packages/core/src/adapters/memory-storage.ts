import { errors } from 'oidc-provider';

import { copyJson } from '../helpers/json-copy.js';
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

/** A stored record: a private copy of its payload, and the fields indexes and `consume` need. */
interface StoredRecord {
  payload: AdapterPayload;
  uid?: string;
  userCode?: string;
  grantId?: string;
  /** Set by `consume` (epoch seconds). */
  consumed?: number;
  /** The payload was saved already consumed (it carries its own `consumed`). */
  savedConsumed?: true;
}

function snapshot(payload: AdapterPayload): StoredRecord {
  const record: StoredRecord = { payload: copyJson(payload) };
  if (typeof payload.uid === 'string') record.uid = payload.uid;
  if (typeof payload.userCode === 'string') record.userCode = payload.userCode;
  if (typeof payload.grantId === 'string') record.grantId = payload.grantId;
  if (payload.consumed) record.savedConsumed = true;
  return record;
}

function payloadOf(record: StoredRecord): AdapterPayload {
  const payload = copyJson(record.payload);
  if (record.consumed !== undefined && !payload.consumed) payload.consumed = record.consumed;
  return payload;
}

/** `Model:id`: model names never contain a colon, so the first one splits the key. */
function recordKey(model: string, id: string): string {
  return `${model}:${id}`;
}

function splitKey(key: string): { model: string; id: string } {
  const at = key.indexOf(':');
  return { model: key.slice(0, at), id: key.slice(at + 1) };
}

/**
 * The data behind in-memory adapters: one `MemoryStorage` per identity provider, shared by
 * every model's adapter (so that `revokeByGrantId` reaches tokens of all models). Not shared
 * between processes: development and tests only.
 *
 * Records are copied on the way in and on the way out (with JSON's rules, as every other adapter
 * stores them), so a caller that mutates a payload cannot change what is stored.
 */
export class MemoryStorage {
  readonly #records = new ExpiringMap<StoredRecord>();
  /** `Model:uid` → id. */
  readonly #uids = new ExpiringMap<string>();
  /** `Model:userCode` → id. */
  readonly #userCodes = new ExpiringMap<string>();
  /** grantId → record key → expiry: the members `revokeByGrantId` removes. */
  readonly #grants = new Map<string, Map<string, ExpiresAt>>();
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
    const stored = this.#records.get(recordKey(model, id));
    return stored === undefined ? undefined : payloadOf(stored);
  }

  findByUid(model: string, uid: string): AdapterPayload | undefined {
    const id = this.#uids.get(recordKey(model, uid));
    const found = id === undefined ? undefined : this.find(model, id);
    return found?.uid === uid ? found : undefined;
  }

  findByUserCode(model: string, userCode: string): AdapterPayload | undefined {
    const id = this.#userCodes.get(recordKey(model, userCode));
    const found = id === undefined ? undefined : this.find(model, id);
    return found?.userCode === userCode ? found : undefined;
  }

  upsert(model: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    const now = Date.now();
    this.#maybeSweep(now);
    const key = recordKey(model, id);
    const previous = this.#records.get(key, now);
    if (previous !== undefined) this.#dropIndexes(key, previous);

    const expiresAt = expiryFrom(expiresIn, now);
    this.#records.set(key, snapshot(payload), expiresAt);
    if (typeof payload.uid === 'string') this.#uids.set(recordKey(model, payload.uid), id, expiresAt);
    if (typeof payload.userCode === 'string') {
      this.#userCodes.set(recordKey(model, payload.userCode), id, expiresAt);
    }
    if (typeof payload.grantId === 'string') {
      const members = this.#grants.get(payload.grantId) ?? new Map<string, ExpiresAt>();
      members.set(key, expiresAt);
      this.#grants.set(payload.grantId, members);
    }
  }

  /**
   * Marks the record consumed. Check and mark happen in one synchronous step, so of several
   * concurrent calls exactly one succeeds; the others (and calls for unknown or expired
   * records) throw `errors.InvalidGrant`.
   */
  consume(model: string, id: string): void {
    const stored = this.#records.get(recordKey(model, id));
    if (stored === undefined || stored.consumed !== undefined || stored.savedConsumed) {
      throw new errors.InvalidGrant(stored === undefined ? 'not found' : 'already consumed');
    }
    stored.consumed = Math.floor(Date.now() / 1000);
  }

  destroy(model: string, id: string): void {
    const key = recordKey(model, id);
    const previous = this.#records.get(key);
    if (previous !== undefined) this.#dropIndexes(key, previous);
    this.#records.delete(key);
  }

  /** Removes every record saved with `grantId`, of any model. */
  revokeByGrantId(grantId: string): void {
    const members = this.#grants.get(grantId);
    this.#grants.delete(grantId);
    for (const key of members?.keys() ?? []) {
      const stored = this.#records.get(key);
      this.#records.delete(key);
      if (stored !== undefined) this.#dropIndexes(key, stored);
    }
  }

  /** Frees expired records and index entries now. */
  sweep(now = Date.now()): void {
    this.#lastSweep = now;
    this.#records.sweep(now, (key, payload) => this.#dropIndexes(key, payload));
    this.#uids.sweep(now);
    this.#userCodes.sweep(now);
    for (const [grantId, members] of this.#grants) {
      for (const [key, expiresAt] of members) if (expiresAt <= now) members.delete(key);
      if (members.size === 0) this.#grants.delete(grantId);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.#records.clear();
    this.#uids.clear();
    this.#userCodes.clear();
    this.#grants.clear();
  }

  /** Records held, including expired ones not yet swept. */
  get size(): number {
    return this.#records.size;
  }

  #maybeSweep(now: number): void {
    if (now - this.#lastSweep >= this.#sweepIntervalMs) this.sweep(now);
  }

  /** Drops the index entries that still point at this record. */
  #dropIndexes(key: string, record: StoredRecord): void {
    const { model, id } = splitKey(key);
    if (record.uid !== undefined) {
      const uidKey = recordKey(model, record.uid);
      if (this.#uids.get(uidKey) === id) this.#uids.delete(uidKey);
    }
    if (record.userCode !== undefined) {
      const codeKey = recordKey(model, record.userCode);
      if (this.#userCodes.get(codeKey) === id) this.#userCodes.delete(codeKey);
    }
    if (record.grantId !== undefined) {
      const members = this.#grants.get(record.grantId);
      members?.delete(key);
      if (members?.size === 0) this.#grants.delete(record.grantId);
    }
  }
}
