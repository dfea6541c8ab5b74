import * as assert from 'node:assert/strict';

import { newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

/** `destroy` removes the record and the lookups that led to it. */
export function destroyGroup(ctx: SuiteContext): void {
  ctx.describe('destroy', () => {
    ctx.test('removes the record, for every model', async () => {
      await Promise.all(
        ctx.models.map(async (model) => {
          const adapter = await ctx.adapter(model);
          const [kept, gone] = [newId(model), newId(model)];
          await adapter.upsert(kept, payloadFor(model, kept), 60);
          await adapter.upsert(gone, payloadFor(model, gone), 60);
          await adapter.destroy(gone);
          assert.equal(await adapter.find(gone) ?? undefined, undefined, `${model}: destroyed`);
          assert.notEqual(await adapter.find(kept) ?? undefined, undefined, `${model}: the other record stays`);
        }),
      );
    }, ctx.timeoutMs);

    ctx.test('of an unknown id resolves', async () => {
      for (const model of ctx.models) await (await ctx.adapter(model)).destroy(newId('unknown'));
    }, ctx.timeoutMs);

    ctx.test('cleans up: uid and userCode lookups of a destroyed record find nothing', async () => {
      for (const [model, lookup] of [['Session', 'uid'], ['DeviceCode', 'userCode']] as const) {
        if (!ctx.models.includes(model)) continue;
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        const payload = payloadFor(model, id);
        await adapter.upsert(id, payload, 60);
        await adapter.destroy(id);
        const found = lookup === 'uid'
          ? await adapter.findByUid(payload.uid as string)
          : await adapter.findByUserCode(payload.userCode as string);
        assert.equal(found ?? undefined, undefined, `${model}: ${lookup} after destroy`);
      }
    }, ctx.timeoutMs);
  });
}
