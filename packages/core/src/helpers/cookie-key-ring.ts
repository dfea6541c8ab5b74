import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the `cookies` package (and so Koa and oidc-provider) asks of a cookie key ring; Keygrip's shape. */
export interface CookieKeyRing {
  /** The signature of `data` with the first key. */
  sign(data: string): string;
  verify(data: string, digest: string): boolean;
  /** Which key signed `data` as `digest`, or -1. */
  index(data: string, digest: string): number;
}

const sign = (data: string, key: string) => createHmac('sha1', key).update(data).digest('base64url');

/**
 * The key ring of oidc-kit's signed cookies. Signatures are Keygrip's (HMAC-SHA1 in base64url
 * without padding, first key signs, any key verifies), so cookies signed before stay valid; they
 * are compared with `crypto.timingSafeEqual`. Keygrip compares through tsscmp, which draws 32
 * random bytes and computes two more HMACs per comparison: with several signed cookies read on
 * every sign-in request, that was a noticeable share of a sign-in's work on the event loop.
 */
export function cookieKeyRing(keys: readonly string[]): CookieKeyRing {
  if (keys.length === 0) throw new TypeError('a cookie key ring needs at least one key');
  const ring = [...keys];
  return {
    sign: (data) => sign(data, ring[0]!),
    verify(data, digest) {
      return this.index(data, digest) !== -1;
    },
    index(data, digest) {
      const given = Buffer.from(String(digest));
      for (let i = 0; i < ring.length; i += 1) {
        // Every signature has the same length, so comparing lengths first tells nothing about a key.
        const expected = Buffer.from(sign(data, ring[i]!));
        if (expected.length === given.length && timingSafeEqual(expected, given)) return i;
      }
      return -1;
    },
  };
}
