import type { IncomingMessage } from 'node:http';

// oidc-provider's own rules for the Basic credentials (RFC 6749 §2.3.1): canonical base64, then
// each half form-urlencoded and made of visible ASCII.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const VISIBLE_ASCII = /^[\x20-\x7E]*$/;

type Credentials = { clientId: string; secret: string } | undefined;

function decodeHalf(value: string): string | undefined {
  try {
    const decoded = decodeURIComponent(value.replace(/\+/g, '%20'));
    return VISIBLE_ASCII.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** The client id and secret of an `Authorization: Basic` header (RFC 6749 §2.3.1), when it is well-formed. */
export function basicCredentials(authorization: string | undefined): Credentials {
  if (authorization === undefined || authorization.length < 7 || authorization.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const token = authorization.slice(6);
  if (!BASE64.test(token) || token.length % 4 !== 0) return undefined;
  const basic = Buffer.from(token, 'base64').toString('utf8');
  const colon = basic.indexOf(':');
  if (colon <= 0) return undefined;
  const clientId = decodeHalf(basic.slice(0, colon));
  const secret = decodeHalf(basic.slice(colon + 1));
  return clientId && secret ? { clientId, secret } : undefined;
}

// Per request (and gone with it): throttling and the fast paths both read the header.
const decoded = new WeakMap<IncomingMessage, { authorization: string | undefined; credentials: Credentials }>();

/** {@link basicCredentials} of a request's `Authorization` header, decoded once per request. */
export function requestBasicCredentials(req: IncomingMessage): Credentials {
  const authorization = req.headers.authorization;
  const known = decoded.get(req);
  if (known !== undefined && known.authorization === authorization) return known.credentials;
  const credentials = basicCredentials(authorization);
  decoded.set(req, { authorization, credentials });
  return credentials;
}
