import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import tls from 'node:tls';

// node-forge is CommonJS and its types declare named exports only; require gives both right.
const forge = createRequire(import.meta.url)('node-forge') as typeof import('node-forge');

/** A fresh RSA key and a self-signed certificate for 127.0.0.1 and localhost, valid one day. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `0${Date.now().toString(16)}`;
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
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
