import { randomUUID } from 'node:crypto';

import { SignedXml } from 'xml-crypto';

import type { TrustedSamlIdp } from '../../src/grants/saml-bearer/trusted-saml-idp.js';
import { selfSignedCertificate } from './self-signed.js';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** A test SAML IdP: an entity ID, an RSA key and a self-signed certificate. */
export interface TestSamlIdp {
  entityId: string;
  privateKeyPem: string;
  certificatePem: string;
  trusted: TrustedSamlIdp;
}

/** A test SAML IdP with a fresh RSA key and a self-signed certificate. */
export function createTestSamlIdp(entityId = 'https://idp.test/saml'): TestSamlIdp {
  const { key, cert } = selfSignedCertificate(new URL(entityId).host);
  return { entityId, privateKeyPem: key, certificatePem: cert, trusted: { entityId, certificates: [cert] } };
}

/** The parts of a test assertion; times are `Date`s. */
export interface AssertionFields {
  id: string;
  issuer: string;
  nameId: string;
  audiences: string[];
  recipient: string;
  method: string;
  issueInstant: Date;
  notBefore: Date;
  notOnOrAfter: Date;
  /** SubjectConfirmationData NotOnOrAfter. */
  confirmationNotOnOrAfter: Date;
  attributes: Record<string, string[]>;
}

const esc = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (date: Date) => date.toISOString();

/** Default fields for an assertion from `idp` to `tokenEndpoint`, valid for five minutes. */
export function assertionFields(issuer: string, tokenEndpoint: string, overrides: Partial<AssertionFields> = {}): AssertionFields {
  const now = Date.now();
  return {
    id: `_${randomUUID()}`,
    issuer,
    nameId: 'alice@example.com',
    audiences: [tokenEndpoint],
    recipient: tokenEndpoint,
    method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
    issueInstant: new Date(now),
    notBefore: new Date(now - 60_000),
    notOnOrAfter: new Date(now + 300_000),
    confirmationNotOnOrAfter: new Date(now + 300_000),
    attributes: { email: ['alice@example.com'], groups: ['staff', 'admins'] },
    ...overrides,
  };
}

/** An unsigned SAML 2.0 `<saml:Assertion>` document. */
export function buildAssertionXml(f: AssertionFields): string {
  const attributes = Object.entries(f.attributes)
    .map(([name, values]) =>
      `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
    .join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${esc(f.id)}" Version="2.0" IssueInstant="${iso(f.issueInstant)}">` +
    `<saml:Issuer>${esc(f.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(f.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${esc(f.method)}"><saml:SubjectConfirmationData Recipient="${esc(f.recipient)}" NotOnOrAfter="${iso(f.confirmationNotOnOrAfter)}"/></saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(f.notBefore)}" NotOnOrAfter="${iso(f.notOnOrAfter)}"><saml:AudienceRestriction>` +
    f.audiences.map((a) => `<saml:Audience>${esc(a)}</saml:Audience>`).join('') +
    `</saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(f.issueInstant)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  );
}

/**
 * Signs the root Assertion with an enveloped signature placed after `<saml:Issuer>` (as the schema
 * requires), RSA-SHA256 and exclusive c14n by default, with the certificate in KeyInfo.
 */
export function signAssertionXml(xml: string, key: { privateKeyPem: string; certificatePem: string }, options: { sha1?: boolean } = {}): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: options.sha1 ? RSA_SHA1 : RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({
    xpath: "/*[local-name(.)='Assertion']",
    digestAlgorithm: options.sha1 ? SHA1 : SHA256,
    transforms: [ENVELOPED, EXC_C14N],
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return signer.getSignedXml();
}

/** base64url, as RFC 7522 §2.1 sends it. */
export function encodeAssertion(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64url');
}

/** Builds, signs and encodes an assertion from `idp` in one go. */
export function signedAssertion(idp: TestSamlIdp, tokenEndpoint: string, overrides: Partial<AssertionFields> = {}): string {
  return encodeAssertion(signAssertionXml(buildAssertionXml(assertionFields(idp.entityId, tokenEndpoint, overrides)), idp));
}
