import { decodeJwt } from 'jose';

type Parameters = Record<string, string | string[] | undefined> | undefined;

function basicClientId(authorization: string): string | undefined {
  const [scheme, token] = authorization.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !token) return undefined;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  try {
    // RFC 6749 §2.3.1: form-urlencoded before base64.
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}

/**
 * The client a token, introspection or revocation request says it is, before anything is
 * verified: from HTTP Basic, the `client_id` parameter, or a client assertion's `sub`
 * (RFC 7523 §3). Only a throttling key: never a proof of identity.
 */
export function claimedClientId(authorization: string, parameters: Parameters): string | undefined {
  if (authorization) {
    const fromBasic = basicClientId(authorization);
    if (fromBasic) return fromBasic;
  }
  const clientId = parameters?.client_id;
  if (typeof clientId === 'string' && clientId !== '') return clientId;
  const assertion = parameters?.client_assertion;
  if (typeof assertion === 'string') {
    try {
      const { sub } = decodeJwt(assertion);
      if (typeof sub === 'string' && sub !== '') return sub;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
