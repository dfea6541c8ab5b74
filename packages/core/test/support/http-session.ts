/**
 * A tiny browser stand-in: keeps cookies per origin-less jar, follows nothing by itself, and
 * reads forms from HTML, so tests can walk the login and consent pages over plain HTTP.
 */
export class HttpSession {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(url: string): Promise<Response> {
    return this.request(url);
  }

  postForm(url: string, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows redirects (relative or absolute) until one leaves `origin` or a page is served. */
  async follow(url: string, origin: string, limit = 10): Promise<{ response: Response; url: string }> {
    let current = url;
    for (let i = 0; i < limit; i += 1) {
      const response = await this.get(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      const next = new URL(location, current).href;
      if (!next.startsWith(origin)) return { response, url: next };
      current = next;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** Reads `name="…" value="…"` hidden fields and the form action out of a page. */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(match[0])?.[1];
    const value = /value="([^"]*)"/.exec(match[0])?.[1];
    if (name && value !== undefined) fields[name] = decodeEntities(value);
  }
  return fields;
}

export function formActions(html: string): string[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"/g)].map((m) => decodeEntities(m[1]!));
}

/** The `action` of each form on a page, with its hidden fields. */
export function formsOf(html: string): Array<{ action: string; fields: Record<string, string> }> {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((match) => ({
    action: decodeEntities(match[1]!),
    fields: formFields(match[2]!),
  }));
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;/g, "'").replace(/&#96;/g, '`');
}
