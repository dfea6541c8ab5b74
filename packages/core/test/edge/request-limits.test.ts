import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBoundary } from '../../src/middleware/error-boundary.js';
import { jsonBody } from '../../src/middleware/json-body.js';
import { flowFixtures, SECRET } from '../support/fixtures.js';
import { memoryLogger, startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest } from './support/raw-http.js';
import { authorizationQuery, basic, CLIENT_CREDENTIALS, FORM } from './support/requests.js';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('request limits at the provider endpoints', () => {
  let t: TestIdp;
  const token = (options: { body?: string; chunks?: string[]; headers?: Record<string, string> }) =>
    rawRequest(`${t.origin}/token`, { method: 'POST', ...options, headers: { ...FORM, authorization: basic('confidential', SECRET), ...options.headers } });

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
  });
  afterAll(() => t?.close());

  it('refuses a form body over 56 KiB with 413, declared or streamed', async () => {
    const big = `${CLIENT_CREDENTIALS}&pad=${'a'.repeat(57 * 1024)}`;
    const declared = await token({ body: big });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ error: 'invalid_request' });
    const streamed = await token({ chunks: [big.slice(0, 30_000), big.slice(30_000)] });
    expect(streamed.status).toBe(413);
  });

  it('still hands a form body it has read (streamed in chunks) to oidc-provider intact', async () => {
    const response = await token({ chunks: ['grant_type=client_', 'credentials&sco', 'pe=api'] });
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toMatchObject({ scope: 'api' });
  });

  it('limits other content types by their own limits', async () => {
    expect((await token({ body: JSON.stringify({ pad: 'a'.repeat(65 * 1024) }), headers: JSON_TYPE })).status).toBe(413);
    expect((await token({ body: 'a'.repeat(17 * 1024), headers: { 'content-type': 'text/plain' } })).status).toBe(413);
  });

  it('refuses a body with a content coding with 415, and takes one marked identity', async () => {
    for (const coding of ['gzip', 'br', 'deflate, gzip']) {
      const response = await token({ body: CLIENT_CREDENTIALS, headers: { 'content-encoding': coding } });
      expect(response.status, coding).toBe(415);
      expect(response.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('must not be encoded') });
    }
    expect((await token({ body: CLIENT_CREDENTIALS, headers: { 'content-encoding': 'identity' } })).status).toBe(200);
  });

  it('refuses more than 100 parameters in a body or a query string with 400', async () => {
    const pad = (n: number) => Array.from({ length: n }, (_, i) => `x${i}=1`).join('&');
    const atLimit = await token({ body: `${CLIENT_CREDENTIALS}&${pad(98)}` });
    expect(atLimit.status, atLimit.text).toBe(200);
    const over = await token({ body: `${CLIENT_CREDENTIALS}&${pad(99)}` });
    expect(over.status).toBe(400);
    expect(over.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('too many parameters') });
    const query = await rawRequest(`${t.origin}/auth?${authorizationQuery()}&${pad(101)}`);
    expect(query.status).toBe(400);
  });

  it('counts the parameters of the shortest body that can exceed the limit (shorter ones are not read ahead)', async () => {
    const over = await token({ body: Array(101).fill('a').join('&') }); // 201 bytes
    expect(over.status).toBe(400);
    expect(over.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('too many parameters') });
  });

  it('checks the shape of JSON bodies meant for oidc-provider (registration) before it parses them', async () => {
    const deep = await rawRequest(`${t.origin}/reg`, { method: 'POST', headers: JSON_TYPE, body: `{"contacts":${'['.repeat(30)}${']'.repeat(30)}}` });
    expect(deep.status).toBe(400);
    expect(deep.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('nests deeper than 20') });
    const wide = await rawRequest(`${t.origin}/reg`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ contacts: Array(1001).fill('a@example.com') }) });
    expect(wide.json()).toMatchObject({ error_description: expect.stringContaining('more than 1000') });
  });
});

describe('jsonBody middleware (for oidc-kit\'s JSON APIs)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = new Koa();
    app.use(errorBoundary(memoryLogger()));
    app.use(jsonBody({ limit: 4096 }));
    app.use((ctx) => {
      ctx.body = { received: ctx.request.body ?? null };
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (body: string, chunked = false) => rawRequest(url, { method: 'POST', headers: JSON_TYPE, ...(chunked ? { chunks: [body] } : { body }) });
  const nested = (depth: number) => `${'['.repeat(depth - 1)}{}${']'.repeat(depth - 1)}`;

  it('parses a JSON body within the limits', async () => {
    const response = await send('{"name":"app","redirect_uris":["https://app.example/cb"]}');
    expect(response.json()).toEqual({ received: { name: 'app', redirect_uris: ['https://app.example/cb'] } });
    expect((await send(nested(20))).status).toBe(200);
  });

  it('refuses nesting deeper than 20 levels, too many members, __proto__ and malformed JSON with 400', async () => {
    for (const body of [nested(21), `[${Array(1001).fill(0).join(',')}]`, '{"__proto__":{"admin":true}}', '{"a":']) {
      const response = await send(body);
      expect(response.status, body.slice(0, 30)).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('refuses strings and member names that are not Unicode text (lone surrogates) with 400', async () => {
    for (const body of ['{"redirect_uris":["https://a.example/\\ud800"]}', '{"username":"\\udfff"}', '{"\\ud800":1}']) {
      const response = await send(body);
      expect(response.status, body).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('not valid Unicode text') });
    }
    // A proper pair is text.
    expect((await send('{"name":"\\ud83d\\ude00"}')).json()).toEqual({ received: { name: '\u{1F600}' } });
  });

  it('refuses a body over its limit with 413, also when streamed', async () => {
    const big = JSON.stringify({ pad: 'a'.repeat(5000) });
    expect((await send(big)).status).toBe(413);
    expect((await send(big, true)).status).toBe(413);
  });
});
