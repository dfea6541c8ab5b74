import { createHash, randomBytes } from 'node:crypto';
import { BASIC_AUTH, CLIENT_ID, REDIRECT_URI, ROUTES } from '../fixtures.js';
import { BrowserSession, submittableForm, type HttpResponse } from './http-client.js';

export interface FlowUser {
  username: string;
  password: string;
}

/**
 * One whole authorization-code flow over HTTP, as a browser and a client would do it: the
 * authorization request (with PKCE), the login form, the consent form, the redirect with the code,
 * and the code exchanged at the token endpoint. Resolves with the token response; throws with the
 * step that failed.
 */
export async function runAuthCodeFlow(origin: string, user: FlowUser): Promise<Record<string, unknown>> {
  const browser = new BrowserSession();
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('base64url');
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  let url = `${origin}${ROUTES.authorization}?${query}`;
  let response = await browser.send('GET', url);

  for (let step = 0; step < 12; step += 1) {
    if (response.status >= 300 && response.status < 400 && response.location) {
      url = new URL(response.location, url).href;
      if (url.startsWith(REDIRECT_URI)) return exchange(origin, new URL(url), state, verifier);
      response = await browser.send('GET', url);
      continue;
    }
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${response.body.slice(0, 200)}`);
    response = await submitPage(browser, url, response, user);
  }
  throw new Error('the authorization did not finish');
}

/** Fills the page's form (login: username or login, and password; consent: as is) and posts it. */
function submitPage(browser: BrowserSession, url: string, page: HttpResponse, user: FlowUser): Promise<HttpResponse> {
  const form = submittableForm(page.body);
  if (!form) throw new Error(`no form at ${url}`);
  const fields = { ...form.fields };
  for (const name of form.inputs) {
    if (name === 'username' || name === 'login') fields[name] = user.username;
    if (name === 'password') fields[name] = user.password;
  }
  return browser.send('POST', new URL(form.action, url).href, { body: new URLSearchParams(fields).toString() });
}

async function exchange(origin: string, callback: URL, state: string, verifier: string): Promise<Record<string, unknown>> {
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) throw new Error(`bad callback: ${callback.search}`);
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString();
  const response = await new BrowserSession().send('POST', `${origin}${ROUTES.token}`, { body, headers: { authorization: BASIC_AUTH } });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body) as Record<string, unknown>;
}
