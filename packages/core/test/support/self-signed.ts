import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';

// node-forge is CommonJS and its types declare named exports only; require gives both right.
const forge = createRequire(import.meta.url)('node-forge') as typeof import('node-forge');

/**
 * A fresh 2048-bit RSA key (node:crypto) and a self-signed X.509 certificate for it (node-forge),
 * valid from an hour ago for one day.
 */
export function selfSignedCertificate(commonName: string, extensions: object[] = []): { key: string; cert: string } {
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
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  if (extensions.length > 0) cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
}
