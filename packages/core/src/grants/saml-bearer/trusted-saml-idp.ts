import { X509Certificate } from 'node:crypto';

import { ConfigurationError } from '../../errors.js';

/** A SAML 2.0 identity provider whose assertions the SAML bearer grant accepts (RFC 7522 §3). */
export interface TrustedSamlIdp {
  /** Its entity ID: the exact `<saml:Issuer>` of its assertions. */
  entityId: string;
  /**
   * Its signing certificates, PEM (a bare base64 body, as in SAML metadata, is accepted too).
   * Several allow a certificate rollover. Only these verify signatures, never a key the assertion carries.
   */
  certificates: string[];
}

/** `value` as PEM: metadata often carries the base64 DER body alone. */
export function certificatePem(value: string): string {
  if (value.includes('-----BEGIN CERTIFICATE-----')) return value;
  const body = value.replace(/\s+/g, '').match(/.{1,64}/g)?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/**
 * Throws `ConfigurationError` naming the bad field for an unusable IdP entry (e.g. a certificate
 * that does not parse). Call at start-up so that a bad config stops the process at once.
 */
export function assertTrustedSamlIdp(entry: TrustedSamlIdp, path: string): void {
  if (typeof entry.entityId !== 'string' || entry.entityId === '') {
    throw new ConfigurationError(`${path}.entityId`, 'must be a non-empty string');
  }
  if (!Array.isArray(entry.certificates) || entry.certificates.length === 0) {
    throw new ConfigurationError(`${path}.certificates`, 'must list at least one PEM certificate');
  }
  entry.certificates.forEach((certificate, index) => {
    try {
      new X509Certificate(certificatePem(certificate));
    } catch (cause) {
      throw new ConfigurationError(`${path}.certificates[${index}]`, 'is not a valid X.509 certificate', { cause });
    }
  });
}
