import { afterEach, describe, expect, it } from 'vitest';
import { createTestJwtIssuer } from '../support/jwt.js';
import { createTestSamlIdp } from '../support/saml.js';
import { createIdentityProvider } from '../../src/index.js';
import { memoryLogger, startIdp, type TestIdp } from '../support/start-idp.js';
import { addUsers, ALICE, grantClients, JWT_BEARER, SAML_BEARER, tokenRequest } from './grant-support.js';

async function grantTypesSupported(t: TestIdp): Promise<string[]> {
  const response = await fetch(`${t.issuer}/.well-known/openid-configuration`);
  return ((await response.json()) as { grant_types_supported: string[] }).grant_types_supported;
}

describe('extension grants in discovery', () => {
  let t: TestIdp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('lists password, JWT bearer and SAML bearer when they are on', async () => {
    const sts = await createTestJwtIssuer({ audience: 'unused' });
    const saml = createTestSamlIdp();
    t = await startIdp({
      clients: grantClients([JWT_BEARER, SAML_BEARER]),
      scopes: ['api'],
      grants: {
        jwtBearer: { issuers: [{ issuer: sts.issuer, jwks: { keys: [sts.publicJwk as Record<string, unknown>] } }] },
        samlBearer: { idps: [{ entityId: saml.entityId, certificates: [saml.certificatePem] }] },
      },
    });
    expect(await grantTypesSupported(t)).toEqual(expect.arrayContaining(['password', JWT_BEARER, SAML_BEARER, 'client_credentials', 'refresh_token', 'authorization_code']));
  });

  it('leaves out the grants that are off, and refuses them at the token endpoint', async () => {
    t = await startIdp({
      clients: grantClients().filter((client) => !(client.grant_types as string[]).includes('password')),
      scopes: ['api'],
      grants: { password: false, jwtBearer: { issuers: [] } },
    });
    await addUsers(t);
    const supported = await grantTypesSupported(t);
    expect(supported).toContain('client_credentials');
    for (const off of ['password', JWT_BEARER, SAML_BEARER]) expect(supported).not.toContain(off);

    const { status, body } = await tokenRequest(t, 'machine-only', { grant_type: 'password', username: ALICE.username, password: ALICE.password });
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
  });

  it('stops at start-up when a client asks for a grant that is off, naming the client', async () => {
    const starting = createIdentityProvider({ issuer: 'http://127.0.0.1:9', logger: memoryLogger(), clients: grantClients(), scopes: ['api'], grants: { password: false } });
    await expect(starting).rejects.toThrow(/clients\[0\].*password-app/);
  });
});
