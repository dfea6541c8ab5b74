import { decodeProtectedHeader } from 'jose';

type Body = Record<string, unknown>;

/** A real token response: an access token and, when asked, the format and algorithm expected. */
export function checkTokenResponse(body: Body, expect: { alg?: string; idToken?: boolean; refreshToken?: boolean }): string | undefined {
  const token = body.access_token;
  if (typeof token !== 'string' || token.length < 16) return 'no access_token';
  const isJwt = token.split('.').length === 3;
  if (expect.alg) {
    if (!isJwt) return 'access_token is not a JWT';
    const header = decodeProtectedHeader(token);
    if (header.alg !== expect.alg) return `access_token is signed with ${String(header.alg)}, not ${expect.alg}`;
  } else if (isJwt) {
    return 'access_token is a JWT, expected an opaque token';
  }
  if (expect.idToken && typeof body.id_token !== 'string') return 'no id_token';
  if (expect.refreshToken && typeof body.refresh_token !== 'string') return 'no refresh_token';
  return undefined;
}
