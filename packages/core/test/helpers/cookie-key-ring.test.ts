import type { IncomingMessage, ServerResponse } from 'node:http';
import Cookies from 'cookies';
import { describe, expect, it } from 'vitest';
import { cookieKeyRing } from '../../src/helpers/cookie-key-ring.js';

const OLD_KEY = 'old-cookie-key-0123456789abcdef0123456789';
const NEW_KEY = 'new-cookie-key-0123456789abcdef0123456789';

/** The Keygrip the `cookies` package builds from an array of keys (what signed cookies before). */
function keygrip(keys: string[]): { sign(data: string): string; index(data: string, digest: string): number } {
  const cookies = new Cookies({ headers: {} } as IncomingMessage, {} as ServerResponse, { keys });
  return (cookies as unknown as { keys: ReturnType<typeof keygrip> }).keys;
}

describe('cookieKeyRing', () => {
  const data = '_session=abc123; path=/; httponly';

  it('signs exactly as Keygrip does, so cookies signed before stay valid both ways', () => {
    const ring = cookieKeyRing([NEW_KEY, OLD_KEY]);
    const grip = keygrip([NEW_KEY, OLD_KEY]);
    for (const value of [data, '', 'ünïcödé=✓', 'x'.repeat(5000)]) {
      expect(ring.sign(value)).toBe(grip.sign(value));
      expect(ring.index(value, grip.sign(value))).toBe(0);
      expect(grip.index(value, ring.sign(value))).toBe(0);
    }
  });

  it('verifies with any key of the ring and says which one, after a rotation', () => {
    const signedBefore = cookieKeyRing([OLD_KEY]).sign(data);
    const rotated = cookieKeyRing([NEW_KEY, OLD_KEY]);
    expect(rotated.index(data, signedBefore)).toBe(1);
    expect(rotated.verify(data, signedBefore)).toBe(true);
    expect(rotated.sign(data)).not.toBe(signedBefore);
  });

  it('refuses a signature of other data, another key, or another length', () => {
    const ring = cookieKeyRing([NEW_KEY]);
    const signature = ring.sign(data);
    expect(ring.index(`${data}x`, signature)).toBe(-1);
    expect(ring.index(data, cookieKeyRing([OLD_KEY]).sign(data))).toBe(-1);
    expect(ring.index(data, signature.slice(1))).toBe(-1);
    expect(ring.index(data, `${signature}=`)).toBe(-1);
    expect(ring.index(data, `${signature.slice(0, -1)}é`)).toBe(-1);
    expect(ring.verify(data, '')).toBe(false);
  });

  it('needs at least one key', () => {
    expect(() => cookieKeyRing([])).toThrow(/at least one key/);
  });
});
