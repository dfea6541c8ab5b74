import { generateSigningKeys, type SigningKeySet } from '@oidc-kit/core';

/**
 * The next signing key set: fresh RS256 and ES256 keys first (oidc-provider signs with the first key
 * of each algorithm), then the keys that signed until now, so tokens they signed keep verifying
 * through the JWKS. Keys older than that are dropped: one rotation retires a key, two remove it.
 */
export async function rotateSigningKeys(current: SigningKeySet | undefined): Promise<SigningKeySet> {
  const fresh = await generateSigningKeys();
  const previous = new Map<string, (typeof fresh.keys)[number]>();
  for (const key of current?.keys ?? []) {
    const alg = key.alg ?? (key.kty === 'RSA' ? 'RS256' : 'ES256');
    if (!previous.has(alg)) previous.set(alg, key);
  }
  return { keys: [...fresh.keys, ...previous.values()] };
}
