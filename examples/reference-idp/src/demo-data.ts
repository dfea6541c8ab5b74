import type { ConfigFile } from './config-file.js';

/** What `pnpm start` serves without IDP_CONFIG: one confidential client, one public client, one user. */
export function demoConfig(issuer: string): ConfigFile {
  const origin = 'http://localhost:8080';
  return {
    scopes: ['api'],
    clients: [
      {
        client_id: 'demo-client',
        client_secret: 'demo-secret',
        client_name: 'Demo App',
        redirect_uris: [`${origin}/callback`],
        post_logout_redirect_uris: [`${origin}/`],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid profile email offline_access api',
      },
      {
        client_id: 'demo-spa',
        client_name: 'Demo Single-Page App',
        redirect_uris: [`${origin}/spa/callback`],
        post_logout_redirect_uris: [`${origin}/spa/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        scope: 'openid profile email offline_access api',
      },
    ],
    users: [
      {
        id: 'alice',
        username: 'alice',
        email: 'alice@example.com',
        email_verified: true,
        password: 'correct horse battery staple',
        roles: ['user'],
        claims: { name: 'Alice Example', given_name: 'Alice', family_name: 'Example' },
      },
    ],
  };
}
