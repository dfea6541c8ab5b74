import { describe, expect, it } from 'vitest';
import { ConfigurationError, createIdentityProvider, resolveRoutes, type IdentityProviderOptions } from '../../src/index.js';
import { memoryLogger } from '../support/start-idp.js';

async function failure(options: unknown): Promise<ConfigurationError> {
  try {
    const idp = await createIdentityProvider({ logger: memoryLogger(), passwords: { cost: 4 }, ...(options as IdentityProviderOptions) });
    await idp.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('options are checked at start-up, one error naming the bad option', () => {
  it.each([
    [{}, 'issuer', /is required/],
    [{ issuer: 'localhost:3000' }, 'issuer', /absolute URL|https/],
    [{ issuer: 'ftp://id.example.com' }, 'issuer', /https/],
    [{ issuer: 'https://id.example.com/' }, 'issuer', /must not end with/],
    [{ issuer: 'https://id.example.com?x=1' }, 'issuer', /query/],
    [{ issuer: 'https://id.example.com', routes: { token: 'token' } }, 'routes.token', /must start with "\/"/],
    [{ issuer: 'https://id.example.com', routes: { tokn: '/t' } }, 'routes.tokn', /not a known route/],
    [{ issuer: 'https://id.example.com', routes: 'nonsense' }, 'routes', /must be one of/],
    [{ issuer: 'https://id.example.com', routes: { token: '/x', userinfo: '/x' } }, 'routes.userinfo', /same path/],
    [{ issuer: 'https://id.example.com', scopes: ['has space'] }, 'scopes[0]', /scope token/],
    [{ issuer: 'https://id.example.com', accessTokens: { format: 'paseto' } }, 'accessTokens.format', /must be one of/],
    [{ issuer: 'https://id.example.com', accessTokens: { ttl: -1 } }, 'accessTokens.ttl', /positive integer/],
    [{ issuer: 'https://id.example.com', grants: { password: { maxFailures: 0 } } }, 'grants.password.maxFailures', /positive integer/],
    [{ issuer: 'https://id.example.com', grants: { jwtBearer: { issuers: [{ issuer: 'x' }] } } }, 'grants.jwtBearer.issuers[0]', /jwks/],
    [{ issuer: 'https://id.example.com', grants: { jwtBearer: { issuers: [{ issuer: 'x', jwks: { keys: [] }, algorithms: ['HS256'] }] } } }, 'grants.jwtBearer.issuers[0].algorithms[0]', /asymmetric/],
    [{ issuer: 'https://id.example.com', grants: { samlBearer: { idps: [{ entityId: 'x', certificates: [] }] } } }, 'grants.samlBearer.idps[0].certificates', /non-empty/],
    [{ issuer: 'https://id.example.com', grants: { jwtBearer: { issuers: [], clockSkewSeconds: 1.5 } } }, 'grants.jwtBearer.clockSkewSeconds', /positive integer/],
    [{ issuer: 'https://id.example.com', ttl: { refreshToken: 0 } }, 'ttl.refreshToken', /positive integer/],
    [{ issuer: 'https://id.example.com', cookieKeys: ['short'] }, 'cookieKeys[0]', /at least 32/],
    [{ issuer: 'https://id.example.com', trustProxy: 'yes' }, 'trustProxy', /hop count/],
    [{ issuer: 'https://id.example.com', keys: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] } }, 'keys.keys[0]', /private/],
    [{ issuer: 'https://id.example.com', clients: [{ client_id: 'bad', redirect_uris: ['not a url'] }] }, 'clients[0]', /invalid/],
    [{ issuer: 'https://id.example.com', interactions: { views: { logn: () => '' } } }, 'interactions.views.logn', /not a view/],
  ])('%j → %s', async (options, path, message) => {
    const error = await failure(options);
    expect(error.message.startsWith(path)).toBe(true);
    expect(error.message).toMatch(message);
  });
});

describe('route presets and maps', () => {
  it('resolves the oauth and connect presets', () => {
    expect(resolveRoutes('oauth')).toMatchObject({ authorization: '/oauth/authorize', token: '/oauth/token', userinfo: '/oauth/userinfo', jwks: '/.well-known/jwks.json' });
    expect(resolveRoutes('connect')).toMatchObject({ authorization: '/connect/authorize', token: '/connect/token', userinfo: '/connect/userinfo', end_session: '/connect/logout' });
  });
  it('applies a map over a preset, keeping the rest', () => {
    expect(resolveRoutes({ preset: 'connect', token: '/api/id/v1/auth/token' })).toMatchObject({ token: '/api/id/v1/auth/token', userinfo: '/connect/userinfo' });
    expect(resolveRoutes({ jwks: '/.well-known/jwks.json' })).toMatchObject({ jwks: '/.well-known/jwks.json', token: '/token' });
  });
});
