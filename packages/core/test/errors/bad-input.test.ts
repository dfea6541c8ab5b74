import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlice, flowFixtures, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

const basic = `Basic ${Buffer.from(`confidential:${SECRET}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

interface Probe {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends raw HTTP (no client-side normalisation) and returns status, headers and body. */
function send(origin: string, probe: Probe): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: probe.method ?? 'GET', path: probe.path, headers: probe.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (probe.body !== undefined) req.end(probe.body);
    else req.end();
  });
}

describe('bad input never reaches a 500 (every endpoint)', () => {
  let t: TestIdp;
  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
    await addAlice(t.idp.accounts as never);
  });
  afterAll(() => t?.close());

  const formPost = (path: string, body: string | Buffer, headers: Record<string, string> = {}): Probe => ({ name: `${path} ${String(body).slice(0, 40)}`, method: 'POST', path, headers: { 'content-type': FORM, authorization: basic, ...headers }, body });
  const endpoints = ['/token', '/token/introspection', '/token/revocation'];

  const probes: Probe[] = [
    ...endpoints.flatMap((path) => [
      formPost(path, ''),
      formPost(path, 'token=a&token=b'),
      formPost(path, 'grant_type=%zz%&token=%E0%A4%A'),
      formPost(path, 'grant_type=client_credentials&scope=%00%01'),
      formPost(path, `token=${'x'.repeat(10_000)}`),
      formPost(path, '{"token":"a"}', { 'content-type': 'application/json' }),
      formPost(path, '{"grant_type":"client_credentials","scope":"\\ud800","token":"\\udfff"}', { 'content-type': 'application/json' }),
      formPost(path, 'token=a', { 'content-type': 'text/plain' }),
      formPost(path, '--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }),
      formPost(path, 'token=a', { authorization: 'Basic' }),
      formPost(path, 'token=a', { authorization: 'Basic %%%%' }),
      formPost(path, 'token=a', { authorization: `Basic ${Buffer.from('a').toString('base64')}` }),
      formPost(path, 'token=a', { authorization: 'Bearer x' }),
      formPost(path, 'client_id=confidential&client_id=post-client&token=a', { authorization: '' }),
      formPost(path, 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=a.b.c&token=a', { authorization: '' }),
      { name: `${path} PUT`, method: 'PUT', path },
      { name: `${path} GET`, path },
    ]),
    formPost('/token', 'grant_type=authorization_code&code=a&redirect_uri=%ZZ'),
    formPost('/token', 'grant_type=refresh_token&refresh_token=a.b.c'),
    formPost('/token', 'grant_type=password&username=&password='),
    formPost('/token', `grant_type=password&username=${'a'.repeat(5000)}&password=${'b'.repeat(5000)}`),
    formPost('/token', 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=x'),
    { name: 'userinfo bad bearer', path: '/me', headers: { authorization: 'Bearer a.b.c' } },
    { name: 'userinfo two tokens', path: '/me?access_token=a', headers: { authorization: 'Bearer b' } },
    { name: 'userinfo bare scheme', path: '/me', headers: { authorization: 'Bearer' } },
    { name: 'userinfo other scheme', path: '/me', headers: { authorization: 'Negotiate abc' } },
    { name: 'userinfo post json', method: 'POST', path: '/me', headers: { 'content-type': 'application/json' }, body: '{' },
    { name: 'authorize nothing', path: '/auth' },
    { name: 'authorize repeated', path: '/auth?client_id=confidential&client_id=confidential' },
    { name: 'authorize bad escapes', path: '/auth?client_id=%E0%A4%A&redirect_uri=%%%' },
    { name: 'authorize request object junk', path: '/auth?client_id=confidential&response_type=code&scope=openid&request=a.b.c&redirect_uri=http://127.0.0.1:9/cb' },
    { name: 'authorize huge state', path: `/auth?client_id=confidential&response_type=code&scope=openid&redirect_uri=http://127.0.0.1:9/cb&state=${'s'.repeat(4000)}` },
    { name: 'authorize POST on http', method: 'POST', path: '/auth', headers: { 'content-type': FORM }, body: 'client_id=confidential' },
    { name: 'logout junk hint', path: '/session/end?id_token_hint=a.b.c&post_logout_redirect_uri=x' },
    { name: 'logout unknown client', path: '/session/end?client_id=nope&post_logout_redirect_uri=http://127.0.0.1:9/logged-out' },
    { name: 'logout post junk', method: 'POST', path: '/session/end', headers: { 'content-type': FORM }, body: 'id_token_hint=%%%' },
    { name: 'logout confirm without xsrf', method: 'POST', path: '/session/end/confirm', headers: { 'content-type': FORM }, body: 'logout=yes' },
    { name: 'interaction unknown', path: '/interaction/unknown' },
    { name: 'interaction post unknown', method: 'POST', path: '/interaction/unknown/login', headers: { 'content-type': FORM }, body: 'username=a&password=b' },
    { name: 'interaction post json', method: 'POST', path: '/interaction/unknown/login', headers: { 'content-type': 'application/json' }, body: '{{{' },
    { name: 'discovery POST', method: 'POST', path: '/.well-known/openid-configuration' },
    { name: 'jwks with query', path: '/jwks?x=%%' },
    { name: 'unknown path', path: '/%E0%A4%A' },
    { name: 'path traversal', path: '/../../etc/passwd' },
  ];

  it.each(probes.map((p) => [p.name, p] as const))('%s', async (_name, probe) => {
    const response = await send(t.origin, probe);
    expect(response.status, response.body.slice(0, 200)).toBeGreaterThanOrEqual(200);
    expect(response.status, response.body.slice(0, 200)).toBeLessThan(500);
    expect(response.body).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/); // no stack trace
    if (response.status >= 400 && String(response.headers['content-type']).includes('json')) {
      const body = JSON.parse(response.body);
      expect(typeof body.error).toBe('string');
    }
  });

  it('answers an oversized body with 413 on every POST endpoint', async () => {
    for (const path of [...endpoints, '/session/end', '/interaction/x/login', '/me']) {
      const response = await send(t.origin, formPost(path, `a=${'x'.repeat(200_000)}`));
      expect(response.status, path).toBe(413);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('answers a chunked body over the limit without a 500', async () => {
    const response = await send(t.origin, { ...formPost('/token/introspection', Buffer.alloc(120_000, 'a')), headers: { 'content-type': FORM, authorization: basic, 'transfer-encoding': 'chunked' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
