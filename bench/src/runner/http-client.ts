import { Agent, request } from 'node:http';

export interface HttpResponse {
  status: number;
  location: string | undefined;
  body: string;
}

/** Keep-alive sockets shared by every flow, as a browser keeps them. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * A small HTTP client with a cookie jar (one per simulated browser), lighter than fetch so that
 * the client side does not limit the flows it measures. Follows no redirect by itself.
 */
export class BrowserSession {
  readonly #cookies = new Map<string, string>();

  send(method: 'GET' | 'POST', url: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent, timeout: 30_000 }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) this.#remember(line);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
      req.on('error', reject);
      req.end(options.body);
    });
  }

  #remember(line: string): void {
    const [pair = ''] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}

/** The first form of a page that does not cancel, with its hidden fields. */
export function submittableForm(html: string): { action: string; fields: Record<string, string>; inputs: string[] } | undefined {
  for (const match of html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const action = decode(match[1]!);
    if (action.endsWith('/abort')) continue;
    const fields: Record<string, string> = {};
    const inputs: string[] = [];
    for (const input of match[2]!.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (!name) continue;
      inputs.push(name);
      const value = /value="([^"]*)"/.exec(input[0])?.[1];
      if (/type="hidden"/.test(input[0]) && value !== undefined) fields[name] = decode(value);
    }
    return { action, fields, inputs };
  }
  return undefined;
}

function decode(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
