import { beforeAll, describe, expect, it } from 'vitest';

import { verifySamlAssertion } from '../src/grants/saml-bearer/verify-saml-assertion.js';
import type { SamlAssertionOptions } from '../src/grants/saml-bearer/verify-saml-assertion.js';
import { createReplayCache } from './support/replay.js';
import {
  assertionFields,
  buildAssertionXml,
  createTestSamlIdp,
  encodeAssertion,
  signAssertionXml,
  signedAssertion,
} from './support/saml.js';
import type { TestSamlIdp } from './support/saml.js';

const ISSUER = 'https://id.test';
const TOKEN_ENDPOINT = 'https://id.test/oauth/token';

let idp: TestSamlIdp;
let attacker: TestSamlIdp;

beforeAll(() => {
  idp = createTestSamlIdp('https://idp.test/saml');
  // Same entity ID, different key: a forger who knows the IdP's name but not its key.
  attacker = createTestSamlIdp('https://idp.test/saml');
});

function options(overrides: Partial<SamlAssertionOptions> = {}): SamlAssertionOptions {
  return {
    idps: [idp.trusted],
    audiences: [ISSUER, TOKEN_ENDPOINT],
    recipients: [TOKEN_ENDPOINT],
    replay: createReplayCache(),
    ...overrides,
  };
}

const signedXml = (overrides = {}) =>
  signAssertionXml(buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT, overrides)), idp);

async function rejection(assertion: unknown, opts = options()): Promise<{ error: string; error_description: string }> {
  const error = await verifySamlAssertion(assertion, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the assertion should have been refused').toBeDefined();
  return error as { error: string; error_description: string };
}

async function expectRefused(assertion: unknown, description: string | RegExp, opts = options()): Promise<void> {
  const error = await rejection(assertion, opts);
  expect(error.error).toBe('invalid_grant');
  expect(error.error_description).toMatch(description);
}

describe('verifySamlAssertion: accepted', () => {
  it('returns issuer, NameID and attributes of a valid base64url assertion', async () => {
    const replay = createReplayCache();
    const result = await verifySamlAssertion(signedAssertion(idp, TOKEN_ENDPOINT), options({ replay }));
    expect(result).toEqual({
      issuer: idp.entityId,
      nameId: 'alice@example.com',
      attributes: { email: ['alice@example.com'], groups: ['staff', 'admins'] },
    });
    const [expiresAt] = [...replay.seen.values()];
    expect(expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('accepts standard base64 with line breaks too', async () => {
    const b64 = Buffer.from(signedXml()).toString('base64').replace(/.{76}/g, '$&\r\n');
    await expect(verifySamlAssertion(b64, options())).resolves.toMatchObject({ nameId: 'alice@example.com' });
  });

  it('accepts the issuer identifier as audience and a second certificate (rollover)', async () => {
    const assertion = encodeAssertion(signAssertionXml(buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT, { audiences: [ISSUER] })), idp));
    const rollover = { entityId: idp.entityId, certificates: [attacker.certificatePem, idp.certificatePem] };
    await expect(verifySamlAssertion(assertion, options({ idps: [rollover] }))).resolves.toMatchObject({ issuer: idp.entityId });
  });

  it('tolerates clock skew within the bound', async () => {
    const past = new Date(Date.now() - 30_000);
    const assertion = encodeAssertion(signedXml({ notOnOrAfter: past, confirmationNotOnOrAfter: past }));
    await expect(verifySamlAssertion(assertion, options({ clockSkewSeconds: 60 }))).resolves.toBeDefined();
  });
});

describe('verifySamlAssertion: signature', () => {
  it('refuses a tampered NameID', async () => {
    const tampered = signedXml().replace('>alice@example.com</saml:NameID>', '>mallory@example.com</saml:NameID>');
    await expectRefused(encodeAssertion(tampered), 'assertion signature is invalid');
  });

  it('refuses a tampered signature value', async () => {
    const tampered = signedXml().replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    await expectRefused(encodeAssertion(tampered), 'assertion signature is invalid');
  });

  it('ignores a key in KeyInfo: an assertion signed by another key with its own certificate is refused', async () => {
    const forged = signAssertionXml(buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT, { nameId: 'admin' })), attacker);
    expect(forged).toContain('X509Certificate');
    await expectRefused(encodeAssertion(forged), 'assertion signature is invalid');
  });

  it('refuses an unsigned assertion', async () => {
    const unsigned = buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT));
    await expectRefused(encodeAssertion(unsigned), 'assertion signature is missing');
  });

  it('refuses SHA-1 signatures', async () => {
    const sha1 = signAssertionXml(buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT)), idp, { sha1: true });
    await expectRefused(encodeAssertion(sha1), 'assertion signature algorithm is not allowed');
  });

  it('refuses a comment inside the signed NameID (canonicalization drops it, the signature still holds)', async () => {
    // CVE-2017-11427 style: the IdP signed "alice@example.com.evil.test"; a reader that stops at
    // the comment would see "alice@example.com".
    const signed = signedXml({ nameId: 'alice@example.com.evil.test' });
    const withComment = signed.replace('>alice@example.com.evil.test<', '>alice@example.com<!---->.evil.test<');
    expect(withComment).not.toBe(signed);
    await expectRefused(encodeAssertion(withComment), 'assertion must not contain XML comments');
  });
});

describe('verifySamlAssertion: signature wrapping', () => {
  it('refuses an evil Assertion that carries the signed one inside it', async () => {
    const original = signedXml();
    const evil = buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT, { nameId: 'admin' })).replace(
      '</saml:Issuer>',
      `</saml:Issuer><saml:Advice>${original.replace(' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', '')}</saml:Advice>`,
    );
    await expectRefused(encodeAssertion(evil), 'assertion must contain exactly one Assertion');
  });

  it('refuses the original signature moved onto an evil Assertion with the same ID', async () => {
    const original = signedXml({ id: '_signed' });
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(original)?.[0] ?? '';
    const evil = buildAssertionXml(assertionFields(idp.entityId, TOKEN_ENDPOINT, { id: '_signed', nameId: 'admin' }))
      .replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    await expectRefused(encodeAssertion(evil), 'assertion signature is invalid');
  });

  it('refuses a signature that references another element', async () => {
    const original = signedXml({ id: '_signed' });
    const evil = original.replace('ID="_signed"', 'ID="_evil"').replace(
      '</saml:Assertion>',
      '<saml:Extra xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_signed"/></saml:Assertion>',
    );
    await expectRefused(encodeAssertion(evil), 'assertion signature does not reference the Assertion');
  });

  it('refuses a second signature elsewhere in the document', async () => {
    const original = signedXml();
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(original)?.[0] ?? '';
    const doubled = original.replace('</saml:Subject>', `<saml:SubjectConfirmation>${signature}</saml:SubjectConfirmation></saml:Subject>`);
    await expectRefused(encodeAssertion(doubled), 'exactly one signature');
  });

  it('refuses an Assertion wrapped in a Response', async () => {
    const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r">${signedXml()}</samlp:Response>`;
    await expectRefused(encodeAssertion(response), 'assertion is not a SAML 2.0 Assertion');
  });

  it('refuses a DOCTYPE (entity expansion)', async () => {
    const withDoctype = `<!DOCTYPE x [<!ENTITY a "alice">]>${signedXml()}`;
    await expectRefused(encodeAssertion(withDoctype), 'assertion must not contain a DOCTYPE');
  });
});

describe('verifySamlAssertion: conditions and subject', () => {
  const ago = (ms: number) => new Date(Date.now() - ms);
  const ahead = (ms: number) => new Date(Date.now() + ms);

  it('refuses an expired assertion (Conditions NotOnOrAfter)', async () => {
    await expectRefused(encodeAssertion(signedXml({ notOnOrAfter: ago(120_000) })), 'assertion has expired (Conditions NotOnOrAfter)');
  });

  it('refuses an expired subject confirmation', async () => {
    await expectRefused(encodeAssertion(signedXml({ confirmationNotOnOrAfter: ago(120_000) })), /assertion has expired \(SubjectConfirmationData/);
  });

  it('refuses an assertion not yet valid', async () => {
    await expectRefused(encodeAssertion(signedXml({ notBefore: ahead(120_000) })), /not yet valid/);
  });

  it('refuses an IssueInstant in the future', async () => {
    await expectRefused(encodeAssertion(signedXml({ issueInstant: ahead(120_000) })), 'assertion IssueInstant is in the future');
  });

  it('refuses a wrong audience', async () => {
    await expectRefused(encodeAssertion(signedXml({ audiences: ['https://other.test'] })), 'assertion audience is invalid');
  });

  it('refuses a wrong recipient', async () => {
    await expectRefused(encodeAssertion(signedXml({ recipient: 'https://other.test/token' })), 'assertion recipient is invalid');
  });

  it('refuses a subject confirmation that is not bearer', async () => {
    const hok = signedXml({ method: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key' });
    await expectRefused(encodeAssertion(hok), 'assertion subject confirmation method is not bearer');
  });

  it('refuses an empty NameID', async () => {
    await expectRefused(encodeAssertion(signedXml({ nameId: '' })), 'assertion NameID is missing');
  });

  it('refuses an untrusted issuer', async () => {
    const other = signAssertionXml(buildAssertionXml(assertionFields('https://other-idp.test', TOKEN_ENDPOINT)), idp);
    await expectRefused(encodeAssertion(other), 'assertion issuer is not trusted');
  });

  it('refuses a replayed assertion ID, also when the other checks run again', async () => {
    const opts = options();
    const assertion = signedAssertion(idp, TOKEN_ENDPOINT);
    await verifySamlAssertion(assertion, opts);
    await expectRefused(assertion, 'assertion ID has already been used', opts);
  });

  it('does not burn the ID of an assertion refused for another reason', async () => {
    const opts = options();
    const assertion = encodeAssertion(signedXml({ id: '_once' }));
    await expectRefused(assertion, 'assertion recipient is invalid', { ...opts, recipients: ['https://other.test'] });
    await expect(verifySamlAssertion(assertion, opts)).resolves.toBeDefined();
  });
});

describe('verifySamlAssertion: encoding', () => {
  it.each([
    ['a missing assertion', undefined, 'assertion is missing'],
    ['a non-base64 string', 'not base64!', 'assertion is not base64url-encoded'],
    ['base64 of non-XML', Buffer.from('hello').toString('base64url'), 'assertion is not well-formed XML'],
    ['an oversized assertion', 'A'.repeat(300_000), 'assertion is too large'],
  ])('refuses %s', async (_name, assertion, description) => {
    await expectRefused(assertion, description);
  });
});
