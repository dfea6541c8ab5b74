import { invalidGrant } from '../invalid-grant.js';
import { childElements, onlyChild, SAML_NS, textOnly } from './saml-xml.js';
import { samlTime } from './saml-time.js';
import type { SamlTimeRules } from './saml-conditions.js';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** The checked subject: its NameID, and until when its bearer confirmation holds (ms). */
export interface CheckedSubject {
  nameId: string;
  confirmedUntil: number;
}

/**
 * Checks `<saml:Subject>` (RFC 7522 §3, SAML profiles §4.1.4.2): a plain `<saml:NameID>`, and at
 * least one bearer `<saml:SubjectConfirmation>` whose data names one of `recipients` (the token
 * endpoint) and has a `NotOnOrAfter` still ahead. When none fits, the first one's failure is reported.
 */
export function checkSubject(assertion: Element, recipients: readonly string[], rules: SamlTimeRules): CheckedSubject {
  const subject = onlyChild(assertion, SAML_NS, 'Subject');
  if (!subject) throw invalidGrant('assertion Subject is missing');
  const nameId = textOnly(onlyChild(subject, SAML_NS, 'NameID'));
  if (!nameId) throw invalidGrant('assertion NameID is missing');

  const bearers = childElements(subject, SAML_NS, 'SubjectConfirmation').filter(
    (confirmation) => confirmation.getAttribute('Method') === BEARER,
  );
  if (bearers.length === 0) throw invalidGrant('assertion subject confirmation method is not bearer');

  const outcomes = bearers.map((confirmation) => checkBearer(confirmation, recipients, rules));
  const confirmedUntil = outcomes.find((outcome): outcome is number => typeof outcome === 'number');
  if (confirmedUntil === undefined) throw invalidGrant(outcomes[0] as string);
  return { nameId, confirmedUntil };
}

/** The confirmation's `NotOnOrAfter` (ms) when it holds, else the description of the failed check. */
function checkBearer(confirmation: Element, recipients: readonly string[], rules: SamlTimeRules): number | string {
  const data = onlyChild(confirmation, SAML_NS, 'SubjectConfirmationData');
  if (!data) return 'assertion SubjectConfirmationData is missing';
  if (!recipients.includes(data.getAttribute('Recipient') ?? '')) return 'assertion recipient is invalid';
  const notBefore = samlTime(data, 'NotBefore', 'SubjectConfirmationData NotBefore');
  const notOnOrAfter = samlTime(data, 'NotOnOrAfter', 'SubjectConfirmationData NotOnOrAfter');
  if (notOnOrAfter === undefined) return 'assertion SubjectConfirmationData NotOnOrAfter is missing';
  if (notOnOrAfter <= rules.now - rules.skewMs) return 'assertion has expired (SubjectConfirmationData NotOnOrAfter)';
  if (notBefore !== undefined && notBefore > rules.now + rules.skewMs) {
    return 'assertion is not yet valid (SubjectConfirmationData NotBefore)';
  }
  return notOnOrAfter;
}
