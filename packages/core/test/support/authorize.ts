import { expect } from 'vitest';
import { HttpSession, formActions, formFields } from './http-session.js';
import { ALICE } from './fixtures.js';

export interface AuthorizeResult {
  /** The final redirect to the client (query or fragment carries the response). */
  callback: URL;
  session: HttpSession;
}

/**
 * Walks an authorization request through the HTML pages like a browser: sign in with the
 * form, allow on the consent page, and return the redirect to the client.
 */
export async function authorizeThroughPages(authorizationUrl: string, origin: string, options: { session?: HttpSession; username?: string; password?: string; consent?: 'allow' | 'deny' } = {}): Promise<AuthorizeResult> {
  const session = options.session ?? new HttpSession();
  let step = await session.follow(authorizationUrl, origin);
  for (let i = 0; i < 4; i += 1) {
    if (!step.url.startsWith(origin)) return { callback: new URL(step.url), session };
    expect(step.response.status, `page at ${step.url}`).toBe(200);
    const html = await step.response.text();
    const fields = formFields(html);
    const actions = formActions(html);
    let response: Response;
    if (actions.some((a) => a.endsWith('/login'))) {
      response = await session.postForm(actions.find((a) => a.endsWith('/login'))!, { csrf: fields.csrf!, username: options.username ?? ALICE.username, password: options.password ?? ALICE.password });
    } else if (actions.some((a) => a.endsWith('/confirm'))) {
      const action = options.consent === 'deny' ? actions.find((a) => a.endsWith('/abort'))! : actions.find((a) => a.endsWith('/confirm'))!;
      response = await session.postForm(action, { csrf: fields.csrf! });
    } else {
      throw new Error(`unexpected page at ${step.url}: ${html.slice(0, 200)}`);
    }
    expect(response.status, await peek(response)).toBe(303);
    const next = new URL(response.headers.get('location')!, step.url).href;
    step = next.startsWith(origin) ? await session.follow(next, origin) : { response, url: next };
  }
  throw new Error('authorization did not finish');
}

async function peek(response: Response): Promise<string> {
  if (response.status === 303) return '';
  return (await response.clone().text()).slice(0, 300);
}
