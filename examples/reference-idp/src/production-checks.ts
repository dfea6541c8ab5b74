import { ConfigurationError } from '@oidc-kit/core';

/** What `NODE_ENV=production` looks at, beyond storage (checked where storage is chosen). */
export interface ProductionFacts {
  issuer: string;
  /** No IDP_CONFIG: the demo client and user, whose secrets are printed and published, are loaded. */
  usingDemoData: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Refuses, with one line naming the setting, what is fine on a laptop and wrong in front of users:
 * an `http:` issuer on a non-loopback host (sessions and codes in clear text) and the demo data
 * (a development shortcut whose secrets are public).
 */
export function assertProductionReady(facts: ProductionFacts): void {
  const issuer = URL.parse(facts.issuer); // a malformed issuer is reported by the core's own check
  if (issuer?.protocol === 'http:' && !LOOPBACK.test(issuer.hostname)) {
    throw new ConfigurationError('ISSUER', `must be an https URL with NODE_ENV=production (got ${issuer.origin}; http is only accepted on loopback)`);
  }
  if (facts.usingDemoData) {
    throw new ConfigurationError('IDP_CONFIG', 'is required with NODE_ENV=production (the built-in demo client and user are a development shortcut with published secrets)');
  }
}
