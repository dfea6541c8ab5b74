import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stateless CSRF tokens bound to one interaction: HMAC(secret, purpose + uid). The interaction
 * cookie already ties a form to the browser that started it; the token stops a cross-site form
 * from riding on that cookie.
 */
export function createCsrfTokens(secret: string) {
  const sign = (uid: string) => createHmac('sha256', secret).update(`oidc-kit:csrf:${uid}`).digest('base64url');
  return {
    issue: sign,
    verify(uid: string, token: unknown): boolean {
      if (typeof token !== 'string') return false;
      const expected = Buffer.from(sign(uid));
      const actual = Buffer.from(token);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}

export type CsrfTokens = ReturnType<typeof createCsrfTokens>;
