import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityProvider, type IdentityProvider } from '../../src/index.js';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { HttpSession } from '../support/http-session.js';
import { memoryLogger, startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest } from './support/raw-http.js';
import { authorizationQuery, FORM } from './support/requests.js';
import { selfSignedServerCertificate, trustCertificate } from './support/tls-certificate.js';

/** An HttpSession that also keeps every Set-Cookie line it received, attributes included. */
class RecordingSession extends HttpSession {
  readonly setCookieLines: string[] = [];

  override async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await super.request(url, init);
    this.setCookieLines.push(...response.headers.getSetCookie());
    return response;
  }
}

describe('authorization by POST on an https issuer (self-signed certificate)', () => {
  let server: Server;
  let idp: IdentityProvider;
  let issuer: string;
  let untrust: () => void;

  beforeAll(async () => {
    const { key, cert } = selfSignedServerCertificate();
    untrust = trustCertificate(cert);
    server = createServer({ key, cert });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    idp = await createIdentityProvider({ ...(await flowFixtures()).options, issuer, logger: memoryLogger(), passwords: { cost: 4 } });
    await addAlice(idp.accounts as never);
    server.on('request', idp.callback());
  });
  afterAll(async () => {
    untrust?.();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await idp?.close();
  });

  it('completes code + PKCE when the authorization request is a form POST, end to end with openid-client', async () => {
    const client = await oidc.discovery(new URL(issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET));
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: REDIRECT_URI, scope: 'openid profile', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });

    const session = new RecordingSession();
    const posted = await session.request(client.serverMetadata().authorization_endpoint!, { method: 'POST', headers: FORM, body: url.searchParams.toString() });
    expect(posted.status).toBe(303);
    const interaction = posted.headers.get('location')!;
    expect(interaction).toMatch(new RegExp(`^${issuer}/interaction/`));

    const { callback } = await authorizeThroughPages(interaction, issuer, { session });
    const tokens = await oidc.authorizationCodeGrant(client, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    expect(tokens.claims()).toMatchObject({ sub: 'alice-id', iss: issuer, aud: 'confidential' });

    // The session cookie must travel on a cross-site form POST: SameSite=None, hence Secure.
    const sessionCookie = session.setCookieLines.find((line) => line.startsWith('_session='));
    expect(sessionCookie).toBeDefined();
    expect(sessionCookie!.toLowerCase()).toContain('samesite=none');
    expect(sessionCookie!.toLowerCase()).toContain('secure');
    for (const line of session.setCookieLines) expect(line.toLowerCase(), line).toContain('secure');
  });

  it('sends Strict-Transport-Security', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });
});

describe('authorization on an http (development) issuer', () => {
  let t: TestIdp;

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
  });
  afterAll(() => t?.close());

  it('takes GET only, with Lax cookies that need no https', async () => {
    const posted = await rawRequest(`${t.origin}/auth`, { method: 'POST', headers: FORM, body: authorizationQuery() });
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('GET, HEAD');
    const get = await rawRequest(`${t.origin}/auth?${authorizationQuery()}`);
    expect(get.status).toBe(303);
    const cookies = get.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const line of cookies) {
      expect(line.toLowerCase()).toContain('samesite=lax');
      expect(line.toLowerCase()).not.toContain('secure');
    }
  });
});
