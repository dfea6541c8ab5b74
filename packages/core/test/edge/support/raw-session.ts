import { rawRequest, type RawRequestOptions, type RawResponse } from './raw-http.js';

/** A cookie-keeping client that sends every request with the same extra headers (e.g. a forged Host). */
export class RawSession {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie line received, attributes included. */
  readonly setCookieLines: string[] = [];

  constructor(private readonly headers: Record<string, string>, private readonly ca?: string) {}

  async request(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await rawRequest(url, {
      ...options,
      ...(this.ca ? { ca: this.ca } : {}),
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...options.headers },
    });
    for (const line of response.headers['set-cookie'] ?? []) {
      this.setCookieLines.push(line);
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(pair.slice(0, index));
      else this.cookies.set(pair.slice(0, index), value);
    }
    return response;
  }

  postForm(url: string, fields: Record<string, string>): Promise<RawResponse> {
    return this.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }
}
