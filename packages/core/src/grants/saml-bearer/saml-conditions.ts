import { invalidGrant } from '../invalid-grant.js';
import { childElements, onlyChild, SAML_NS, textOnly } from './saml-xml.js';
import { samlTime } from './saml-time.js';

/** Times in milliseconds. */
export interface SamlTimeRules {
  now: number;
  skewMs: number;
}

/**
 * Checks `<saml:Conditions>` (SAML core §2.5): the validity window with bounded skew, and every
 * `<saml:AudienceRestriction>` (each must be met) naming one of `audiences`. Returns the
 * `NotOnOrAfter` instant, when there is one.
 */
export function checkConditions(assertion: Element, audiences: readonly string[], rules: SamlTimeRules): number | undefined {
  const conditions = childElements(assertion, SAML_NS, 'Conditions');
  const only = conditions[0];
  if (conditions.length !== 1 || !only) throw invalidGrant('assertion Conditions are missing');

  const notBefore = samlTime(only, 'NotBefore', 'Conditions NotBefore');
  const notOnOrAfter = samlTime(only, 'NotOnOrAfter', 'Conditions NotOnOrAfter');
  if (notBefore !== undefined && notBefore > rules.now + rules.skewMs) {
    throw invalidGrant('assertion is not yet valid (Conditions NotBefore)');
  }
  if (notOnOrAfter !== undefined && notOnOrAfter <= rules.now - rules.skewMs) {
    throw invalidGrant('assertion has expired (Conditions NotOnOrAfter)');
  }

  const restrictions = childElements(only, SAML_NS, 'AudienceRestriction');
  const met = (restriction: Element) =>
    childElements(restriction, SAML_NS, 'Audience').some((audience) => audiences.includes(textOnly(audience) ?? ''));
  if (restrictions.length === 0 || !restrictions.every(met)) throw invalidGrant('assertion audience is invalid');
  return notOnOrAfter;
}

/** The issuer's `IssueInstant` must not lie in the future (beyond the skew). */
export function checkIssueInstant(assertion: Element, rules: SamlTimeRules): void {
  const issueInstant = samlTime(assertion, 'IssueInstant', 'IssueInstant');
  if (issueInstant === undefined) throw invalidGrant('assertion IssueInstant is missing');
  if (issueInstant > rules.now + rules.skewMs) throw invalidGrant('assertion IssueInstant is in the future');
}

/** The assertion's `<saml:Issuer>` text, when it is a single text-only element. */
export function issuerOf(assertion: Element): string | undefined {
  return textOnly(onlyChild(assertion, SAML_NS, 'Issuer'));
}
