import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from '@oidc-kit/core';
import * as oidc from 'openid-client';

export type RpResult =
  | { ok: true; claims: Record<string, unknown>; accessToken: string; idToken: string; name: string | undefined }
  | { ok: false; error: string; description: string | undefined };

export interface RelyingParty {
  origin: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Every callback's outcome, in order. */
  results: RpResult[];
  /** Discovers the IdP (once it runs) with the client's credentials. */
  connect(issuer: string, clientId: string, clientSecret: string): Promise<void>;
  close(): Promise<void>;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

/**
 * A real relying party on 127.0.0.1 (openid-client, confidential, PKCE): `/start` sends the browser
 * to the IdP (passing `prompt`, `max_age`, `login_hint` and `response_mode` through), `/callback`
 * (GET, or POST for form_post) redeems the code and shows who signed in or the error, `/logout` starts RP-initiated logout, `/logged-out` is the
 * post-logout page. No cookies of its own: state is kept in memory by `state`.
 */
export async function startRelyingParty(): Promise<RelyingParty> {
  let config: oidc.Configuration | undefined;
  const pending = new Map<string, string>();
  const results: RpResult[] = [];
  let lastIdToken: string | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => page(res, 500, 'Relying party error', `<p id="error">${escapeHtml(String((error as Error)?.message ?? error))}</p>`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${origin}/callback`;
  const postLogoutRedirectUri = `${origin}/logged-out`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (!config) throw new Error('not connected');
    if (url.pathname === '/start') {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      pending.set(state, verifier);
      const extra = Object.fromEntries(['prompt', 'max_age', 'login_hint', 'response_mode'].flatMap((name) => (url.searchParams.has(name) ? [[name, url.searchParams.get(name)!]] : [])));
      const target = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid profile email', state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
      });
      res.writeHead(302, { location: target.href }).end();
      return;
    }
    if (url.pathname === '/callback') {
      // response_mode=form_post: the parameters come as a form body instead of the query.
      const callback = req.method === 'POST' ? new URL(`${redirectUri}?${await readBody(req)}`) : url;
      const state = callback.searchParams.get('state') ?? '';
      const verifier = pending.get(state);
      pending.delete(state);
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
        const claims = tokens.claims()!;
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        lastIdToken = tokens.id_token;
        const name = typeof userinfo.name === 'string' ? userinfo.name : undefined;
        results.push({ ok: true, claims, accessToken: tokens.access_token, idToken: tokens.id_token!, name });
        page(res, 200, 'Signed in', `<p id="user">Signed in as <strong>${escapeHtml(name ?? claims.sub)}</strong></p><p><a id="logout" href="/logout">Sign out</a></p>`);
      } catch (error) {
        const { error: code = 'rp_error', error_description: description } = error as { error?: string; error_description?: string };
        results.push({ ok: false, error: code, description });
        page(res, 400, 'Sign-in failed', `<p id="error">${escapeHtml(code)}</p><p id="description">${escapeHtml(description ?? '')}</p>`);
      }
      return;
    }
    if (url.pathname === '/logout') {
      const target = oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutRedirectUri, ...(lastIdToken ? { id_token_hint: lastIdToken } : {}) });
      res.writeHead(302, { location: target.href }).end();
      return;
    }
    if (url.pathname === '/logged-out') {
      page(res, 200, 'Signed out', '<p id="status">You have signed out of the relying party.</p>');
      return;
    }
    page(res, 404, 'Not found', '');
  }

  return {
    origin,
    redirectUri,
    postLogoutRedirectUri,
    results,
    async connect(issuer, clientId, clientSecret) {
      config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
