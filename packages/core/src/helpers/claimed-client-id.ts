import { decodeJwt } from 'jose';

type Parameters = Record<string, string | string[] | undefined> | undefined;

/** Body parameters that carry a client credential; a bare `client_id` names a client, it proves nothing. */
export const CREDENTIAL_PARAMETERS = ['client_secret', 'client_assertion'] as const;

/**
 * The client a token, introspection or revocation request's body says it is, before anything is
 * verified: the `client_id` parameter, or a client assertion's `sub` (RFC 7523 §3). HTTP Basic is
 * read apart (`requestBasicCredentials`). Only a throttling key: never a proof of identity.
 */
export function claimedClientId(parameters: Parameters): string | undefined {
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
