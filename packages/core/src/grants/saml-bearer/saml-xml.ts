import { DOMParser } from '@xmldom/xmldom';

import { invalidGrant } from '../invalid-grant.js';

export const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

const ELEMENT_NODE = 1;
const COMMENT_NODE = 8;

/**
 * Parses XML, refusing anything the XML parser only tolerates: a DOCTYPE or entity declaration
 * (entity expansion, external entities) and any parse error or warning. A lenient parse could read
 * a document differently from the signer.
 */
export function parseXmlStrictly(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalidGrant('assertion must not contain a DOCTYPE');
  const fail = (): never => {
    throw invalidGrant('assertion is not well-formed XML');
  };
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml');
  } catch (error) {
    throw invalidGrant('assertion is not well-formed XML', { cause: error });
  }
  if (!doc?.documentElement) fail();
  return doc;
}

/** Whether `element` is `{ns}localName`. */
export function isElement(node: Node | null | undefined, ns: string, localName: string): node is Element {
  return node?.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === ns && (node as Element).localName === localName;
}

/** The direct children of `parent` named `{ns}localName`, in document order. */
export function childElements(parent: Node, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (isElement(child, ns, localName)) found.push(child);
  }
  return found;
}

/** The only direct child named `{ns}localName`; `undefined` when there is none or more than one. */
export function onlyChild(parent: Node, ns: string, localName: string): Element | undefined {
  const found = childElements(parent, ns, localName);
  return found.length === 1 ? found[0] : undefined;
}

/** The text of an element that must hold text only (no child elements). */
export function textOnly(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) return undefined;
  }
  return element.textContent ?? '';
}

/** Whether the subtree holds a comment. Comments vanish in canonicalization, so they can split a value. */
export function containsComment(root: Node): boolean {
  // Iterative, so a deeply nested document cannot overflow the stack.
  const pending: Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === COMMENT_NODE) return true;
      pending.push(child);
    }
  }
  return false;
}
