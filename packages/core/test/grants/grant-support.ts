import type { ClientMetadata } from '../../src/index.js';
import { addAlice, SECRET } from '../support/fixtures.js';
import { fastHash, type TestIdp } from '../support/start-idp.js';

export { ALICE, SECRET } from '../support/fixtures.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const SAML_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
export const BOB = { username: 'bob', email: 'bob@example.com', password: 'bob password 1234' };
export const CAROL = { username: 'carol', email: 'carol@example.com', password: 'carol password 1234' };

/** Clients for the extension grants: each has only the grant types its name says. */
export function grantClients(extraGrantTypes: string[] = []): ClientMetadata[] {
  const confidential = (client_id: string, grant_types: string[], scope: string): ClientMetadata => ({
    client_id, client_secret: SECRET, grant_types, response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', scope,
  });
  return [
    confidential('password-app', ['password', 'refresh_token'], 'openid profile email offline_access api'),
    confidential('password-no-refresh', ['password'], 'openid profile offline_access api'),
    confidential('machine-only', ['client_credentials'], 'api'),
    ...(extraGrantTypes.length > 0 ? [confidential('assertion-app', [...extraGrantTypes, 'refresh_token'], 'openid profile email offline_access api')] : []),
  ];
}

/** Alice (id `alice-id`), Bob (id `bob-id`) and the disabled Carol. */
export async function addUsers(t: TestIdp): Promise<void> {
  await addAlice(t.idp.accounts as never);
  await t.idp.accounts.create({ id: 'bob-id', username: BOB.username, email: BOB.email, passwordHash: fastHash(BOB.password), roles: [], claims: {} });
  await t.idp.accounts.create({ id: 'carol-id', username: CAROL.username, email: CAROL.email, passwordHash: fastHash(CAROL.password), roles: [], claims: {}, disabled: true });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POSTs a form with HTTP Basic client authentication (RFC 6749 §2.3.1) and reads the JSON answer. */
export async function postForm(url: string, clientId: string, params: Record<string, string>, secret = SECRET): Promise<HttpResult> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A token request at the IdP's token endpoint. */
export function tokenRequest(t: TestIdp, clientId: string, params: Record<string, string>): Promise<HttpResult> {
  return postForm(`${t.issuer}${t.idp.routes.token}`, clientId, params);
}

/** Calls userinfo with a bearer token. */
export async function userinfo(t: TestIdp, accessToken: string): Promise<HttpResult> {
  const response = await fetch(`${t.issuer}${t.idp.routes.userinfo}`, { headers: { authorization: `Bearer ${accessToken}` } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
