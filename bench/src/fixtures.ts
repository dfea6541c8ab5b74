/**
 * What every server in the bench is configured with, so that they serve the same client, the
 * same scopes and the same users, on the same paths.
 */
export const CLIENT_ID = 'bench';
export const CLIENT_SECRET = 'bench-secret-0123456789abcdef0123456789';
export const REDIRECT_URI = 'http://127.0.0.1:9/cb';
/** The service scope client_credentials asks for. */
export const SERVICE_SCOPE = 'api';
export const CLIENT_SCOPE = `openid profile email offline_access ${SERVICE_SCOPE}`;
/** Audience (resource indicator) of JWT access tokens. */
export const JWT_AUDIENCE = 'urn:bench:api';

export const ROUTES = {
  authorization: '/auth',
  token: '/token',
  userinfo: '/me',
  introspection: '/token/introspection',
} as const;

/** Users of the password grant: one hashed at the default bcrypt cost, one at the cheapest. */
export const USERS = {
  cost12: { username: 'alice', password: 'correct horse battery staple', cost: 12 },
  cost4: { username: 'bob', password: 'correct horse battery staple', cost: 4 },
} as const;

export const CLIENT_METADATA = {
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  client_name: 'Bench',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  scope: CLIENT_SCOPE,
};

export const BASIC_AUTH = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`;

/** Access token format of a server variant: opaque, or JWT (RFC 9068) signed with one algorithm. */
export type TokenVariant = 'opaque' | 'jwt-es256' | 'jwt-rs256';

export function signingAlgOf(variant: TokenVariant): 'ES256' | 'RS256' | undefined {
  if (variant === 'jwt-es256') return 'ES256';
  if (variant === 'jwt-rs256') return 'RS256';
  return undefined;
}
