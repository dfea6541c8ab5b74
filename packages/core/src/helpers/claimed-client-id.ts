import { decodeJwt } from 'jose';
import { basicCredentials } from './basic-credentials.js';

type Parameters = Record<string, string | string[] | undefined> | undefined;

/**
 * The client a token, introspection or revocation request says it is, before anything is
 * verified: from HTTP Basic, the `client_id` parameter, or a client assertion's `sub`
 * (RFC 7523 §3). Only a throttling key: never a proof of identity.
 */
export function claimedClientId(authorization: string, parameters: Parameters): string | undefined {
  if (authorization) {
    const fromBasic = basicCredentials(authorization)?.clientId;
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
