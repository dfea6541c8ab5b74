import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

const UNICODE = 'Grüße — 日本語 — العربية — 🔑🧪👩🏽‍💻 — e\u0301 — \u2028\u2029 — \u0000 — "quoted" \\ back';

/** Payload fidelity: large records, unicode in values and ids, JSON value types. */
export function payloadsGroup(ctx: SuiteContext): void {
  ctx.describe('payloads', () => {
    ctx.test(`round-trips a large payload (~${Math.round(ctx.largePayloadBytes / 1000)} kB)`, async () => {
      const [model = 'Session'] = ctx.pick(['Session', ...ctx.models]);
      const adapter = await ctx.adapter(model);
      const id = newId(model);
      const blob = randomBytes(Math.ceil((ctx.largePayloadBytes * 3) / 4)).toString('base64url');
      const payload = payloadFor(model, id, { blob, items: Array.from({ length: 1000 }, (_, i) => ({ i, s: `item-${i}` })) });
      await adapter.upsert(id, payload, 60);
      const found = await adapter.find(id);
      assert.equal(found?.blob, blob, 'large string changed');
      assert.deepEqual(found, payload);
    }, ctx.timeoutMs);

    ctx.test('round-trips unicode values and JSON types', async () => {
      for (const model of ctx.models) {
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        const payload = payloadFor(model, id, {
          text: UNICODE,
          [UNICODE]: 'unicode key',
          types: { int: 2 ** 53 - 1, negative: -1.5, yes: true, no: false, nothing: null, empty: [], none: {} },
        });
        await adapter.upsert(id, payload, 60);
        assert.deepEqual(await adapter.find(id), payload, model);
      }
    }, ctx.timeoutMs);

    ctx.test('accepts unicode ids, uids and user codes', async () => {
      for (const model of ctx.models) {
        const adapter = await ctx.adapter(model);
        const id = `ключ-🔑-${newId(model)}`;
        const extra = model === 'Session' ? { uid: `uid-日本-${newId()}` } : model === 'DeviceCode' ? { userCode: `КОД-${newId()}` } : {};
        const payload = payloadFor(model, id, extra);
        await adapter.upsert(id, payload, 60);
        assert.deepEqual(await adapter.find(id), payload, `${model}: unicode id`);
        if (model === 'Session') assert.deepEqual(await adapter.findByUid(payload.uid as string), payload);
        if (model === 'DeviceCode') assert.deepEqual(await adapter.findByUserCode(payload.userCode as string), payload);
        await adapter.destroy(id);
        assert.equal(await adapter.find(id) ?? undefined, undefined, `${model}: destroy by unicode id`);
      }
    }, ctx.timeoutMs);
  });
}
