import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkClientRules, checkGrantResponseConsistency, deriveResponseTypes } from '../../src/clients/client-rules.js';
import { createHashedClientSecrets, hashClientSecret, matchesSecretHashes, secretCanBeHashed } from '../../src/clients/hashed-client-secrets.js';
import { MemoryClientStore } from '../../src/index.js';

describe('hashed client secrets', () => {
  it('matches the secret, not another one, and not after its expiry', () => {
    const now = Math.floor(Date.now() / 1000);
    const current = hashClientSecret('current-secret');
    const old = hashClientSecret('old-secret', now + 60);
    expect(matchesSecretHashes([current, old], 'current-secret', now)).toBe(true);
    expect(matchesSecretHashes([current, old], 'old-secret', now)).toBe(true);
    expect(matchesSecretHashes([current, old], 'old-secret', now + 60)).toBe(false);
    expect(matchesSecretHashes([current], 'current-secreT', now)).toBe(false);
    expect(matchesSecretHashes([current], undefined, now)).toBe(false);
    // Salted: the same secret hashes differently each time.
    expect(hashClientSecret('same').hash).not.toBe(hashClientSecret('same').hash);
  });

  it('keeps the stored format: base64url SHA-256 of salt, NUL, UTF-8 secret (hashes saved earlier still match)', () => {
    const salt = 'c2FsdC1zYWx0LXNhbHQ';
    const secret = 'sécret-ünïcode';
    const stored = { salt, hash: createHash('sha256').update(`${salt}\0`).update(secret, 'utf8').digest('base64url') };
    expect(matchesSecretHashes([stored], secret)).toBe(true);
    expect(matchesSecretHashes([stored], 'secret-unicode')).toBe(false);
    const fresh = hashClientSecret(secret);
    expect(fresh.hash).toBe(createHash('sha256').update(`${fresh.salt}\0${secret}`, 'utf8').digest('base64url'));
  });

  it('hashes only secrets that are compared, never ones used as keys', () => {
    expect(secretCanBeHashed({})).toBe(true);
    expect(secretCanBeHashed({ token_endpoint_auth_method: 'client_secret_post' })).toBe(true);
    expect(secretCanBeHashed({ token_endpoint_auth_method: 'client_secret_jwt' })).toBe(false);
    expect(secretCanBeHashed({ token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'HS256' })).toBe(false);
    expect(secretCanBeHashed({ token_endpoint_auth_method: 'client_secret_basic', userinfo_encrypted_response_alg: 'A128KW' })).toBe(false);
  });

  it('stores hashes, hands oidc-provider a placeholder only this instance can read back', async () => {
    const inner = new MemoryClientStore();
    const secrets = createHashedClientSecrets(inner);
    await secrets.store.save({ client_id: 'a', client_secret: 'plain-secret', token_endpoint_auth_method: 'client_secret_basic' });
    const stored = (await inner.find('a'))!;
    expect(stored.client_secret).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain('plain-secret');

    const forProvider = (await secrets.providerStore.find('a'))!;
    expect(secrets.isPlaceholder(forProvider.client_secret)).toBe(true);
    expect(forProvider.client_secret_hashes).toBeUndefined();
    // oidc-provider writes the placeholder back on an RFC 7592 update: the same hashes are kept.
    await secrets.providerStore.save(forProvider);
    expect((await inner.find('a'))!.client_secret_hashes).toEqual(stored.client_secret_hashes);

    // Another instance's placeholder is not recognised: it cannot be forged from outside.
    const other = createHashedClientSecrets(new MemoryClientStore());
    expect(other.isPlaceholder(forProvider.client_secret)).toBe(false);

    await secrets.store.save({ client_id: 'jwt', client_secret: 'key-material', token_endpoint_auth_method: 'client_secret_jwt' });
    expect((await inner.find('jwt'))!.client_secret).toBe('key-material');
  });
});

/** oidc-provider errors carry the code as `message` and the text as `error_description`. */
const described = (pattern: RegExp) => expect.objectContaining({ error_description: expect.stringMatching(pattern) });

describe('client rules', () => {
  it('derives response types from grant types', () => {
    expect(deriveResponseTypes(['authorization_code', 'refresh_token'])).toEqual(['code']);
    expect(deriveResponseTypes(['client_credentials'])).toEqual([]);
  });

  it('requires grant and response types to agree both ways', () => {
    expect(() => checkGrantResponseConsistency(['authorization_code'], ['code'])).not.toThrow();
    expect(() => checkGrantResponseConsistency(['authorization_code', 'implicit'], ['code id_token'])).not.toThrow();
    expect(() => checkGrantResponseConsistency(['authorization_code'], ['code id_token'])).toThrow(described(/implicit/));
    expect(() => checkGrantResponseConsistency(['implicit'], ['code'])).toThrow(described(/authorization_code/));
    expect(() => checkGrantResponseConsistency(['client_credentials', 'implicit'], [])).toThrow(described(/implicit/));
  });

  it('wants absolute https URIs without fragments, http only on loopback; native apps may use their own schemes', () => {
    expect(() => checkClientRules({ redirect_uris: ['http://127.0.0.1/cb', 'http://[::1]:8080/cb', 'http://localhost/cb', 'https://a.example/cb'] })).not.toThrow();
    expect(() => checkClientRules({ redirect_uris: ['http://10.0.0.1/cb'] })).toThrow(expect.objectContaining({ error: 'invalid_redirect_uri' }));
    expect(() => checkClientRules({ post_logout_redirect_uris: ['https://a.example/#x'] })).toThrow(expect.objectContaining({ error: 'invalid_client_metadata' }));
    expect(() => checkClientRules({ tos_uri: 'ftp://a.example/tos' })).toThrow(described(/tos_uri/));
    expect(() => checkClientRules({ application_type: 'native', redirect_uris: ['com.example.app:/callback'] })).not.toThrow();
    expect(() => checkClientRules({ redirect_uris: ['com.example.app:/callback'] })).toThrow(described(/https/));
  });
});
