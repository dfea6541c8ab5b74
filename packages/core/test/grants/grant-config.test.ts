import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import { trustedIssuers } from '../../src/grants/jwt-bearer.js';
import { trustedIdps } from '../../src/grants/saml-bearer.js';
import { createTestJwtIssuer } from '../support/jwt.js';

describe('grant entries checked at start-up', () => {
  it('maps jwks_uri and the defaults of a JWT bearer issuer', async () => {
    const [trusted] = trustedIssuers([{ issuer: 'https://sts.test', jwks_uri: 'https://sts.test/jwks' }]);
    expect(trusted).toEqual({ issuer: 'https://sts.test', jwksUri: 'https://sts.test/jwks', algorithms: ['RS256', 'ES256'] });
  });

  it('names the entry that has both jwks and jwks_uri, or a private key', async () => {
    const sts = await createTestJwtIssuer({ audience: 'unused' });
    const both = () => trustedIssuers([{ issuer: sts.issuer, jwks: { keys: [] }, jwks_uri: 'https://sts.test/jwks' }]);
    expect(both).toThrow(ConfigurationError);
    expect(both).toThrow('grants.jwtBearer.issuers[0] must have exactly one of "jwks" and "jwks_uri"');
    const privateKey = { ...sts.publicJwk, d: 'secret-part' };
    expect(() => trustedIssuers([{ issuer: sts.issuer, jwks: { keys: [privateKey as Record<string, unknown>] } }])).toThrow(/grants\.jwtBearer\.issuers\[0\]\.jwks\.keys/);
  });

  it('names a SAML certificate that does not parse', () => {
    expect(() => trustedIdps([{ entityId: 'https://idp.test/saml', certificates: ['MIIBnotreally'] }])).toThrow(/grants\.samlBearer\.idps\[0\]\.certificates\[0\] is not a valid X\.509 certificate/);
  });
});
