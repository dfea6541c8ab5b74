import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { ClientMetadata, IdentityProviderOptions } from '../../src/index.js';
import { fastHash } from './start-idp.js';

export const REDIRECT_URI = 'http://127.0.0.1:9/cb';
export const HYBRID_REDIRECT_URI = 'https://rp.example/cb';
export const POST_LOGOUT_URI = 'http://127.0.0.1:9/logged-out';
export const SECRET = 'confidential-secret-0123456789abcdef';
export const JWT_SECRET = 'jwt-secret-0123456789abcdef0123456789abcdef';
export const ALICE = { username: 'alice', email: 'alice@example.com', password: 'correct horse battery staple' };
export const ALL_RESPONSE_TYPES = ['code', 'id_token', 'code id_token', 'id_token token', 'code token', 'code id_token token'];

export interface Fixtures {
  options: Omit<IdentityProviderOptions, 'issuer'>;
  privateKeyJwtKey: CryptoKey;
}

/** Clients of every authentication method, one user with roles, as most flow tests need them. */
export async function flowFixtures(extra: Partial<IdentityProviderOptions> = {}): Promise<Fixtures> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig', kid: 'rp-key-1' };
  const clients: ClientMetadata[] = [
    {
      client_id: 'confidential',
      client_secret: SECRET,
      client_name: 'Confidential App',
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: [POST_LOGOUT_URI],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid profile email offline_access api',
    },
    {
      // Implicit and hybrid web clients must use https redirect URIs (OpenID Connect Registration §2).
      client_id: 'hybrid-client',
      client_secret: SECRET,
      redirect_uris: [HYBRID_REDIRECT_URI],
      grant_types: ['authorization_code', 'implicit'],
      response_types: ALL_RESPONSE_TYPES,
      scope: 'openid profile email api',
    },
    { client_id: 'post-client', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_post', scope: 'api' },
    { client_id: 'jwt-secret-client', client_secret: JWT_SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_jwt', scope: 'api' },
    { client_id: 'private-key-client', jwks: { keys: [publicJwk] }, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'private_key_jwt', scope: 'api' },
    {
      client_id: 'public-spa',
      client_name: 'Public SPA',
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: [POST_LOGOUT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'openid profile email offline_access',
    },
    { client_id: 'machine-only', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'api' },
  ];
  return {
    privateKeyJwtKey: privateKey,
    options: {
      scopes: ['api'],
      clients,
      ...extra,
    },
  };
}

/** Adds Alice (roles user and admin) to a running IdP's account store. */
export async function addAlice(accounts: { create: (input: never) => Promise<unknown> }): Promise<void> {
  await accounts.create({
    id: 'alice-id',
    username: ALICE.username,
    email: ALICE.email,
    emailVerified: true,
    passwordHash: fastHash(ALICE.password),
    roles: ['user', 'admin'],
    claims: { name: 'Alice Example', given_name: 'Alice' },
  } as never);
}
