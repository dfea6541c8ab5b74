import { REDIRECT_URI } from '../../support/fixtures.js';

export const DISCOVERY = '/.well-known/openid-configuration';

/** An authorization request of the `confidential` fixture client (code + PKCE). */
export function authorizationQuery(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    client_id: 'confidential',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: REDIRECT_URI,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 'st',
    ...extra,
  }).toString();
}

/** `Authorization: Basic` for a client (RFC 6749 §2.3.1 encoding). */
export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** A client_credentials token request body. */
export const CLIENT_CREDENTIALS = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api' }).toString();
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
