import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAdapter, type AdapterFactory } from '../../src/index.js';
import { addAlice, ALICE, flowFixtures, REDIRECT_URI } from '../support/fixtures.js';
import { formActions, formFields, HttpSession } from '../support/http-session.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

describe('interaction forms read the interaction once', () => {
  let t: TestIdp;
  let interactionReads = 0;

  beforeAll(async () => {
    const memory = createMemoryAdapter();
    const counting: AdapterFactory = (model) => {
      const adapter = memory(model);
      if (model !== 'Interaction') return adapter;
      return new Proxy(adapter, {
        get(target, name) {
          const method = Reflect.get(target, name) as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => {
            if (name === 'find') interactionReads += 1;
            return method.apply(target, args);
          };
        },
      });
    };
    const fixtures = await flowFixtures({ adapter: counting });
    t = await startIdp(fixtures.options);
    await addAlice(t.idp.accounts as never);
  });
  afterAll(() => t?.close());

  /** Posts the page's form (sign-in fields when it asks for them) and counts the interaction reads of that one request. */
  async function postPage(session: HttpSession, html: string, action: string) {
    const fields = { ...formFields(html), username: ALICE.username, password: ALICE.password };
    interactionReads = 0;
    const response = await session.postForm(formActions(html).find((a) => a.endsWith(action))!, fields);
    return { response, reads: interactionReads };
  }

  it('signs in and consents with one interaction read per form post, and the authorization completes', async () => {
    const session = new HttpSession();
    const url = `${t.issuer}/auth?client_id=confidential&response_type=code&scope=openid%20profile&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`;
    const loginPage = await (await session.follow(url, t.origin)).response.text();

    const login = await postPage(session, loginPage, '/login');
    expect(login.response.status).toBe(303);
    expect(login.reads).toBe(1);

    const consentPage = await (await session.follow(new URL(login.response.headers.get('location')!, t.issuer).href, t.origin)).response.text();
    const consent = await postPage(session, consentPage, '/confirm');
    expect(consent.response.status).toBe(303);
    expect(consent.reads).toBe(1);

    // The saved results (sign-in, then consent merged with it) carry the authorization through.
    const done = await session.follow(new URL(consent.response.headers.get('location')!, t.issuer).href, t.origin);
    const callback = new URL(done.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
  });
});
