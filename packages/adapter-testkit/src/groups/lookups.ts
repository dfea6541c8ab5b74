import * as assert from 'node:assert/strict';

import { newId, payloadFor } from '../fixtures.js';
import type { SuiteContext } from '../suite-context.js';

/** `findByUid` (Session) and `findByUserCode` (DeviceCode). */
export function lookupsGroup(ctx: SuiteContext): void {
  const cases = ([['Session', 'uid'], ['DeviceCode', 'userCode']] as const).filter(([m]) => ctx.models.includes(m));
  if (cases.length === 0) return;

  ctx.describe('findByUid and findByUserCode', () => {
    for (const [model, field] of cases) {
      const find = async (value: string) => {
        const adapter = await ctx.adapter(model);
        return field === 'uid' ? adapter.findByUid(value) : adapter.findByUserCode(value);
      };

      ctx.test(`${model}: finds the record by its ${field}`, async () => {
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        const payload = payloadFor(model, id);
        await adapter.upsert(id, payload, 60);
        assert.deepEqual(await find(payload[field] as string), payload);
        assert.equal(await find(newId(field)) ?? undefined, undefined, `unknown ${field}`);
      }, ctx.timeoutMs);

      ctx.test(`${model}: follows a changed ${field}`, async () => {
        const adapter = await ctx.adapter(model);
        const id = newId(model);
        const first = payloadFor(model, id);
        const second = payloadFor(model, id, { [field]: newId(field) });
        await adapter.upsert(id, first, 60);
        await adapter.upsert(id, second, 60);
        assert.deepEqual(await find(second[field] as string), second, `new ${field}`);
        assert.equal(await find(first[field] as string) ?? undefined, undefined, `old ${field}`);
      }, ctx.timeoutMs);
    }
  });
}
