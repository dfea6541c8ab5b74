import { invalidGrant } from '../invalid-grant.js';

// xs:dateTime as SAML requires it (SAML core §1.3.3): a time zone is mandatory, UTC in practice.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant in milliseconds of an optional SAML time attribute: `undefined` when absent,
 * `invalid_grant` naming the attribute when it is not a zoned xs:dateTime.
 */
export function samlTime(element: Element, attribute: string, label: string): number | undefined {
  if (!element.hasAttribute(attribute)) return undefined;
  const value = element.getAttribute(attribute) ?? '';
  const time = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalidGrant(`assertion ${label} is invalid`);
  return time;
}
