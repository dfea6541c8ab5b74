import { SignedXml } from 'xml-crypto';

import { invalidGrant } from '../invalid-grant.js';
import { childElements, DSIG_NS, onlyChild } from './saml-xml.js';
import { certificatePem } from './trusted-saml-idp.js';

const C14N = ['http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'];
const TRANSFORMS = new Set(['http://www.w3.org/2000/09/xmldsig#enveloped-signature', ...C14N]);
// SHA-1 is left out: collisions are practical, and current IdPs sign with SHA-256.
const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
]);
const DIGEST_METHODS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id']);

/**
 * Verifies the enveloped signature of the document's root Assertion with the IdP's certificates
 * and returns the XML that the signature covers (xml-crypto's canonical signed reference). Callers
 * read every value from that returned XML, never from `doc`, so nothing unsigned can be slipped in.
 *
 * Against XML signature wrapping the signature must be the document's only one, a direct child
 * of the root, with a single Reference to the root's own, unique ID.
 */
export function verifyAssertionSignature(xml: string, doc: Document, certificates: readonly string[]): string {
  const root = doc.documentElement;
  const id = root.getAttribute('ID');
  if (!id) throw invalidGrant('assertion ID is missing');

  const signatures = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
  const signature = signatures.item(0);
  if (!signature) throw invalidGrant('assertion signature is missing');
  if (signatures.length !== 1 || signature.parentNode !== root) {
    throw invalidGrant('assertion must carry exactly one signature, enveloped in the Assertion');
  }
  const signedInfo = onlyChild(signature, DSIG_NS, 'SignedInfo');
  const references = signedInfo ? childElements(signedInfo, DSIG_NS, 'Reference') : [];
  const reference = references[0];
  if (!signedInfo || references.length !== 1 || reference?.getAttribute('URI') !== `#${id}`) {
    throw invalidGrant('assertion signature does not reference the Assertion');
  }
  if (countElementsWithId(doc, id) !== 1) throw invalidGrant('assertion ID is not unique in the document');
  if (!usesAllowedAlgorithms(signedInfo, reference)) throw invalidGrant('assertion signature algorithm is not allowed');

  for (const certificate of certificates) {
    // The key comes from the configured certificate only; KeyInfo in the assertion is ignored.
    const verifier = new SignedXml({ publicCert: certificatePem(certificate), getCertFromKeyInfo: () => null });
    try {
      verifier.loadSignature(signature);
      if (verifier.checkSignature(xml)) {
        const signed = verifier.getSignedReferences();
        if (signed.length === 1 && signed[0]) return signed[0];
      }
    } catch {
      // a wrong certificate or a bad signature value: try the next certificate
    }
  }
  throw invalidGrant('assertion signature is invalid');
}

function countElementsWithId(doc: Document, id: string): number {
  let count = 0;
  const elements = doc.getElementsByTagName('*');
  for (let i = 0; i < elements.length; i += 1) {
    const attributes = elements.item(i)?.attributes;
    for (let j = 0; attributes && j < attributes.length; j += 1) {
      const attribute = attributes.item(j);
      if (attribute && ID_ATTRIBUTES.has(attribute.localName) && attribute.value === id) count += 1;
    }
  }
  return count;
}

function algorithmOf(parent: Element, localName: string): string | null {
  return onlyChild(parent, DSIG_NS, localName)?.getAttribute('Algorithm') ?? null;
}

function usesAllowedAlgorithms(signedInfo: Element, reference: Element): boolean {
  const transforms = onlyChild(reference, DSIG_NS, 'Transforms');
  const transformAlgorithms = transforms
    ? childElements(transforms, DSIG_NS, 'Transform').map((transform) => transform.getAttribute('Algorithm'))
    : [];
  return (
    C14N.includes(algorithmOf(signedInfo, 'CanonicalizationMethod') ?? '') &&
    SIGNATURE_METHODS.has(algorithmOf(signedInfo, 'SignatureMethod') ?? '') &&
    DIGEST_METHODS.has(algorithmOf(reference, 'DigestMethod') ?? '') &&
    transformAlgorithms.every((algorithm) => TRANSFORMS.has(algorithm ?? ''))
  );
}
