import type { AssertionReplayCheck } from '../assertion-replay.js';
import { invalidGrant } from '../invalid-grant.js';
import { readAttributes } from './saml-attributes.js';
import { checkConditions, checkIssueInstant, issuerOf } from './saml-conditions.js';
import { verifyAssertionSignature } from './saml-signature.js';
import { checkSubject } from './saml-subject.js';
import { containsComment, isElement, parseXmlStrictly, SAML_NS } from './saml-xml.js';
import type { TrustedSamlIdp } from './trusted-saml-idp.js';

/** Larger assertions are refused before parsing; real ones are a few kilobytes. */
const MAX_ENCODED_LENGTH = 256 * 1024;

/** Options of {@link verifySamlAssertion}. */
export interface SamlAssertionOptions {
  idps: readonly TrustedSamlIdp[];
  /** Accepted `<saml:Audience>` values: the issuer identifier and the token endpoint URL. */
  audiences: readonly string[];
  /** Accepted `SubjectConfirmationData Recipient` values: the token endpoint URL(s). */
  recipients: readonly string[];
  now?: Date;
  clockSkewSeconds?: number;
  /** Records the assertion `ID`; `false` when it was used before. */
  replay: AssertionReplayCheck;
}

/** A verified SAML assertion. */
export interface VerifiedSamlAssertion {
  issuer: string;
  nameId: string;
  attributes: Record<string, string[]>;
}

/**
 * Verifies the `assertion` of a SAML 2.0 bearer grant (RFC 7522 §3): base64url (or base64) of a
 * signed `<saml:Assertion>` from a trusted IdP. The signature must cover the very Assertion that
 * is the document (no signature wrapping) and is checked with the IdP's certificates only; every
 * value is then read from the signed XML alone. Checked: Issuer, Conditions (time window with
 * bounded skew, audience), bearer SubjectConfirmation (Recipient, NotOnOrAfter), NameID, and the
 * assertion ID is single use (recorded last). Failures are `invalid_grant` naming the check.
 *
 * @example
 * const { nameId } = await verifySamlAssertion(params.assertion, {
 *   idps, audiences: [issuer, tokenEndpoint], recipients: [tokenEndpoint],
 *   replay: (id, exp, iss) => provider.ReplayDetection.unique(iss, id, exp),
 * });
 */
export async function verifySamlAssertion(encoded: unknown, options: SamlAssertionOptions): Promise<VerifiedSamlAssertion> {
  const xml = decodeAssertion(encoded);
  const doc = parseXmlStrictly(xml);
  const root = doc.documentElement;
  if (!isElement(root, SAML_NS, 'Assertion')) throw invalidGrant('assertion is not a SAML 2.0 Assertion');
  if (doc.getElementsByTagNameNS(SAML_NS, 'Assertion').length !== 1) {
    throw invalidGrant('assertion must contain exactly one Assertion');
  }
  // Comments are dropped by canonicalization, so they could split a signed value in two.
  if (containsComment(doc)) throw invalidGrant('assertion must not contain XML comments');

  // Unverified, only to choose whose certificates to check the signature with.
  const idp = options.idps.find((entry) => entry.entityId === issuerOf(root));
  if (!idp) throw invalidGrant('assertion issuer is not trusted');

  const signed = parseXmlStrictly(verifyAssertionSignature(xml, doc, idp.certificates)).documentElement;
  if (!isElement(signed, SAML_NS, 'Assertion') || signed.getAttribute('ID') !== root.getAttribute('ID')) {
    throw invalidGrant('assertion signature does not reference the Assertion');
  }
  // From here on, only the signed XML is read.
  if (signed.getAttribute('Version') !== '2.0') throw invalidGrant('assertion Version is not 2.0');
  if (issuerOf(signed) !== idp.entityId) throw invalidGrant('assertion issuer is not trusted');

  const rules = { now: (options.now ?? new Date()).getTime(), skewMs: (options.clockSkewSeconds ?? 60) * 1000 };
  checkIssueInstant(signed, rules);
  const notOnOrAfter = checkConditions(signed, options.audiences, rules);
  const subject = checkSubject(signed, options.recipients, rules);

  const validUntil = Math.min(subject.confirmedUntil, notOnOrAfter ?? Number.POSITIVE_INFINITY) + rules.skewMs;
  const id = signed.getAttribute('ID') as string;
  if (!(await options.replay(id, Math.ceil(validUntil / 1000), idp.entityId))) {
    throw invalidGrant('assertion ID has already been used');
  }
  return { issuer: idp.entityId, nameId: subject.nameId, attributes: readAttributes(signed) };
}

/** base64url or base64 (line breaks tolerated) → UTF-8 text. */
function decodeAssertion(encoded: unknown): string {
  if (typeof encoded !== 'string' || encoded === '') throw invalidGrant('assertion is missing');
  if (encoded.length > MAX_ENCODED_LENGTH) throw invalidGrant('assertion is too large');
  const compact = encoded.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) throw invalidGrant('assertion is not base64url-encoded');
  // Node's base64 decoder reads both the standard and the URL-safe alphabet.
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw invalidGrant('assertion is not UTF-8 encoded XML', { cause: error });
  }
}
