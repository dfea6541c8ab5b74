import * as assert from 'node:assert/strict';

import type { Adapter, AdapterPayload } from '@oidc-kit/core';

import { waitUntil } from '../assertions.js';
import { CONSUMABLE_MODELS, newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

const SHORT_TTL = 2;
const LONG_TTL = 120;

interface Written {
  model: string;
  adapter: Adapter;
  id: string;
  payload: AdapterPayload;
}

/** TTLs: records (and their uid/userCode lookups) vanish after `expiresIn`, others stay. */
export function expiryGroup(ctx: SuiteContext): void {
  ctx.describe('expiry', () => {
    ctx.test('expires records after expiresIn, keeps longer-lived ones, honours re-saved TTLs', async () => {
      const write = async (model: string, ...ttls: number[]): Promise<Written> => {
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        const payload = payloadFor(model, id);
        for (const ttl of ttls) await adapter.upsert(id, payload, ttl);
        return { model, adapter, id, payload };
      };
      const short = await Promise.all(ctx.models.map((model) => write(model, SHORT_TTL)));
      const long = await Promise.all(ctx.models.map((model) => write(model, LONG_TTL)));
      const [model = 'AccessToken'] = ctx.models;
      const shortened = await write(model, LONG_TTL, SHORT_TTL);
      const extended = await write(model, SHORT_TTL, LONG_TTL);

      for (const record of short) {
        assert.deepEqual(await record.adapter.find(record.id), record.payload, `${record.model} visible before expiry`);
      }
      // Consuming must keep the record's TTL (a consumed code still expires).
      for (const record of short.filter((r) => (CONSUMABLE_MODELS as readonly string[]).includes(r.model))) {
        await record.adapter.consume(record.id);
      }

      await waitUntil(
        async () => {
          const found = await Promise.all([...short, shortened].map((r) => r.adapter.find(r.id)));
          return found.every((payload) => payload === undefined || payload === null);
        },
        (SHORT_TTL + 6) * 1000,
        'every record saved with expiresIn 2 expires',
      );

      for (const record of [...long, extended]) {
        assert.deepEqual(await record.adapter.find(record.id), record.payload, `${record.model} with a longer TTL`);
      }
      for (const record of short) {
        if (typeof record.payload.uid === 'string') {
          assert.equal(await record.adapter.findByUid(record.payload.uid) ?? undefined, undefined, 'expired uid lookup');
        }
        if (typeof record.payload.userCode === 'string') {
          const found = await record.adapter.findByUserCode(record.payload.userCode);
          assert.equal(found ?? undefined, undefined, 'expired userCode lookup');
        }
      }
      for (const record of long) {
        if (typeof record.payload.uid === 'string') {
          assert.deepEqual(await record.adapter.findByUid(record.payload.uid), record.payload, 'live uid lookup');
        }
      }
    }, ctx.timeoutMs + (SHORT_TTL + 6) * 1000);
  });
}
