import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertionFields,
  buildAssertionXml,
  createTestSamlIdp,
  encodeAssertion,
  signAssertionXml,
  signedAssertion,
  type AssertionFields,
  type TestSamlIdp,
} from '../support/saml.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { addUsers, grantClients, SAML_BEARER, SECRET, tokenRequest, type HttpResult } from './grant-support.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

describe('SAML 2.0 bearer grant (RFC 7522) over HTTP', () => {
  let t: TestIdp;
  let tokenEndpoint: string;
  let idp: TestSamlIdp;
  let stranger: TestSamlIdp;

  beforeAll(async () => {
    idp = createTestSamlIdp('https://idp.test/saml');
    stranger = createTestSamlIdp('https://stranger.test/saml');
    t = await startIdp({
      scopes: ['api'],
      clients: grantClients([SAML_BEARER]),
      grants: { samlBearer: { idps: [{ entityId: idp.entityId, certificates: [idp.certificatePem] }] } },
    });
    await addUsers(t);
    tokenEndpoint = `${t.issuer}${t.idp.routes.token}`;
  });
  afterAll(() => t?.close());

  const signedXml = (overrides: Partial<AssertionFields> = {}, from = idp) =>
    signAssertionXml(buildAssertionXml(assertionFields(from.entityId, tokenEndpoint, overrides)), from);
  const grant = (assertion: string | undefined, clientId = 'assertion-app', scope = 'openid'): Promise<HttpResult> =>
    tokenRequest(t, clientId, { grant_type: SAML_BEARER, ...(assertion === undefined ? {} : { assertion }), scope });
  async function expectInvalidGrant(assertion: string, description: string | RegExp): Promise<void> {
    const { status, body } = await grant(assertion);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(description);
  }

  it('issues tokens for a signed assertion whose NameID is an e-mail (openid-client)', async () => {
    const app = await oidc.discovery(new URL(t.issuer), 'assertion-app', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    const tokens = await oidc.genericGrantRequest(app, SAML_BEARER, { assertion: signedAssertion(idp, tokenEndpoint), scope: 'openid email' });
    expect(tokens.claims()?.sub).toBe('alice-id');
    expect(tokens.scope).toBe('openid email');
    expect(await oidc.fetchUserInfo(app, tokens.access_token, 'alice-id')).toMatchObject({ email: 'alice@example.com' });
  });

  it('maps a NameID by account id and by username, and accepts the issuer identifier as audience', async () => {
    const byId = await grant(encodeAssertion(signedXml({ nameId: 'bob-id', audiences: [t.issuer] })));
    expect(byId.status).toBe(200);
    const byUsername = await grant(encodeAssertion(signedXml({ nameId: 'bob' })));
    expect(byUsername.status).toBe(200);
  });

  it('refuses a tampered assertion and a tampered signature value', async () => {
    const tampered = signedXml().replace('>alice@example.com</saml:NameID>', '>bob@example.com</saml:NameID>');
    await expectInvalidGrant(encodeAssertion(tampered), 'assertion signature is invalid');
    const flipped = signedXml().replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    await expectInvalidGrant(encodeAssertion(flipped), 'assertion signature is invalid');
  });

  it('refuses signature wrapping: an evil Assertion carrying the signed one, or the signature moved onto it', async () => {
    const original = signedXml({ nameId: 'bob@example.com' });
    const wrapper = buildAssertionXml(assertionFields(idp.entityId, tokenEndpoint, { nameId: 'alice@example.com' })).replace(
      '</saml:Issuer>',
      `</saml:Issuer><saml:Advice>${original.replace(' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', '')}</saml:Advice>`,
    );
    await expectInvalidGrant(encodeAssertion(wrapper), 'assertion must contain exactly one Assertion');

    const signed = signedXml({ id: '_signed', nameId: 'bob@example.com' });
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const moved = buildAssertionXml(assertionFields(idp.entityId, tokenEndpoint, { id: '_signed', nameId: 'alice@example.com' }))
      .replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    await expectInvalidGrant(encodeAssertion(moved), 'assertion signature is invalid');
  });

  it('refuses an expired assertion', async () => {
    const past = new Date(Date.now() - 10 * 60_000);
    await expectInvalidGrant(encodeAssertion(signedXml({ issueInstant: past, notBefore: past, notOnOrAfter: new Date(Date.now() - 5 * 60_000) })), 'assertion has expired (Conditions NotOnOrAfter)');
  });

  it('refuses a wrong audience and a wrong recipient', async () => {
    await expectInvalidGrant(encodeAssertion(signedXml({ audiences: ['https://some-other-sp.test'] })), 'assertion audience is invalid');
    await expectInvalidGrant(encodeAssertion(signedXml({ recipient: 'https://some-other-sp.test/token' })), 'assertion recipient is invalid');
  });

  it('refuses a replayed assertion ID', async () => {
    const assertion = encodeAssertion(signedXml());
    expect((await grant(assertion)).status).toBe(200);
    await expectInvalidGrant(assertion, 'assertion ID has already been used');
  });

  it('refuses an untrusted issuer, and a trusted issuer name signed with another key', async () => {
    await expectInvalidGrant(encodeAssertion(signedXml({}, stranger)), 'assertion issuer is not trusted');
    const impostor = signAssertionXml(buildAssertionXml(assertionFields(idp.entityId, tokenEndpoint)), stranger);
    await expectInvalidGrant(encodeAssertion(impostor), 'assertion signature is invalid');
  });

  it('refuses an unknown or disabled NameID', async () => {
    await expectInvalidGrant(encodeAssertion(signedXml({ nameId: 'nobody@example.com' })), 'assertion NameID does not match an account');
    await expectInvalidGrant(encodeAssertion(signedXml({ nameId: 'carol' })), 'assertion NameID does not match an account');
  });

  it('answers invalid_request to a missing assertion and unauthorized_client to a client without the grant', async () => {
    const missing = await grant(undefined);
    expect(missing.body.error).toBe('invalid_request');
    expect(missing.body.error_description).toContain('assertion');
    expect((await grant(encodeAssertion(signedXml()), 'password-app')).body.error).toBe('unauthorized_client');
  });

  it('accepts exactly one of 10 concurrent requests with the same assertion ID', async () => {
    const assertion = encodeAssertion(signedXml());
    const answers = await Promise.all(Array.from({ length: 10 }, () => grant(assertion)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) expect(answer.body.error_description).toBe('assertion ID has already been used');
  });
});
