import { childElements, SAML_NS } from './saml-xml.js';

/**
 * The values of every `<saml:Attribute>` in the assertion's attribute statements, by `Name`.
 * Built with `Object.fromEntries`, so a `__proto__` attribute name stays a plain key.
 */
export function readAttributes(assertion: Element): Record<string, string[]> {
  const values = new Map<string, string[]>();
  for (const statement of childElements(assertion, SAML_NS, 'AttributeStatement')) {
    for (const attribute of childElements(statement, SAML_NS, 'Attribute')) {
      const name = attribute.getAttribute('Name');
      if (!name) continue;
      const list = values.get(name) ?? [];
      for (const value of childElements(attribute, SAML_NS, 'AttributeValue')) list.push(value.textContent ?? '');
      values.set(name, list);
    }
  }
  return Object.fromEntries(values);
}
