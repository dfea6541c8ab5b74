const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // A backtick closes unquoted attributes in old IE; escaped too so no context is ever unsafe.
  '`': '&#96;',
};

/**
 * Escapes a value for use in HTML text and in double- or single-quoted attribute values.
 * `null` and `undefined` become the empty string; anything else goes through `String()`.
 *
 * @example
 * escapeHtml('<b title="x">') // '&lt;b title=&quot;x&quot;&gt;'
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value).replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Returns `value` when it is an absolute `http:` or `https:` URL, otherwise `undefined`.
 * Used for URLs that come from a client's metadata (`logo_uri`, `policy_uri`, `tos_uri`): anything
 * else (`javascript:`, `data:`, relative paths) is dropped rather than rendered.
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  // Browsers strip these before parsing a URL, so a check that kept them could be fooled.
  if (/[\u0000-\u0020\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
}

/**
 * Returns `value` when it is a same-origin absolute path (`/interaction/abc`) or an http(s) URL,
 * otherwise `undefined`. Used for URLs the integrator passes in (form actions, sign-up links).
 * Protocol-relative (`//host`) and backslash (`/\host`) paths are refused: browsers treat them as
 * another host.
 */
export function safeActionUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\/(?![/\\])/.test(value) && !/[\u0000-\u0020\u007f\\]/.test(value)) return value;
  return safeHttpUrl(value);
}
