import tls from 'node:tls';
import { selfSignedCertificate } from '../../support/self-signed.js';

/** A fresh RSA key and a self-signed certificate for 127.0.0.1 and localhost, valid one day. */
export function selfSignedServerCertificate(): { key: string; cert: string } {
  return selfSignedCertificate('127.0.0.1', [
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
}

type TlsDefaults = { getCACertificates(type: 'default'): string[]; setDefaultCACertificates(certs: string[]): void };

/**
 * Makes this process's TLS clients (fetch, openid-client) trust `cert` besides the usual roots;
 * returns the function that undoes it. Needs Node.js ≥ 22.19.
 */
export function trustCertificate(cert: string): () => void {
  const defaults = tls as unknown as TlsDefaults;
  const before = defaults.getCACertificates('default');
  defaults.setDefaultCACertificates([...before, cert]);
  return () => defaults.setDefaultCACertificates(before);
}
