import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { addUsers, ALICE, BOB, grantClients, tokenRequest, type HttpResult } from './grant-support.js';

describe('password grant brute-force throttling', () => {
  let t: TestIdp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(password?: { maxFailures?: number; windowSeconds?: number }): Promise<TestIdp> {
    t = await startIdp({ scopes: ['api'], clients: grantClients(), ...(password ? { grants: { password } } : {}) });
    await addUsers(t);
    return t;
  }
  const attempt = (idp: TestIdp, username: string, password: string): Promise<HttpResult> =>
    tokenRequest(idp, 'password-app', { grant_type: 'password', username, password, scope: 'openid' });

  it('refuses a username with 429 and Retry-After after 5 failures (the default) of 20, while another user still signs in', async () => {
    const idp = await start();
    const statuses: number[] = [];
    let throttled: HttpResult | undefined;
    for (let i = 0; i < 20; i += 1) {
      const answer = await attempt(idp, ALICE.username, `wrong password ${i}`);
      statuses.push(answer.status);
      if (answer.status === 429) throttled ??= answer;
    }
    expect(statuses).toEqual([...Array<number>(5).fill(400), ...Array<number>(15).fill(429)]);
    expect(throttled!.body.error).toBe('invalid_request');
    expect(throttled!.body.error_description).toMatch(/too many/);
    const retryAfter = Number(throttled!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // Even the right password is refused while the username is throttled…
    expect((await attempt(idp, ALICE.username, ALICE.password)).status).toBe(429);
    // …also when spelled differently (the count is per folded login name)…
    expect((await attempt(idp, 'ALICE', ALICE.password)).status).toBe(429);
    // …but another user from the same address is not held up.
    const bob = await attempt(idp, BOB.username, BOB.password);
    expect(bob.status).toBe(200);
    expect(bob.body.access_token).toEqual(expect.any(String));
  });

  it('honours grants.password.maxFailures and lets the user in again once the window has passed', async () => {
    const idp = await start({ maxFailures: 2, windowSeconds: 2 });
    expect((await attempt(idp, ALICE.username, 'wrong 1')).status).toBe(400);
    expect((await attempt(idp, ALICE.username, 'wrong 2')).status).toBe(400);
    const refused = await attempt(idp, ALICE.username, ALICE.password);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);

    await sleep(retryAfter * 1000 + 100);
    let answer = await attempt(idp, ALICE.username, ALICE.password);
    // The window is measured in whole seconds by the store; allow it a few more short waits.
    for (let i = 0; i < 5 && answer.status === 429; i += 1) {
      await sleep(250);
      answer = await attempt(idp, ALICE.username, ALICE.password);
    }
    expect(answer.status).toBe(200);
  });

  it('counts failures per client address as well, at 20 times the per-username limit', async () => {
    const idp = await start({ maxFailures: 1, windowSeconds: 60 });
    // 20 different usernames, one failure each: every one is refused only as invalid.
    for (let i = 0; i < 20; i += 1) {
      expect((await attempt(idp, `user-${i}`, 'wrong')).status).toBe(400);
    }
    // The address has now failed 20 times (1 × 20): even Bob's right password waits.
    const answer = await attempt(idp, BOB.username, BOB.password);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBeTruthy();
  });
});
