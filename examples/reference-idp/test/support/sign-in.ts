import { createHash, randomBytes } from 'node:crypto';
import { HttpSession, formActions, formFields } from '../../../../packages/core/test/support/http-session.js';

export { HttpSession };

/** An authorization request URL for a confidential client with PKCE (S256), and its verifier. */
export function authorizationRequest(authorizationEndpoint: string, params: Record<string, string>): { url: string; verifier: string } {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return { url: url.href, verifier };
}

/**
 * Walks an authorization request through the reference IdP's pages like a browser: signs in
 * when the login form is shown, allows on the consent page, and returns the redirect to the
 * client plus the pages it had to fill in (so a test can tell whether a session was reused).
 */
export async function signIn(url: string, origin: string, session: HttpSession, login: { username: string; password: string }): Promise<{ callback: URL; pages: string[] }> {
  const pages: string[] = [];
  let step = await session.follow(url, origin);
  for (let i = 0; i < 4; i += 1) {
    if (!step.url.startsWith(origin)) return { callback: new URL(step.url), pages };
    const html = await step.response.text();
    if (step.response.status !== 200) throw new Error(`page ${step.url} answered ${step.response.status}: ${html.slice(0, 300)}`);
    const fields = formFields(html);
    const actions = formActions(html);
    const loginAction = actions.find((a) => a.endsWith('/login'));
    const confirmAction = actions.find((a) => a.endsWith('/confirm'));
    let response: Response;
    if (loginAction) {
      pages.push('login');
      response = await session.postForm(loginAction, { csrf: fields.csrf!, username: login.username, password: login.password });
    } else if (confirmAction) {
      pages.push('consent');
      response = await session.postForm(confirmAction, { csrf: fields.csrf! });
    } else {
      throw new Error(`unexpected page at ${step.url}: ${html.slice(0, 300)}`);
    }
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) throw new Error(`form post answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const next = new URL(location, step.url).href;
    step = next.startsWith(origin) ? await session.follow(next, origin) : { response, url: next };
  }
  throw new Error('authorization did not finish');
}
