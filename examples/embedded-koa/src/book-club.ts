import { Router } from '@koa/router';
import { html } from '@oidc-kit/core';
import type { Context } from 'koa';
import * as oidc from 'openid-client';
import { sendShopPage } from './shop-page.js';

export interface BookClubOptions {
  /** The app's public origin, e.g. `http://localhost:4000`. */
  origin: string;
  /** The provider this app mounts, e.g. `http://localhost:4000/oidc`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Who is signed in to the club, kept in a signed cookie. */
export interface ClubMember {
  sub: string;
  name?: string;
  email?: string;
}

const FLOW_COOKIE = 'club_signin';
const MEMBER_COOKIE = 'club_member';
const COOKIE = { signed: true, httpOnly: true, sameSite: 'lax', path: '/', overwrite: true } as const;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode<T>(value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The signed-in club member, if any (signed cookie, so it cannot be forged). */
export function clubMember(ctx: Context): ClubMember | undefined {
  return decode<ClubMember>(ctx.cookies.get(MEMBER_COOKIE, { signed: true }));
}

/**
 * The app's own relying party: "Sign in with your Pinecone account" on `/club`, an authorization
 * code flow with PKCE (openid-client) against the provider mounted in this same app.
 */
export function bookClubRoutes(options: BookClubOptions): Router {
  const router = new Router({ prefix: '/club' });
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc.discovery(new URL(options.issuer), options.clientId, undefined, oidc.ClientSecretBasic(options.clientSecret),
      options.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined);
    discovered.catch(() => (discovered = undefined)); // try again on the next request
    return discovered;
  };

  router.get('/', (ctx) => {
    const member = clubMember(ctx);
    const main = member
      ? html`<h1>Book Club</h1><p class="notice" id="member">Signed in as <strong>${member.name ?? member.sub}</strong>${member.email ? html` (${member.email})` : ''}</p>
<p>This month we read <em>The Overstory</em>. See you on Thursday.</p><p><a class="button quiet" href="/club/logout">Sign out</a></p>`
      : html`<h1>Book Club</h1><p>Members read one book a month together.</p><p><a class="button primary" href="/club/login">Sign in with your Pinecone account</a></p>`;
    sendShopPage(ctx, 200, { title: 'Book Club', main, userName: member?.name });
  });

  router.get('/login', async (ctx) => {
    const config = await configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    ctx.cookies.set(FLOW_COOKIE, encode({ state, verifier }), COOKIE);
    const target = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${options.origin}/club/callback`, scope: 'openid profile email', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    ctx.redirect(target.href);
  });

  router.get('/callback', async (ctx) => {
    const config = await configuration();
    const flow = decode<{ state: string; verifier: string }>(ctx.cookies.get(FLOW_COOKIE, { signed: true }));
    ctx.cookies.set(FLOW_COOKIE, null, COOKIE);
    try {
      if (!flow) throw Object.assign(new Error('the sign-in expired'), { error: 'expired' });
      const tokens = await oidc.authorizationCodeGrant(config, new URL(ctx.originalUrl, options.origin), { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
      const claims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      const member: ClubMember = { sub: claims.sub, ...(typeof info.name === 'string' ? { name: info.name } : {}), ...(typeof info.email === 'string' ? { email: info.email } : {}) };
      ctx.cookies.set(MEMBER_COOKIE, encode(member), COOKIE);
      ctx.redirect('/club');
    } catch (error) {
      const code = (error as { error?: string }).error ?? 'server_error';
      const main = html`<h1>Book Club</h1><p class="notice" role="status" id="signin-result">Sign-in did not complete (${code}).</p><p><a class="button primary" href="/club/login">Try again</a></p>`;
      sendShopPage(ctx, 400, { title: 'Book Club', main });
    }
  });

  router.get('/logout', async (ctx) => {
    const config = await configuration();
    ctx.cookies.set(MEMBER_COOKIE, null, COOKIE);
    ctx.redirect(oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: `${options.origin}/club` }).href);
  });

  return router;
}
