import * as assert from 'node:assert/strict';

import { assertInvalidGrant, errorCode } from '../assertions.js';
import { CONSUMABLE_MODELS, newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

/** Single-use `consume`: marks once, refuses the second, exactly one of N concurrent wins. */
export function consumeGroup(ctx: SuiteContext): void {
  const models = ctx.pick(CONSUMABLE_MODELS);
  if (models.length === 0) return;

  ctx.describe('consume', () => {
    ctx.test('marks the record consumed and keeps the rest of it', async () => {
      for (const model of models) {
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        const payload = payloadFor(model, id);
        await adapter.upsert(id, payload, 60);
        await adapter.consume(id);
        const found = (await adapter.find(id)) ?? undefined;
        assert.ok(found?.consumed, `${model}: consumed is set`);
        assert.ok(
          typeof found.consumed === 'number' || found.consumed === true,
          `${model}: consumed is an epoch time or true`,
        );
        const { consumed: _consumed, ...rest } = found;
        assert.deepEqual(rest, payload, `${model}: other fields unchanged`);
      }
    }, ctx.timeoutMs);

    ctx.test('a second consume throws invalid_grant', async () => {
      for (const model of models) {
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        await adapter.upsert(id, payloadFor(model, id), 60);
        await adapter.consume(id);
        await assertInvalidGrant(adapter.consume(id), `${model}: second consume`);
      }
    }, ctx.timeoutMs);

    ctx.test('consume of an unknown id throws invalid_grant', async () => {
      const adapter = await ctx.adapter(models[0]!);
      await assertInvalidGrant(adapter.consume(newId('missing')), 'consume unknown');
    }, ctx.timeoutMs);

    ctx.test('a record saved already consumed cannot be consumed', async () => {
      const adapter = await ctx.adapter(models[0]!);
      const id = newId(models[0]);
      await adapter.upsert(id, payloadFor(models[0]!, id, { consumed: Math.floor(Date.now() / 1000) }), 60);
      await assertInvalidGrant(adapter.consume(id), 'consume of a consumed record');
    }, ctx.timeoutMs);

    ctx.test(`of ${ctx.concurrency} concurrent consumes exactly one succeeds`, async () => {
      await Promise.all(
        models.map(async (model) => {
          const adapter = await ctx.adapter(model);
          const id = newId(model);
          await adapter.upsert(id, payloadFor(model, id), 60);
          const outcomes = await Promise.allSettled(Array.from({ length: ctx.concurrency }, () => adapter.consume(id)));
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          assert.equal(won.length, 1, `${model}: exactly one consume succeeds`);
          for (const outcome of outcomes) {
            if (outcome.status === 'rejected') assert.equal(errorCode(outcome.reason), 'invalid_grant', model);
          }
        }),
      );
    }, ctx.timeoutMs);
  });
}
