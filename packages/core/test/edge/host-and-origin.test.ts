import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlice, ALICE, flowFixtures, REDIRECT_URI } from '../support/fixtures.js';
import { formActions, formFields } from '../support/http-session.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest, rawSocketRequest } from './support/raw-http.js';
import { RawSession } from './support/raw-session.js';

const PUBLIC_ORIGIN = 'https://login.example.com';
const DISCOVERY = '/.well-known/openid-configuration';
const URL_MEMBERS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint', 'introspection_endpoint', 'revocation_endpoint'];

function authorizationPath(): string {
  const params = new URLSearchParams({ client_id: 'confidential', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', state: 'st' });
  return `/auth?${params}`;
}

describe('Host header and public origins', () => {
  let t: TestIdp;
  const onServer = (url: string) => {
    const parsed = new URL(url);
    return `${t.origin}${parsed.pathname}${parsed.search}`;
  };

  beforeAll(async () => {
    t = await startIdp((await flowFixtures({ publicOrigins: [PUBLIC_ORIGIN] })).options);
    await addAlice(t.idp.accounts as never);
  });
  afterAll(() => t?.close());

  it('publishes the issuer\'s URLs for the issuer\'s own Host', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`);
    expect(response.status).toBe(200);
    const metadata = response.json<Record<string, string>>();
    expect(metadata.issuer).toBe(t.issuer);
    for (const member of URL_MEMBERS) expect(metadata[member], member).toMatch(new RegExp(`^${t.issuer}/`));
  });

  it('refuses a forged Host with 400 invalid_request and publishes nothing from it', async () => {
    for (const host of ['evil.example', `evil.example:${new URL(t.origin).port}`, '127.0.0.2', `127.0.0.1:1`]) {
      const response = await rawRequest(`${t.origin}${DISCOVERY}`, { headers: { host } });
      expect(response.status, host).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.json()).toMatchObject({ error: 'invalid_request' });
      expect(response.text).not.toContain('"authorization_endpoint"');
    }
  });

  it('answers the other loopback names of a loopback issuer, with the issuer\'s URLs', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`, { headers: { host: `localhost:${new URL(t.origin).port}` } });
    expect(response.status).toBe(200);
    expect(response.json<Record<string, string>>().authorization_endpoint).toBe(`${t.issuer}/auth`);
  });

  it('ignores X-Forwarded-Host and X-Forwarded-Proto when no proxy is trusted', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`, { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    expect(response.status).toBe(200);
    expect(response.json<Record<string, string>>().token_endpoint).toBe(`${t.issuer}/token`);
  });

  it('never answers a malformed Host with a 500', async () => {
    const port = new URL(t.origin).port;
    const hosts = ['<x>', 'exa mple.com', `127.0.0.1:99999`, '[::1', '', `127.0.0.1:${port}/evil`, `evil.example@127.0.0.1:${port}`, `${'a'.repeat(300)}.example`, '\u00e9vil.example', '-evil.example', '127.0.0.1:', '..'];
    for (const host of hosts) {
      const { status, response } = await rawSocketRequest(Number(port), `GET ${DISCOVERY} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(status, JSON.stringify(host)).toBe(400);
      if (/content-type: application\/json/i.test(response)) expect(response, JSON.stringify(host)).toContain('"error":"invalid_request"');
    }
    const missing = await rawSocketRequest(Number(port), `GET ${DISCOVERY} HTTP/1.0\r\n\r\n`);
    expect(missing.status).toBe(400);
  });

  it('refuses a Host or an Authorization header sent twice with 400, and takes each sent once', async () => {
    const port = Number(new URL(t.origin).port);
    const host = `127.0.0.1:${port}`;
    const basic = `Basic ${Buffer.from('confidential:wrong').toString('base64')}`;
    const post = (headers: string) => rawSocketRequest(port, `POST /token HTTP/1.1\r\n${headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\nConnection: close\r\n\r\ngrant_type=client_credentials`);
    const twoHosts = await post(`Host: ${host}\r\nHOST: evil.example\r\n`);
    expect(twoHosts.status).toBe(400);
    const twoAuthorizations = await post(`Host: ${host}\r\nAuthorization: ${basic}\r\nauthorization: Basic ${Buffer.from('other:x').toString('base64')}\r\n`);
    expect(twoAuthorizations.status).toBe(400);
    expect(twoAuthorizations.response).toContain('the Authorization header must be sent once');
    // Sent once, the same request reaches client authentication (and fails it: a wrong secret).
    expect((await post(`Host: ${host}\r\nAuthorization: ${basic}\r\n`)).status).toBe(401);
  });

  it('builds URLs from the issuer for an absolute-form request target naming another host', async () => {
    const port = Number(new URL(t.origin).port);
    const { status, response } = await rawSocketRequest(port, `GET http://evil.example${DISCOVERY} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(status).toBe(200);
    expect(response).toContain(`"token_endpoint":"${t.issuer}/token"`);
    expect(response).not.toContain('evil.example');
  });

  it('redirects the authorization request to interaction pages on the issuer, even when reached by a loopback alias', async () => {
    const port = new URL(t.origin).port;
    const response = await rawRequest(`${t.origin}${authorizationPath()}`, { headers: { host: `localhost:${port}` } });
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(new RegExp(`^${t.issuer}/interaction/[\\w-]+$`));
  });

  it('keeps a browser on a configured public origin: discovery, redirects, form actions and resume all use it, iss stays the issuer', async () => {
    const session = new RawSession({ host: 'login.example.com' });
    const discovery = await session.request(`${t.origin}${DISCOVERY}`);
    expect(discovery.status).toBe(200);
    const metadata = discovery.json<Record<string, string>>();
    expect(metadata.issuer).toBe(t.issuer);
    for (const member of URL_MEMBERS) expect(metadata[member], member).toMatch(new RegExp(`^${PUBLIC_ORIGIN}/`));

    const start = await session.request(`${t.origin}${authorizationPath()}`);
    expect(start.status).toBe(303);
    const interaction = start.headers.location!;
    expect(interaction).toMatch(new RegExp(`^${PUBLIC_ORIGIN}/interaction/`));

    const page = await session.request(onServer(interaction));
    expect(page.status).toBe(200);
    const actions = formActions(page.text);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(new RegExp(`^${PUBLIC_ORIGIN}/interaction/`));

    const login = await session.postForm(onServer(actions.find((a) => a.endsWith('/login'))!), { csrf: formFields(page.text).csrf!, username: ALICE.username, password: ALICE.password });
    expect(login.status).toBe(303);
    const resume = login.headers.location!;
    expect(resume).toMatch(new RegExp(`^${PUBLIC_ORIGIN}/auth/`));

    const consentRedirect = await session.request(onServer(resume));
    expect(consentRedirect.status).toBe(303);
    expect(consentRedirect.headers.location).toMatch(new RegExp(`^${PUBLIC_ORIGIN}/interaction/`));
    const consent = await session.request(onServer(consentRedirect.headers.location!));
    const confirm = await session.postForm(onServer(formActions(consent.text).find((a) => a.endsWith('/confirm'))!), { csrf: formFields(consent.text).csrf! });
    const callback = await session.request(onServer(confirm.headers.location!));
    expect(callback.status).toBe(303);
    const back = new URL(callback.headers.location!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('iss')).toBe(t.issuer);
    expect(back.searchParams.get('code')).toBeTruthy();
  });
});
