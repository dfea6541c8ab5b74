import * as assert from 'node:assert/strict';

import { GRANT_BOUND_MODELS, newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

/** `revokeByGrantId` removes that grant's records of every model, and nothing else. */
export function revokeGroup(ctx: SuiteContext): void {
  const models = ctx.pick(GRANT_BOUND_MODELS);
  if (models.length === 0) return;
  const absent = (value: unknown) => value === undefined || value === null;

  ctx.describe('revokeByGrantId', () => {
    ctx.test("removes that grant's records across models, and only those", async () => {
      const [revoked, other] = [newId('grant'), newId('grant')];
      const save = async (model: string, grantId: string) => {
        const id = newId(model);
        await (await ctx.adapter(model)).upsert(id, payloadFor(model, id, { grantId }), 60);
        return { model, id };
      };
      const doomed = await Promise.all(models.map((model) => save(model, revoked)));
      const kept = await Promise.all(models.map((model) => save(model, other)));
      // The Grant record itself (id = grantId, no grantId member) is destroyed by the provider, not here.
      const unrelated = ctx.pick(['Grant', 'Session']).map((model) => ({ model, id: model === 'Grant' ? revoked : newId(model) }));
      for (const { model, id } of unrelated) await (await ctx.adapter(model)).upsert(id, payloadFor(model, id), 60);

      await (await ctx.adapter(models[0]!)).revokeByGrantId(revoked);

      for (const { model, id } of doomed) {
        assert.ok(absent(await (await ctx.adapter(model)).find(id)), `${model} of the revoked grant is gone`);
      }
      for (const { model, id } of [...kept, ...unrelated]) {
        assert.ok(!absent(await (await ctx.adapter(model)).find(id)), `${model} ${id} survives`);
      }
    }, ctx.timeoutMs);

    ctx.test('revokes grants with many records', async () => {
      const grantId = newId('grant');
      const ids = await Promise.all(
        Array.from({ length: 200 }, async (_, index) => {
          const model = models[index % models.length]!;
          const id = newId(model);
          await (await ctx.adapter(model)).upsert(id, payloadFor(model, id, { grantId }), 60);
          return { model, id };
        }),
      );
      await (await ctx.adapter(models[0]!)).revokeByGrantId(grantId);
      const found = await Promise.all(ids.map(async ({ model, id }) => (await ctx.adapter(model)).find(id)));
      assert.equal(found.filter((payload) => !absent(payload)).length, 0, 'records left after revocation');
    }, ctx.timeoutMs);

    ctx.test('follows a record that moved to another grant', async () => {
      const model = models[0]!;
      const adapter = await ctx.adapter(model);
      const [before, after, id] = [newId('grant'), newId('grant'), newId(model)];
      await adapter.upsert(id, payloadFor(model, id, { grantId: before }), 60);
      const moved = payloadFor(model, id, { grantId: after });
      await adapter.upsert(id, moved, 60);
      await adapter.revokeByGrantId(before);
      assert.deepEqual(await adapter.find(id), moved, 'revoking the old grant removed the record');
      await adapter.revokeByGrantId(after);
      assert.ok(absent(await adapter.find(id)), 'revoking the new grant removes it');
    }, ctx.timeoutMs);

    ctx.test('removes the userCode lookup of a revoked device code', async () => {
      if (!models.includes('DeviceCode')) return;
      const adapter = await ctx.adapter('DeviceCode');
      const id = newId('DeviceCode');
      const payload = payloadFor('DeviceCode', id);
      await adapter.upsert(id, payload, 60);
      await adapter.revokeByGrantId(payload.grantId!);
      assert.ok(absent(await adapter.findByUserCode(payload.userCode!)), 'userCode still resolves');
    }, ctx.timeoutMs);

    ctx.test('of an unknown grant resolves', async () => {
      await (await ctx.adapter(models[0]!)).revokeByGrantId(newId('grant'));
    }, ctx.timeoutMs);
  });
}
