import * as assert from 'node:assert/strict';

import { newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

/** upsert → find for every model, overwrite, model isolation, copies. */
export function roundTripGroup(ctx: SuiteContext): void {
  ctx.describe('upsert and find', () => {
    ctx.test('finds what was saved, for every model', async () => {
      await Promise.all(
        ctx.models.map(async (model) => {
          const adapter = await ctx.adapter(model);
          const id = newId(model);
          const payload = payloadFor(model, id);
          await adapter.upsert(id, payload, 60);
          assert.deepEqual(await adapter.find(id), payload, `${model}: find after upsert`);
        }),
      );
    }, ctx.timeoutMs);

    ctx.test('keeps records without expiresIn', async () => {
      const [model = 'Client'] = ctx.pick(['Client', ...ctx.models]);
      const adapter = await ctx.adapter(model);
      const id = newId(model);
      const payload = payloadFor(model, id);
      await adapter.upsert(id, payload);
      assert.deepEqual(await adapter.find(id), payload);
    }, ctx.timeoutMs);

    ctx.test('returns undefined for an unknown id', async () => {
      for (const model of ctx.models) {
        const adapter = await ctx.adapter(model);
        assert.equal(await adapter.find(newId('unknown')) ?? undefined, undefined, model);
      }
    }, ctx.timeoutMs);

    ctx.test('overwrites: the second upsert replaces the whole record', async () => {
      await Promise.all(
        ctx.models.map(async (model) => {
          const adapter = await ctx.adapter(model);
          const id = newId(model);
          await adapter.upsert(id, payloadFor(model, id, { first: 'only in v1', shared: 1 }), 60);
          const second = payloadFor(model, id, { shared: 2 });
          await adapter.upsert(id, second, 60);
          assert.deepEqual(await adapter.find(id), second, `${model}: find after overwrite`);
        }),
      );
    }, ctx.timeoutMs);

    ctx.test('keeps models apart: one id in two models is two records', async () => {
      const [first, second] = ctx.models;
      if (first === undefined || second === undefined) return;
      const id = newId('shared');
      await (await ctx.adapter(first)).upsert(id, payloadFor(first, id, { which: first }), 60);
      await (await ctx.adapter(second)).upsert(id, payloadFor(second, id, { which: second }), 60);
      assert.equal((await (await ctx.adapter(first)).find(id))?.which, first);
      assert.equal((await (await ctx.adapter(second)).find(id))?.which, second);
      await (await ctx.adapter(first)).destroy(id);
      assert.equal((await (await ctx.adapter(second)).find(id))?.which, second, 'destroy touched another model');
    }, ctx.timeoutMs);

    ctx.test('stores copies: mutating a payload after upsert or after find changes nothing', async () => {
      const [model = 'AccessToken'] = ctx.pick(['AccessToken', ...ctx.models]);
      const adapter = await ctx.adapter(model);
      const id = newId(model);
      const payload = payloadFor(model, id, { nested: { list: [1, 2] } });
      const expected = structuredClone(payload);
      await adapter.upsert(id, payload, 60);
      (payload.nested as { list: number[] }).list.push(3);
      payload.extra = 'added after upsert';
      const found = await adapter.find(id);
      assert.deepEqual(found, expected);
      if (found) (found.nested as { list: number[] }).list.push(4);
      assert.deepEqual(await adapter.find(id), expected);
    }, ctx.timeoutMs);
  });
}
